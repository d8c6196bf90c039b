"""The bulletin (.docx) and the ranking (.xlsx), opened with python-docx and openpyxl: the Chinese text and the
figures of the same ranking objects."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from assessment import bulletin, exports
from assessment.scoring import rank_units, year_to_date
from petitions.models import Channel, ReceivedLevel, Source
from stats.periods import Period

from ..factories import register
from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(county_data):
    return rank_units(Period.month(2026, 6), as_of=AS_OF)


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text]


def test_the_bulletin_names_the_best_and_the_units_with_shortcomings_in_their_handling(june):
    with translation.override("en"):  # the document is Chinese whatever the interface language
        text = paragraphs(bulletin.render(june))
    assert text[0] == "关于2026年6月份全县信访工作考核情况的通报"
    assert text[1] == "各乡镇（街道、管理处），县直各部门："
    assert text[2].startswith("根据《2026年度信访工作目标责任制考核方案》，县信访局对全县2个乡镇（街道、管理处）和1个县直部门"
                              "2026年6月份的信访工作进行了量化考核。")
    assert "一、基本情况" in text and "二、考核排名" in text and "三、表扬单位" in text and "四、通报批评单位" in text
    # 县人社局: 100 points, D1 reported back (its only computable rate); 建华镇 85 points: below 90% of the total.
    assert "对县人社局予以通报表扬。其中，县人社局回复率100%，考核得分100.00分。" in text
    # 化子坪镇 left B2 overdue; 建华镇's skip-level visit (E2) is no shortcoming of its handling.
    assert ("对化子坪镇予以通报批评。其中，化子坪镇超期未办结1件，考核得分69.00分。请上述单位认真查找原因，限期整改到位。"
            in text)
    assert text[-2:] == ["县信访局", "2027年1月15日"]


def test_the_bulletin_criticises_no_unit_for_skip_level_visits_as_such(june):
    """建华镇 had a skip-level visit in June (E2, province, 6 persons) and nothing else wrong: it is neither
    criticised nor marked down; the visit is shown in the table, for information."""
    text = paragraphs(bulletin.render(june))
    criticism = next(p for p in text if "予以通报批评" in p)
    assert "建华镇" not in criticism and "越级访" not in criticism
    assert not any("越级访" in p and "建华镇" in p for p in text)
    assert "越级访仅供参考，不扣分。" in "".join(text)
    assert not any("减少越级访" in p for p in text)  # the requirements ask for handling, not for fewer petitions


def test_the_bulletin_criticises_a_skip_level_item_on_a_matter_the_unit_let_lapse(county_data, registrar,
                                                                                  higher_bodies):
    """B2 (化子坪镇) was due on 8 June and never replied; on 20 June the petitioner took it to the city."""
    register(registrar, county_data.units["T"], channel=Channel.VISIT, received_level=ReceivedLevel.CITY,
             source=Source.FORWARDED_FROM_ABOVE, source_body=higher_bodies[ReceivedLevel.CITY],
             received_on=dt.date(2026, 6, 20), repeat_of=county_data.item("B2"),
             category=county_data.categories["拖欠工资"])
    text = paragraphs(bulletin.render(rank_units(Period.month(2026, 6), as_of=AS_OF)))
    assert ("对化子坪镇予以通报批评。其中，化子坪镇超期未办结1件、未按期办理引发越级访1件，考核得分69.00分。"
            "请上述单位认真查找原因，限期整改到位。") in text


def test_the_bulletin_says_the_scheme_in_words(june):
    text = paragraphs(bulletin.render(june))
    scheme = next(p for p in text if p.startswith("考核信访事项的办理情况，不考核信访数量"))
    assert "重复信访事项化解率15分" in scheme and "扣分项：期末超过办理期限仍未办结的事项每件扣1分，最多扣10分。" in scheme
    assert any(p.startswith("注：表中各指标上行为指标值，下行为得分。") and "仅供参考，不计入得分" in p for p in text)


def test_the_bulletin_tables_hold_the_ranking(june):
    document = Document(io.BytesIO(bulletin.render(june)))
    townships, departments = document.tables
    rows = [[cell.text for cell in row.cells] for row in townships.rows]
    assert rows[0] == ["名次", "单位", "及时受理率", "按期办结率", "回复率", "满意率", "重复信访事项化解率", "矛盾纠纷化解率",
                       "扣分", "得分", "越级访（仅供参考，不计分）"]
    assert rows[1][:2] == ["1", "建华镇"] and rows[1][-3:] == ["0.00", "85.00", "1批6人次"]
    assert rows[1][4] == "0.0%\n0.00"  # E2 assigned, not reported back in June
    assert rows[2][:2] == ["2", "化子坪镇"] and rows[2][-3:] == ["1.00", "69.00", "0批0人次"]
    assert rows[2][3] == "0.0%\n0.00"  # B2 overdue: on-time closure 0 of 1
    assert rows[2][4] == "—\n15.00"  # nothing assigned to 化子坪镇 in June: full points by rule
    assert [[cell.text for cell in row.cells][:2] for row in departments.rows][1:] == [["1", "县人社局"]]


def test_the_bulletin_title_of_october(county_data):
    ranking = rank_units(Period.month(2026, 10), as_of=AS_OF)
    assert bulletin.filename(ranking) == "关于2026年10月份全县信访工作考核情况的通报.docx"


def test_a_month_without_any_shortcoming_says_so(county_data):
    ranking = rank_units(Period.month(2026, 2), as_of=AS_OF)  # A2 and C1 in February; nothing overdue or escalated
    text = paragraphs(bulletin.render(ranking))
    assert "本月各单位均无超期未办结和超期办结事项，也无因首办单位未按期办理引发的越级访。" in text


def test_the_xlsx_has_the_month_and_the_year_to_date(june, county_data):
    cumulative = rank_units(year_to_date(june.period), as_of=AS_OF, scheme=june.scheme)
    workbook = load_workbook(io.BytesIO(exports.render(june, cumulative)))
    assert workbook.sheetnames == ["本月", "年度累计"]
    month = workbook["本月"]
    assert month["A1"].value == "2026年6月信访工作考核排名"
    headings = [c.value for c in month[2]]
    assert headings[:5] == ["组别", "名次", "单位", "及时受理率", "及时受理率得分"]
    assert headings[-7:] == ["矛盾纠纷化解率得分", "超期未办结", "超期扣分", "未按期办理引发的越级访",
                             "未按期办理引发越级访扣分", "得分", "越级访（仅供参考，不计分）"]
    rows = {row[2]: row for row in month.iter_rows(min_row=3, values_only=True) if row[2]}
    t = rows["化子坪镇"]
    assert t[0] == "乡镇（街道、管理处）" and t[1] == 2
    assert t[5:7] == ("0.0%", 0) and t[7] == "无法计算（本期无交办事项），按满分计"
    assert Decimal(str(t[-2])) == Decimal("69.00") and t[-6] == 1  # one overdue item
    o = rows["建华镇"]
    assert o[1] == 1 and o[-1] == "1批6人次" and Decimal(str(o[-2])) == Decimal("85.00")
    assert (o[-4], Decimal(str(o[-3]))) == (0, Decimal("0.00"))  # E2 repeats no earlier item of 建华镇
    notes = [row[0] for row in month.iter_rows(min_row=3, values_only=True) if row[0] and not row[2]]
    assert "2026年度考核方案（默认值）：总分100分。" in notes
    assert any(n.startswith("越级访仅供参考，不扣分。") for n in notes)
    assert workbook["年度累计"]["A1"].value == "2026年1—6月信访工作考核排名"
    assert exports.filename(june) == "信访工作考核排名2026年6月.xlsx"
