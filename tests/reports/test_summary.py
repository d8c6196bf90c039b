"""The generated first draft, word for word, on the small county of ``tests/stats/conftest.py``.

The figures in the expected text are counted by hand from ``ITEMS_2026`` / ``ITEMS_2025`` (e.g. 2026: 17 decisions
— 12 assigned A1 A2 A4 B2 B3 B5 C2 D1 D2 E1 E2 E3, 2 answered B1 C1, forwarded B4, declined A3, handed back F1;
16 on time, D2 late; 14 filed, 11 closed by 31 December (E3 replied in 2027; A4, B2 open): 79%; categories of the
18 items: 劳动社保 9, 城乡建设 6, 国土资源水利林业 3; places: 化子坪镇 13 with its village, 建华镇 5).
"""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from reports import summary
from reports.summary import Section, generate, visits_change
from stats.figures import Visits
from stats.periods import Period, PeriodError

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

OPENING_2026 = (
    "全县共接待受理群众来信来访30件（人）次，较去年同期的11件（人）次上升了173%。"
    "其中，来信5件，较去年同期的3件上升了67%；个体访5人次，较去年同期的3人次上升了67%；"
    "集体访2批20人次，较去年同期的1批5人次分别上升了100%和300%；集体访人次占来信来访总量的67%。"
    "越级访4批10人次，其中赴市2批3人次，较去年同期的1批1人次分别上升了100%和200%；"
    "赴省1批6人次，较去年同期的0批0人次有所上升（基数为零，无法计算升幅）；"
    "进京1批1人次，较去年同期的0批0人次有所上升（基数为零，无法计算升幅）。"
    "计入越级访、来电2次和网上信访2件，信访总量（全口径）为44件（人）次。"
)

HANDLING_2026 = "\n".join([
    "（一）受理交办情况",
    "全年共对17件信访事项作出处理，其中受理交办12件、当场答复2件、转送1件、不予受理1件、责任单位退回待重新处理1件；"
    "在规定期限内作出处理16件，及时受理率94%。",
    "（二）办结情况",
    "全年共受理信访事项14件（交办12件、当场答复2件），全年受理的事项中已办结11件，结案率79%，在办3件。",
    "全年办理期限届满的事项11件（不论何时受理），其中按期办结7件，按期办结率64%；逾期办结2件，超期未办结2件。"
    "全年交办事项12件，已反馈办理结果9件，回复率75%。",
    "（三）满意度评价情况",
    "全年办结的事项（按办结日期计，含此前受理的事项）11件，其中可参评10件，已评价9件，参评率90%。"
    "已评价的事项中，满意5件、基本满意2件、不满意2件，满意率78%；信访人在查询页面评价0件，信访局通过回访、来信、来访录入9件。",
])

REPEAT_2026 = (
    "全年共登记信访事项18件，其中重复信访2件，重复信访率11%。"
    "重复信访件数较去年同期的0件有所上升（基数为零，无法计算升幅）。"
)

DISTRIBUTION_2026 = "\n".join([
    "（一）问题类别",
    "从问题类别看，反映较多的依次是劳动社保9件（占50%）、城乡建设6件（占33%）、国土资源水利林业3件（占17%）。"
    "具体问题中，反映较多的是拖欠工资9件（占50%）、物业管理3件（占17%）。",
    "（二）属地分布",
    "从属地看，信访事项较多的依次是化子坪镇13件（占72%）、建华镇5件（占28%）。",
    "（三）信访内容",
    "从信访内容看，申诉求决15件（占83%）、建议意见2件（占11%）、检举控告1件（占6%）。",
])


def texts(report):
    return [(s.key, s.heading, s.text) for s in report.sections]


def test_the_year_end_summary_of_2026_word_for_word(county_data):
    report = generate(Period.year(2026), as_of=AS_OF)
    assert report.title == "县信访局2026年信访工作总结"
    assert report.issuer == "县信访局"
    assert texts(report)[:4] == [
        ("overview", "", OPENING_2026),
        ("handling", "一、信访事项办理情况", HANDLING_2026),
        ("repeat", "二、重复信访情况", REPEAT_2026),
        ("distribution", "三、信访问题分布情况", DISTRIBUTION_2026),
    ]
    # The registers' sections (issue 4) come next; the author's places always come last.
    n = len(report.sections) - 1
    assert texts(report)[-2:] == [
        ("problems", summary.numbered(n - 1, "存在的问题"),
         "【请在此处填写本期信访工作存在的问题：办理工作中的薄弱环节、反复信访的突出问题、需要重点关注的属地和问题类别等。】"),
        ("plans", summary.numbered(n, "下一步工作打算"), "【请在此处填写下一年度信访工作打算：工作目标、主要措施和责任分工等。】"),
    ]


