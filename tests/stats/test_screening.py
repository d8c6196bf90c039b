"""The screening figures (stats/screening.py) for a small hand-made year: each count and the resolution rate."""

import datetime as dt

import pytest
import time_machine

from screening import actions
from screening.actions import AttemptData
from screening.models import AttemptResult, CampaignKind, Dispute, Method, RiskLevel
from stats.periods import Period
from stats.screening import compute

from ..screening.conftest import dispute_data

D = dt.date


def attempt(result, on, method=Method.PEOPLES_MEDIATION, **extra):
    return AttemptData(method=method, by="调委会", on=on, result=result, text="调解。", **extra)


@pytest.fixture
def year(registrar, handler, other_handler, township, other_township, village, officer):
    """In 2026, in 化子坪镇 (and one in 建华镇):

    - a regular campaign in Q1 (both townships; 化子坪镇 reports with disputes, 建华镇 nil), a special one in
      September that nobody has reported on;
    - disputes: A found 3 Mar, resolved by people's mediation 10 Mar; B found 5 Mar, resolved 20 Mar by judicial
      mediation, reopened 1 May, still under way; C found 10 Apr, escalated 20 Apr; D found 2 Jun, under way;
      E in 建华镇 found 6 Mar, resolved 8 Mar by administrative mediation; F found 5 Jan 2027 (next year);
    - an officer's report on Fri 6 Mar accepted 9 Mar, one on 6 Mar never screened (due 11 Mar);
    - one emergency linkage started 6 Mar with 30 persons.
    """
    q1 = actions.campaign_create(actor=registrar, data=actions.CampaignData(
        kind=CampaignKind.REGULAR, name="第一季度排查", starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 31),
        units=[township, other_township]))
    actions.campaign_create(actor=registrar, data=actions.CampaignData(
        kind=CampaignKind.SPECIAL, name="国庆前专项排查", starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 25),
        units=[township]))

    def found(unit, on, handler_, **kw):
        return actions.dispute_register(actor=handler_, data=dispute_data(unit, found_on=on, **kw), on=on)

    a = found(township, D(2026, 3, 3), handler, campaign=q1, people_involved=3, risk_level=RiskLevel.HIGH)
    b = found(township, D(2026, 3, 5), handler, campaign=q1, people_involved=2)
    c = found(township, D(2026, 4, 10), handler, people_involved=12, risk_level=RiskLevel.MEDIUM)
    d = found(township, D(2026, 6, 2), handler, place=village, people_involved=1)
    e = found(other_township, D(2026, 3, 6), other_handler, campaign=q1, people_involved=4)
    actions.campaign_report(actor=handler, campaign=q1, unit=township, on=D(2026, 3, 20))
    actions.campaign_report(actor=other_handler, campaign=q1, unit=other_township, nil=False, on=D(2026, 3, 21))
    actions.dispute_attempt(actor=handler, dispute=a, data=attempt(AttemptResult.UNDER_WAY, D(2026, 3, 4)))
    actions.dispute_attempt(actor=handler, dispute=a, data=attempt(AttemptResult.RESOLVED, D(2026, 3, 10)))
    actions.dispute_attempt(actor=handler, dispute=b, data=attempt(AttemptResult.RESOLVED, D(2026, 3, 20),
                                                                   method=Method.JUDICIAL_MEDIATION))
    actions.dispute_reopen(actor=handler, dispute=b, reason="又起", due_on=D(2026, 6, 30), on=D(2026, 5, 1))
    actions.dispute_attempt(actor=handler, dispute=c, data=attempt(AttemptResult.ESCALATED, D(2026, 4, 20),
                                                                   escalated_to="县人民法院"))
    actions.dispute_attempt(actor=other_handler, dispute=e, data=attempt(
        AttemptResult.RESOLVED, D(2026, 3, 8), method=Method.ADMINISTRATIVE_MEDIATION))
    with time_machine.travel(dt.datetime(2026, 3, 6, 2, tzinfo=dt.UTC), tick=False):
        accepted = actions.report_submit(actor=officer, data=actions.ReportData(what="争执", where="化子坪村"))
        actions.report_submit(actor=officer, data=actions.ReportData(what="排水", where="化子坪村"))
        actions.incident_start(actor=registrar, data=actions.IncidentData(
            title="聚集", description="群众聚集。", happened_at=dt.datetime(2026, 3, 6, 1, tzinfo=dt.UTC),
            place=township, units_mobilised=[township], people_involved=30))
    actions.report_accept(actor=handler, report=accepted, data=dispute_data(township, found_on=D(2026, 3, 9)),
                          on=D(2026, 3, 9))
    with time_machine.travel(dt.datetime(2027, 1, 5, 2, tzinfo=dt.UTC), tick=False):
        found(township, D(2027, 1, 5), handler)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_the_county_year(year):
    f = compute(Period.year(2026), as_of=D(2027, 1, 10))
    # A, B, C, D, E and the dispute accepted from the report (found 9 Mar, under way); F is next year's.
    assert (f.found, f.resolved, f.escalated, f.under_way) == (6, 2, 1, 3)
    assert (f.resolution.numerator, f.resolution.denominator) == (2, 6)
    assert str(f.resolution.percent()) == "33.3"
    assert f.reopened == 1
    assert f.by_method == {"人民调解": 1, "行政调解": 1}
    assert f.by_place == {"化子坪镇": 5, "建华镇": 1}  # D's village counts for its township
    assert f.people_involved == 3 + 2 + 12 + 1 + 4 + 2
    assert (f.campaigns, f.regular_campaigns, f.special_campaigns) == (2, 1, 1)
    assert (f.units_to_report, f.units_reported, f.nil_reports) == (3, 2, 0)
    assert f.not_reported == (("国庆前专项排查", "化子坪镇"),)
    assert (f.reports, f.reports_accepted, f.reports_waiting, f.reports_overdue) == (2, 1, 1, 1)
    assert (f.incidents, f.incident_persons) == (1, 30)


