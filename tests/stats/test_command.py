"""manage.py statistics: the figures as JSON, with stable keys, numbers as numbers and reasons in words."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[dict, str]:
    out = io.StringIO()
    call_command("statistics", *args, stdout=out)
    text = out.getvalue()
    return json.loads(text), text


def test_the_year_as_json(county_data):
    data, text = run("--period", "2026", "--as-of", AS_OF.isoformat())
    assert list(data) == ["format", "period", "as_of", "cutoff", "complete", "unit", "volume", "decisions", "handling",
                          "rates", "year_on_year", "period_on_period", "breakdowns", "top", "screening"]
    assert data["screening"]["disputes"]["found"] == 0 and data["screening"]["campaigns"]["total"] == 0
    assert data["period"] == {"key": "2026", "kind": "year", "label": "2026年", "start": "2026-01-01",
                              "end": "2026-12-31"}
    assert (data["as_of"], data["cutoff"], data["complete"]) == ("2027-01-15", "2026-12-31", True)
    assert data["unit"] == {"id": None, "name": None, "whole_county": True, "label": "全县"}
    v = data["volume"]
    assert (v["letters"], v["own_total"], v["all_channel_total"], v["phone"], v["online"]) == (5, 30, 44, 2, 2)
    assert v["visits"] == {"batches": 5, "persons": 25}
    assert v["skip_level"]["province"] == {"batches": 1, "persons": 6}
    assert data["decisions"] == {"total": 17, "on_time": 16, "assigned": 12, "answered": 2, "forwarded": 1,
                                 "declined": 1, "returned": 1}
    h = data["handling"]
    assert (h["filed"], h["closed"], h["open"], h["due"], h["on_time"], h["late"], h["overdue"]) == (
        14, 11, 3, 11, 7, 2, 2)
    assert h["evaluations"] == {"eligible": 10, "evaluated": 9, "satisfied": 5, "basically_satisfied": 2,
                                "dissatisfied": 2, "on_query_page": 0}  # the fixture's evaluations are recorded
    assert data["rates"]["on_time_closure"] == {"percent": 63.6, "numerator": 7, "denominator": 11, "reason": None}
    assert data["rates"]["reply"]["percent"] == 75.0
    assert data["rates"]["dispute_resolution"] == {
        "percent": None, "numerator": 0, "denominator": 0, "reason": "本期未排查出矛盾纠纷"}
    changes = data["year_on_year"]["changes"]
    assert changes["own_total"] == {"current": 30, "base": 11, "difference": 19, "percent": 172.7, "reason": None}
    assert changes["visits"]["persons"]["percent"] == 212.5
    assert changes["online"] == {"current": 2, "base": 0, "difference": 2, "percent": None, "reason": "基期数值为零"}
    assert data["year_on_year"]["period"]["key"] == "2025"
    assert [r["label"] for r in data["top"]["places"]] == ["化子坪镇", "建华镇"]
    assert data["breakdowns"]["channel"][1] == {"key": "visit", "label": "来访", "parent": None, "items": 9,
                                                "persons": 35}
    assert [u["label"] for u in data["breakdowns"]["responsible_unit"]] == [
        "化子坪镇", "建华镇", "县人社局", "信访局（当场答复）"]
    assert data["breakdowns"]["responsible_unit"][0]["rates"]["on_time_closure"]["percent"] == 50.0
    # UTF-8 Chinese, not \\u escapes; every count a JSON number.
    assert "化子坪镇" in text and "\\u" not in text
    assert '"letters": 5' in text


def test_a_unit_by_name_or_number_and_a_running_period(county_data):
    by_name, _text = run("--period", "2026-Q2", "--unit", "化子坪镇", "--as-of", "2026-05-31")
    by_number, _text = run("--period", "2026-Q2", "--unit", str(county_data.units["T"].pk), "--as-of", "2026-05-31")
    assert by_name == by_number
    assert by_name["unit"]["name"] == "化子坪镇" and not by_name["unit"]["whole_county"]
    assert (by_name["cutoff"], by_name["complete"]) == ("2026-05-31", False)
    # Received 1 April – 31 May in 化子坪镇 and 化子坪村: B2 (3 persons), B3 (8 persons).
    assert by_name["volume"]["visits"] == {"batches": 2, "persons": 11}
    # Compared with 1 April – 31 May 2025 (nothing was received then) and with 1 January – 28 February 2026.
    yoy, pop = by_name["year_on_year"], by_name["period_on_period"]
    assert (yoy["period"]["start"], yoy["period"]["end"], yoy["available"]) == ("2025-04-01", "2025-05-31", False)
    assert yoy["changes"]["visits"]["persons"] == {"current": 11, "base": None, "difference": None, "percent": None,
                                                   "reason": "去年同期无数据"}
    assert (pop["period"]["start"], pop["period"]["end"], pop["available"]) == ("2026-01-01", "2026-02-28", True)
    # 化子坪镇, 1 January – 28 February 2026: B1 (1 person); now 11 persons: +1000%.
    assert pop["changes"]["visits"]["persons"]["percent"] == 1000.0


def test_not_computable_rates_are_null_with_a_reason(county_data):
    data, _text = run("--period", "2026", "--unit", "县人社局", "--as-of", AS_OF.isoformat(), "--no-compare")
    assert data["rates"]["satisfaction"] == {"percent": None, "numerator": 0, "denominator": 0,
                                             "reason": "本期办结事项均未评价"}
    assert data["rates"]["timely_acceptance"]["reason"] == "本期未作出受理决定"
    assert data["year_on_year"] is None and data["period_on_period"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-13"], "月份应为1至12，不能是13。"),
        (["--period", "2026", "--unit", "不存在的单位"], "没有名称或编号为“不存在的单位”的单位。"),
        (["--period", "2026", "--as-of", "2026-02-30"], "“2026-02-30”不是有效日期，请按YYYY-MM-DD的格式填写，例如2026-01-05。"),
        (["--period", "2027", "--as-of", "2026-12-31"], "统计期间2027年在2026-12-31尚未开始。"),
    ],
)
def test_bad_arguments_are_refused_in_words(county_data, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("statistics", *args, stdout=io.StringIO())
    assert str(caught.value) == message


def test_english_labels_on_request(county_data):
    data, _text = run("--period", "2026-Q1", "--as-of", AS_OF.isoformat(), "--language", "en")
    assert data["period"]["label"] == "first quarter of 2026"
    assert data["unit"]["label"] == "the whole county"
