"""The figures in words: DESIGN.md's phrases, half-up whole percents, and figures that cannot be computed."""

import datetime as dt

import pytest
from django.utils import translation

from stats import wording
from stats.figures import compute
from stats.periods import Period
from stats.values import Change, Comparing, Ratio

from .conftest import AS_OF

D = dt.date
YOY = "去年同期"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("change", "unit", "expected"),
    [
        (Change(7, 8), wording.CountingUnit.ITEM_PERSON, "较去年同期的8件（人）次下降了13%"),  # −12.5% → 13%
        (Change(9, 8), wording.CountingUnit.BATCH, "较去年同期的8批上升了13%"),  # +12.5% → 13%
        (Change(201, 200), wording.CountingUnit.PERSON, "较去年同期的200人次上升了1%"),  # +0.5% → 1%
        (Change(1001, 1000), wording.CountingUnit.ITEM, "较去年同期的1000件上升了不到1%"),  # +0.1%
        (Change(999, 1000), wording.CountingUnit.CALL, "较去年同期的1000次下降了不到1%"),
        (Change(12, 12), wording.CountingUnit.ITEM, "与去年同期的12件持平"),
        (Change(0, 0), wording.CountingUnit.ITEM, "与去年同期的0件持平"),
        (Change(3, 0), wording.CountingUnit.BATCH, "较去年同期的0批有所上升（基数为零，无法计算升幅）"),
        (Change(3, None), wording.CountingUnit.ITEM, "去年同期无数据，无法比较"),
        (Change(0, 4), wording.CountingUnit.PERSON, "较去年同期的4人次下降了100%"),
    ],
)
def test_change_words(change, unit, expected):
    assert wording.change_words(change, unit, wording.compared_with(Comparing.YEAR_ON_YEAR, "year")) == expected


def test_what_a_change_is_compared_with():
    assert wording.compared_with(Comparing.YEAR_ON_YEAR, "month") == "去年同期"
    assert [wording.compared_with(Comparing.PERIOD_ON_PERIOD, k) for k in ("month", "quarter", "year", "custom")] == [
        "上月", "上季度", "上年", "上一时段"]


def test_quantities_with_their_counting_units():
    assert [wording.quantity(1234, u) for u in ("item", "batch", "person", "call", "item_person")] == [
        "1234件", "1234批", "1234人次", "1234次", "1234件（人）次"]


def test_percents_whole_in_sentences_one_decimal_in_tables_and_never_zero_for_nothing():
    assert wording.percent(Ratio(1, 8)) == "13%"
    assert wording.table_percent(Ratio(1, 8)) == "12.5%"
    assert wording.percent(Ratio(0, 4)) == "0%"
    assert wording.table_percent(Ratio(0, 4)) == "0.0%"
    assert wording.percent(Ratio(0, 0, empty="本期无到期事项")) == "无法计算（本期无到期事项）"
    assert wording.table_percent(Ratio(0, 0)) == "无法计算"


def test_english_wording():
    with translation.override("en"):
        assert wording.change_words(Change(7, 8), "item_person", wording.compared_with(Comparing.YEAR_ON_YEAR, "year")) == (
            "down 13% from the 8 items (person-visits) of the same period last year")


@pytest.mark.django_db
def test_the_overview_of_the_year_as_the_summary_writes_it(county_data):
    figures = compute(Period.year(2026), as_of=AS_OF)
    assert wording.overview(figures) == (
        "全县共接待受理群众来信来访30件（人）次，较去年同期的11件（人）次上升了173%。"
        "其中，来信5件；来访5批25人次，含集体访2批20人次，占来信来访总量的67%。"
        "来访批次较去年同期的3批上升了67%，人次较去年同期的8人次上升了213%。"
        "越级访4批10人次（赴市2批3人次、赴省1批6人次、进京1批1人次）。"
        "计入越级访、来电2次和网上信访2件，信访总量（全口径）为44件（人）次。"
    )
    assert wording.change_phrase(figures.year_on_year, "online") == "较去年同期的0件有所上升（基数为零，无法计算升幅）"


@pytest.mark.django_db
def test_a_quarter_against_the_previous_quarter(county_data):
    figures = compute(Period.quarter(2026, 1), as_of=AS_OF)
    pop = figures.period_on_period
    assert wording.change_phrase(pop, "own_total") == "较上季度的6件（人）次下降了17%"  # 5 against 6: −16.7%
    assert wording.change_phrase(pop, "phone") == "与上季度的1次持平"
    assert wording.change_phrase(pop, "visits.persons") == "较上季度的5人次下降了60%"
    assert wording.change_phrase(figures.year_on_year, "visits.batches") == "较去年同期的1批上升了100%"


@pytest.mark.django_db
def test_a_township_without_last_years_data_says_so(county_data):
    figures = compute(Period.quarter(2025, 1), county_data.units["T"], as_of=AS_OF)
    assert wording.overview(figures).startswith("化子坪镇共接待受理群众来信来访2件（人）次，去年同期无数据，无法比较。")
