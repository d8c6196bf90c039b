"""Periods: parsing, the periods they are compared with, labels, and clear errors for bad input."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from stats.periods import Period, PeriodError, PeriodKind

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026", D(2026, 1, 1), D(2026, 12, 31), PeriodKind.YEAR),
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31), PeriodKind.QUARTER),
        ("2026q4", D(2026, 10, 1), D(2026, 12, 31), PeriodKind.QUARTER),
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31), PeriodKind.MONTH),
        ("2024-2", D(2024, 2, 1), D(2024, 2, 29), PeriodKind.MONTH),
        ("2026-01-05..2026-02-10", D(2026, 1, 5), D(2026, 2, 10), PeriodKind.CUSTOM),
        (" 2026-01-05 至 2026-02-10 ", D(2026, 1, 5), D(2026, 2, 10), PeriodKind.CUSTOM),
        ("2026-03-01..2026-03-01", D(2026, 3, 1), D(2026, 3, 1), PeriodKind.CUSTOM),
    ],
)
def test_parse_reads_years_quarters_months_and_ranges(text, start, end, kind):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "“”不是有效的统计期间。请填写年份（2026）、季度（2026-Q1）、月份（2026-03）或日期范围（2026-01-05..2026-02-10）。"),
        ("二〇二六", "“二〇二六”不是有效的统计期间。请填写年份（2026）、季度（2026-Q1）、月份（2026-03）或日期范围（2026-01-05..2026-02-10）。"),
        ("2026-13", "月份应为1至12，不能是13。"),
        ("2026-Q5", "季度应为1至4（Q1至Q4），不能是5。"),
        ("2026-02-30..2026-03-01", "“2026-02-30”不是有效日期，请按YYYY-MM-DD的格式填写，例如2026-01-05。"),
        ("2026-03-10..2026-03-01", "统计期间的结束日期（2026-03-01）早于开始日期（2026-03-10）。"),
        ("1899", "年份1899超出范围。"),
    ],
)
def test_bad_input_gets_a_clear_chinese_message(text, message):
    with translation.override("zh-hans"), pytest.raises(PeriodError) as caught:
        Period.parse(text)
    assert str(caught.value) == message


def test_previous_year_is_the_same_period_a_year_earlier():
    assert str(Period.parse("2026").previous_year()) == "2025"
    assert str(Period.parse("2026-Q1").previous_year()) == "2025-Q1"
    assert str(Period.parse("2026-03").previous_year()) == "2025-03"
    assert str(Period.parse("2026-01-05..2026-02-10").previous_year()) == "2025-01-05..2025-02-10"
    assert str(Period.parse("2024-02-29..2024-03-01").previous_year()) == "2023-02-28..2023-03-01"


def test_previous_is_the_period_just_before():
    assert str(Period.parse("2026").previous()) == "2025"
    assert str(Period.parse("2026-Q1").previous()) == "2025-Q4"
    assert str(Period.parse("2026-Q3").previous()) == "2026-Q2"
    assert str(Period.parse("2026-01").previous()) == "2025-12"
    assert str(Period.parse("2026-03").previous()) == "2026-02"
    # A range: as many days, ending the day before it starts (37 days).
    assert str(Period.parse("2026-01-05..2026-02-10").previous()) == "2025-11-29..2026-01-04"


def test_until_cuts_a_period_at_a_day():
    year = Period.year(2026)
    assert year.until(D(2026, 12, 31)) is year and year.until(D(2027, 5, 1)) is year
    part = year.until(D(2026, 6, 30))
    assert (part.start, part.end, part.kind) == (D(2026, 1, 1), D(2026, 6, 30), PeriodKind.CUSTOM)
    with pytest.raises(PeriodError):
        year.until(D(2025, 12, 31))


def test_labels_in_chinese_and_in_english():
    with translation.override("zh-hans"):
        assert Period.parse("2026").label == "2026年"
        assert Period.parse("2026-Q1").label == "2026年第一季度"
        assert Period.parse("2026-Q4").label == "2026年第四季度"
        assert Period.parse("2026-03").label == "2026年3月"
        assert Period.parse("2026-01-05..2026-02-10").label == "2026年1月5日至2026年2月10日"
        assert Period.parse("2026-01-05..2026-01-05").label == "2026年1月5日"
    with translation.override("en"):
        assert Period.parse("2026").label == "2026"
        assert Period.parse("2026-Q2").label == "second quarter of 2026"
        assert Period.parse("2026-03").label == "March 2026"


def test_a_year_quarter_or_month_must_be_whole():
    with pytest.raises(ValueError):
        Period(D(2026, 1, 2), D(2026, 12, 31), PeriodKind.YEAR)


@given(st.dates(min_value=D(1901, 1, 1), max_value=D(2999, 12, 31)), st.sampled_from(list(PeriodKind)))
def test_text_reads_back_to_the_same_period_and_related_periods_fit(day, kind):
    period = Period.containing(day, kind) if kind != PeriodKind.CUSTOM else Period.custom(day, day + dt.timedelta(days=40))
    assert Period.parse(str(period)) == period
    assert day in period or kind == PeriodKind.CUSTOM
    before = period.previous()
    assert before.end == period.start - dt.timedelta(days=1) and before.kind == period.kind
    if kind == PeriodKind.CUSTOM:
        assert before.days == period.days
    last_year = period.previous_year()
    assert last_year.kind == period.kind and last_year.start.year == period.start.year - 1