def test_as_of_april_the_reopened_dispute_still_counts_as_resolved(year):
    f = compute(Period.year(2026), as_of=D(2026, 4, 15))
    # Found by 15 April: A, B, E, the accepted report's, C (10 Apr). C's escalation is on 20 April: under way.
    assert (f.found, f.resolved, f.escalated, f.under_way) == (5, 3, 0, 2)
    assert f.by_method == {"人民调解": 1, "司法调解": 1, "行政调解": 1}
    assert f.reopened == 0


def test_a_townships_scope_and_a_users_visible_disputes(year, township, other_township, other_handler):
    mine = compute(Period.year(2026), township, as_of=D(2027, 1, 10))
    assert (mine.found, mine.resolved, mine.units_to_report, mine.incidents) == (5, 1, 2, 1)
    theirs = compute(Period.year(2026), as_of=D(2027, 1, 10), disputes=Dispute.objects.visible_to(other_handler))
    assert (theirs.found, theirs.resolved) == (1, 1)


def test_the_json_keys(year):
    data = compute(Period.quarter(2026, 1), as_of=D(2026, 4, 1)).as_dict()
    assert list(data) == ["period", "as_of", "cutoff", "campaigns", "disputes", "officer_reports",
                          "emergency_linkages"]
    assert data["disputes"]["resolution"] == {"percent": 75.0, "numerator": 3, "denominator": 4, "reason": None}
    assert data["campaigns"]["not_reported"] == []


def test_the_summarys_section_in_the_genre(year):
    from reports.summary import generate

    report = generate(Period.year(2026), as_of=D(2027, 1, 10))
    keys = [s.key for s in report.sections]
    assert keys[:2] == ["overview", "screening"]
    text = report.sections[1].text
    assert report.sections[1].heading == "一、矛盾纠纷排查化解工作"
    assert text.startswith("全年全县共开展矛盾纠纷排查2次（拉网式排查1次、专项排查1次），排查出各类矛盾纠纷6起，化解2起，"
                           "化解率33%；本级无法化解、已依法上报或移交1起，正在化解3起。化解方式：人民调解1起、行政调解1起。")
    assert "已化解的矛盾纠纷中有1起出现反复，已重新启动化解。" in text
    assert "村（社区）信访信息员报送矛盾纠纷信息2条，经乡镇甄别登记为矛盾纠纷1起，待甄别1条。" in text
    assert text.splitlines()[-1] == "全年启动应急联动1次，涉及群众30人次。"


def test_no_section_when_nothing_was_screened(db):
    from reports.summary import generate

    report = generate(Period.year(2026), as_of=D(2027, 1, 10))
    assert "screening" not in [s.key for s in report.sections]
