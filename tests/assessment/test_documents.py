"""The bulletin (.docx) and the ranking (.xlsx), opened with python-docx and openpyxl: the Chinese text and the
figures of the same ranking objects."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from assessment import bulletin, exports
from assessment.scoring import rank_units, year_to_date
from stats.periods import Period

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(county_data):
    return rank_units(Period.month(2026, 6), as_of=AS_OF)


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text]


def test_the_bulletin_names_the_best_and_the_units_with_overdue_or_skip_level_items(june):
    with translation.override("en"):  # the document is Chinese whatever the interface language
        text = paragraphs(bulletin.render(june))
    assert text[0] == "关于2026年6月份全县信访工作考核情况的通报"
    assert text[1] == "各乡镇（街道、管理处），县直各部门："
    assert text[2].startswith("根据《2026年度信访工作目标责任制考核方案》，县信访局对全县2个乡镇（街道、管理处）和1个县直部门"
                              "2026年6月份的信访工作进行了量化考核。")
    assert "一、基本情况" in text and "二、考核排名" in text and "三、表扬单位" in text and "四、通报批评单位" in text
    # 县人社局: 100 points, D1 reported back (its only computable rate); the townships have overdue or skip-level items.
    assert "对县人社局予以通报表扬。其中，县人社局回复率100%，考核得分100.00分。" in text
    assert ("对化子坪镇、建华镇予以通报批评。其中，化子坪镇超期未办结1件，考核得分74.00分；建华镇越级访1批6人次，"
            "考核得分73.00分。请上述单位认真查找原因，限期整改到位。") in text
    assert text[-2:] == ["县信访局", "2027年1月15日"]


def test_the_bulletin_tables_hold_the_ranking(june):
    document = Document(io.BytesIO(bulletin.render(june)))
    townships, departments = document.tables
    rows = [[cell.text for cell in row.cells] for row in townships.rows]
    assert rows[0] == ["名次", "单位", "及时受理率", "按期办结率", "回复率", "满意率", "重复信访", "越级访人次", "扣分", "得分"]
    assert rows[1][:2] == ["1", "化子坪镇"] and rows[1][-2:] == ["1.00", "74.00"]
    assert rows[1][3] == "0.0%\n0.00"  # B2 overdue: on-time closure 0 of 1
    assert rows[1][4] == "—\n15.00"  # nothing assigned to 化子坪镇 in June: full points by rule
    assert rows[2][:2] == ["2", "建华镇"] and rows[2][-3:] == ["6\n0.00", "2.00", "73.00"]
    assert [[cell.text for cell in row.cells][:2] for row in departments.rows][1:] == [["1", "县人社局"]]


def test_the_bulletin_title_of_october(county_data):
    ranking = rank_units(Period.month(2026, 10), as_of=AS_OF)
    assert bulletin.filename(ranking) == "关于2026年10月份全县信访工作考核情况的通报.docx"


def test_a_month_without_any_shortcoming_says_so(county_data):
    ranking = rank_units(Period.month(2026, 2), as_of=AS_OF)  # A2 and C1 in February; nothing overdue or escalated
    text = paragraphs(bulletin.render(ranking))
    assert "本月各单位均无超期未办结事项和越级访。" in text


def test_the_xlsx_has_the_month_and_the_year_to_date(june, county_data):
    cumulative = rank_units(year_to_date(june.period), as_of=AS_OF, scheme=june.scheme)
    workbook = load_workbook(io.BytesIO(exports.render(june, cumulative)))
    assert workbook.sheetnames == ["本月", "年度累计"]
    month = workbook["本月"]
    assert month["A1"].value == "2026年6月信访工作考核排名"
    headings = [c.value for c in month[2]]
    assert headings[:5] == ["组别", "名次", "单位", "及时受理率", "及时受理率得分"]
    assert headings[-1] == "得分"
    rows = {row[2]: row for row in month.iter_rows(min_row=3, values_only=True) if row[2]}
    t = rows["化子坪镇"]
    assert t[0] == "乡镇（街道、管理处）" and t[1] == 1
    assert t[5:7] == ("0.0%", 0) and t[7] == "无法计算（本期无交办事项），按满分计"
    assert Decimal(str(t[-1])) == Decimal("74.00") and t[-5] == 1  # one overdue item
    assert rows["建华镇"][-3] == 1 and Decimal(str(rows["建华镇"][-2])) == Decimal("2.00")
    assert workbook["年度累计"]["A1"].value == "2026年1—6月信访工作考核排名"
    assert exports.filename(june) == "信访工作考核排名2026年6月.xlsx"