def test_the_first_year_without_last_years_data_says_so_and_never_shows_zero_percent(county_data):
    """2025 is the first year in the system, and none of its items was decided: every change and every rate of
    handling is said to be not computable, in words."""
    report = generate(Period.year(2025), as_of=AS_OF)
    sections = dict((s.key, s.text) for s in report.sections)
    assert sections["overview"] == (
        "全县共接待受理群众来信来访11件（人）次，去年同期无数据，无法比较。"
        "其中，来信3件；个体访3人次；集体访1批5人次；集体访人次占来信来访总量的45%。"
        "越级访1批1人次，其中赴市1批1人次。"
        "计入越级访、来电1次和网上信访0件，信访总量（全口径）为13件（人）次。"
    )
    assert sections["handling"] == "\n".join([
        "（一）受理交办情况",
        "全年未对信访事项作出处理决定，及时受理率无法计算。",
        "（二）办结情况",
        "全年无受理事项，结案率无法计算。",
        "全年无到期应办结事项，按期办结率无法计算。无交办事项，回复率无法计算。",
        "（三）满意度评价情况",
        "全年无可参评的办结事项，参评率和满意率无法计算。",
    ])
    assert sections["repeat"] == (
        "全年共登记信访事项8件，其中重复信访0件，重复信访率0%。重复信访件数去年同期无数据，无法比较。")
    assert "0%" not in sections["handling"]


def test_the_opening_says_each_kind_with_its_own_change_falls_included(county_data):
    """December 2026 against December 2025 (one collective visit of 5 then, one skip-level visit to the city now):
    the total and the collective visits fell, the letters and individual visits stayed at nothing, the city
    visit rose from a base of zero; the province and the capital, with nothing in either year, are left out."""
    report = generate(Period.month(2026, 12), as_of=AS_OF)
    assert report.sections[0].text.startswith(
        "全县共接待受理群众来信来访0件（人）次，较去年同期的5件（人）次下降了100%。"
        "其中，来信0件，与去年同期的0件持平；个体访0人次，与去年同期的0人次持平；"
        "集体访0批0人次，较去年同期的1批5人次分别下降了100%和100%。"
        "越级访1批1人次，其中赴市1批1人次，较去年同期的0批0人次有所上升（基数为零，无法计算升幅）。"
        "计入越级访、来电0次和网上信访0件，信访总量（全口径）为1件（人）次。"
    )


@pytest.mark.parametrize(("current", "base", "expected"), [
    (Visits(2, 15), Visits(3, 20), "较去年同期的3批20人次分别下降了33%和25%"),
    (Visits(4, 30), Visits(3, 20), "较去年同期的3批20人次分别上升了33%和50%"),
    (Visits(4, 10), Visits(2, 20), "批次较去年同期的2批上升了100%，人次较去年同期的20人次下降了50%"),
    (Visits(3, 25), Visits(3, 20), "批次与去年同期的3批持平，人次较去年同期的20人次上升了25%"),
    (Visits(3, 20), Visits(3, 20), "与去年同期的3批20人次持平"),
    (Visits(1, 6), Visits(0, 0), "较去年同期的0批0人次有所上升（基数为零，无法计算升幅）"),
])
def test_a_kind_of_visit_says_batches_and_persons_together_only_when_they_moved_alike(current, base, expected):
    with translation.override("zh-hans"):
        assert visits_change(current, base, "去年同期") == expected


def test_each_closure_sentence_names_the_items_it_counts(county_data):
    """办结 is counted three ways (docs/statistics.md): of the items filed in the year (结案率), of the items whose
    time limit ran out in the year whenever filed (按期办结率), of the replies dated in the year whenever filed
    (the evaluations). No sentence says 办结 without saying which."""
    lines = {s.key: s.text for s in generate(Period.year(2026), as_of=AS_OF).sections}["handling"].splitlines()
    filed, due, replied = lines[3], lines[4], lines[6]
    assert "全年受理的事项中已办结11件" in filed
    assert due.startswith("全年办理期限届满的事项11件（不论何时受理），其中按期办结7件")
    assert replied.startswith("全年办结的事项（按办结日期计，含此前受理的事项）11件，其中可参评10件")
    for line in (filed, due, replied):
        assert "已办结" not in line.replace("受理的事项中已办结", "")


def test_a_monthly_report_compares_with_last_year_and_with_the_month_before(county_data):
    report = generate(Period.month(2026, 3), as_of=AS_OF)
    assert report.title == "县信访局2026年3月信访情况通报"
    sections = {s.key: s for s in report.sections}
    assert sections["overview"].text.endswith(
        "环比看，来信来访总量较上月的1件（人）次上升了100%；"
        "来访批次较上月的0批有所上升（基数为零，无法计算升幅），人次较上月的0人次有所上升（基数为零，无法计算升幅）。"
    )
    assert sections["handling"].text.splitlines()[1] == (
        "本月共对3件信访事项作出处理，其中受理交办2件、不予受理1件；在规定期限内作出处理3件，及时受理率100%。")
    assert sections["repeat"].text == (
        "本月共登记信访事项3件，其中重复信访1件，重复信访率33%。"
        "重复信访件数较去年同期的0件有所上升（基数为零，无法计算升幅），较上月的0件有所上升（基数为零，无法计算升幅）。"
    )
    assert sections["plans"].heading.endswith("、下步工作安排")


def test_a_townships_own_quarterly_report(county_data):
    report = generate(Period.quarter(2026, 1), county_data.units["T"], as_of=AS_OF)
    assert report.title == "化子坪镇2026年第一季度信访情况通报"
    assert report.issuer == "化子坪镇"
    sections = {s.key: s.text for s in report.sections}
    assert sections["overview"] == (
        "化子坪镇共接待受理群众来信来访4件（人）次，较去年同期的2件（人）次上升了100%。"
        "其中，来信2件，较去年同期的1件上升了100%；个体访2人次，较去年同期的1人次上升了100%；"
        "集体访0批0人次，与去年同期的0批0人次持平；集体访人次占来信来访总量的0%。"
        "越级访1批2人次，其中赴市1批2人次，较去年同期的0批0人次有所上升（基数为零，无法计算升幅）。"
        "计入越级访、来电1次和网上信访0件，信访总量（全口径）为7件（人）次。"
        "环比看，来信来访总量较上季度的6件（人）次下降了33%；来访批次较上季度的1批上升了100%，人次较上季度的5人次下降了60%。"
    )
    assert "从属地看，信访事项较多的依次是化子坪镇5件（占83%）、化子坪村1件（占17%）。" in sections["distribution"]


def test_a_month_without_any_item_says_so(county_data):
    report = generate(Period.month(2025, 4), as_of=AS_OF)
    sections = {s.key: s.text for s in report.sections}
    assert sections["overview"] == (
        "全县共接待受理群众来信来访0件（人）次，去年同期无数据，无法比较。"
        "计入越级访、来电0次和网上信访0件，信访总量（全口径）为0件（人）次。"
        "环比看，来信来访总量较上月的1件（人）次下降了100%；来访批次较上月的1批下降了100%，人次较上月的1人次下降了100%。"
    )
    assert sections["repeat"].startswith("本月未登记信访事项，重复信访率无法计算。")
    assert sections["distribution"] == "\n".join([
        "（一）问题类别", "本月未登记信访事项，无问题类别分布。", "（二）属地分布", "本月未登记信访事项，无属地分布。"])


def test_the_same_data_gives_the_same_text_whatever_the_day_and_language_it_is_generated(county_data):
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        first = generate(Period.year(2026), as_of=AS_OF)
    with time_machine.travel(dt.datetime(2028, 7, 9, 18, tzinfo=dt.UTC), tick=False), translation.override("en"):
        second = generate(Period.year(2026), as_of=AS_OF)
    assert first == second
    assert "2027" not in "".join(s.text for s in first.sections)  # no "today" inside the text


def test_a_period_that_is_not_a_year_quarter_or_month_is_refused_in_words(county_data):
    with translation.override("zh-hans"), pytest.raises(PeriodError, match="报告的期间须为一年、一个季度或一个月"):
        generate(Period.parse("2026-01-05..2026-02-10"), as_of=AS_OF)


def test_a_new_register_adds_one_builder_and_its_section_is_numbered_before_the_authors_places(
        county_data, monkeypatch):
    def reception_section(ctx):
        return Section("reception", "领导接待日情况", f"接待{ctx.figures.volume.visits.batches}批。")

    before = len(generate(Period.year(2026), as_of=AS_OF).sections)
    monkeypatch.setattr(summary, "SECTION_BUILDERS", [*summary.SECTION_BUILDERS, reception_section])
    report = generate(Period.year(2026), as_of=AS_OF)
    n = len(report.sections) - 1  # numbered sections (the opening has no number)
    assert len(report.sections) == before + 1
    assert [(s.heading, s.text) for s in report.sections][-3:] == [
        (summary.numbered(n - 2, "领导接待日情况"), "接待5批。"),
        (summary.numbered(n - 1, "存在的问题"), report.sections[-2].text),
        (summary.numbered(n, "下一步工作打算"), report.sections[-1].text),
    ]
    assert summary.numbered(4, "x") == "四、x" and summary.numbered(12, "x") == "十二、x"
