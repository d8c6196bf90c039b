"""Every figure of DESIGN.md §4 against counts made by hand from the items listed in ``conftest.py``.

The expected values below are literals worked out from the tables ``ITEMS_2026`` and ``ITEMS_2025``; the comment
next to each says which items make it up.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from petitions.models import Petition
from stats import queries
from stats.figures import Handling, Visits, compute
from stats.periods import Period, PeriodError

from .conftest import AS_OF

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = Period.year(2026)


def pct(value: str) -> Decimal:
    return Decimal(value)


def test_the_data_set_has_the_dates_the_hand_counts_rest_on(county_data):
    """Due dates (60 days from acceptance, a due date on a rest day moved to the next working day)."""
    due = {key: county_data.item(key).handling_due_on for key in ("A1", "A2", "B2", "B3", "B5", "C2", "D1", "D2",
                                                                   "E1", "E2", "E3", "A4")}
    assert due == {
        "A1": D(2026, 3, 9), "A2": D(2026, 4, 13), "B2": D(2026, 6, 8), "B3": D(2026, 7, 6), "B5": D(2026, 5, 18),
        "C2": D(2026, 10, 10), "D1": D(2026, 8, 3), "D2": D(2026, 12, 11), "E1": D(2026, 5, 11),
        "E2": D(2026, 9, 16),  # extended by 30 days from 17 August
        "E3": D(2026, 12, 14), "A4": D(2027, 1, 25),
    }
    assert county_data.item("D2").decision_due_on == D(2026, 9, 24)
    assert [county_data.item(k).is_collective for k in ("B3", "B4", "E2", "Y6", "B2")] == [True] * 4 + [False]


# ------------------------------------------------------------------------------------------------------------
# The year 2026 for the whole county, taken on 15 January 2027.


@pytest.fixture
def year(county_data):
    return compute(YEAR, as_of=AS_OF)


def test_volume_of_the_year(year):
    v = year.volume
    assert v.letters == 5  # A1 A2 A3(fax) A4 F1
    assert v.visits == Visits(5, 25)  # B1 1, B2 3, B3 8, B4 12, B5 1
    assert v.individual_visits == Visits(3, 5)  # B1 B2 B5
    assert v.collective_visits == Visits(2, 20)  # B3 B4
    assert v.own_total == 30  # 5 letters + 25 persons
    assert v.skip_level.city == Visits(2, 3)  # E1 2, E4 1
    assert v.skip_level.province == Visits(1, 6)  # E2
    assert v.skip_level.capital == Visits(1, 1)  # E3
    assert v.skip_level.total == Visits(4, 10)
    assert v.phone == 2  # C1 C2
    assert v.online == 2  # D1 online, D2 e-mail
    assert v.all_channel_total == 44  # 30 + 10 + 2 + 2
    assert v.items == 18
    assert v.repeat_items == 2  # B5 (of A1), E4 (of E3)


def test_rates_of_the_year(year):
    r = year.rates
    assert (r.collective_share.numerator, r.collective_share.denominator) == (20, 30)
    assert r.collective_share.percent(1) == pct("66.7") and r.collective_share.percent(0) == pct("67")
    assert (r.repeat.numerator, r.repeat.denominator) == (2, 18)
    assert r.repeat.percent(1) == pct("11.1") and r.repeat.percent(0) == pct("11")
    # Decisions: 17 (every item of 2026 but E4), all within 15 days but D2 (due 24 September, decided 12 October).
    assert (r.timely_acceptance.numerator, r.timely_acceptance.denominator) == (16, 17)
    assert r.timely_acceptance.percent(1) == pct("94.1")
    # Filed: 12 assigned + 2 answered on the spot (B1 C1); closed: 9 replied by 31 December + 2 answered.
    assert (r.closure.numerator, r.closure.denominator) == (11, 14)
    assert r.closure.percent(1) == pct("78.6") and r.closure.percent(0) == pct("79")
    # Assigned 12, of which 9 reported back by 31 December (A4 open, B2 never, E3 only on 5 January 2027).
    assert (r.reply.numerator, r.reply.denominator) == (9, 12)
    assert r.reply.percent(1) == pct("75.0")
    # Due in 2026: A1 A2 B2 B3 B5 C2 D1 D2 E1 E2 E3 (A4 is due in 2027); on time: A1 B3 B5 C2 D1 E1 E2.
    assert (r.on_time_closure.numerator, r.on_time_closure.denominator) == (7, 11)
    assert r.on_time_closure.percent(1) == pct("63.6") and r.on_time_closure.percent(0) == pct("64")
    # Replied in 2026: 9 after handling + B1 C1; D1 is an accusation: 10 eligible; evaluated by 15 January 2027:
    # A1 S, A2 X, B1 B, B3 S, B5 S, C2 S (on 10 January 2027), D2 X, E1 S, E2 B — C1 not evaluated.
    assert (r.satisfaction.numerator, r.satisfaction.denominator) == (7, 9)
    assert r.satisfaction.percent(1) == pct("77.8") and r.satisfaction.percent(0) == pct("78")
    assert (r.participation.numerator, r.participation.denominator) == (9, 10)
    assert r.participation.percent(1) == pct("90.0")
    # No dispute was screened in this year: 0 of 0, said in words (stats/screening.py has the figures with disputes).
    assert r.dispute_resolution.percent() is None
    assert (r.dispute_resolution.numerator, r.dispute_resolution.denominator) == (0, 0)
    assert r.dispute_resolution.reason == "本期未排查出矛盾纠纷"


def test_decisions_of_the_year(year):
    d = year.decisions
    assert (d.total, d.on_time) == (17, 16)
    assert (d.assigned, d.answered, d.forwarded, d.declined, d.returned) == (12, 2, 1, 1, 1)  # F1 handed back


def test_handling_of_the_year(year):
    h = year.handling
    assert (h.filed, h.assigned, h.answered) == (14, 12, 2)
    assert (h.closed, h.assigned_closed, h.open) == (11, 9, 3)  # open: A4, B2, E3
    assert (h.due, h.on_time, h.late, h.overdue) == (11, 7, 2, 2)  # late: A2 D2; overdue: B2, E3
    assert h.replied == 11
    e = h.evaluations
    assert (e.eligible, e.evaluated, e.satisfied, e.basically_satisfied, e.dissatisfied) == (10, 9, 5, 2, 2)


def test_a_reply_after_the_period_end_does_not_close_an_item_in_it(year, county_data):
    """E3 was replied on 5 January 2027: in 2026 it is still open and overdue."""
    assert county_data.item("E3").replied_on == D(2027, 1, 5)
    t = next(u for u in year.breakdowns.responsible_unit if u.label == "化子坪镇").handling
    assert (t.assigned, t.assigned_closed, t.overdue) == (8, 6, 2)


def test_handling_per_responsible_unit(year):
    rows = {str(u.label): u.handling for u in year.breakdowns.responsible_unit}
    with translation.override("zh-hans"):
        labels = [str(u.label) for u in year.breakdowns.responsible_unit]
    assert labels == ["化子坪镇", "建华镇", "县人社局", "信访局（当场答复）"]
    t, o, d = rows["化子坪镇"], rows["建华镇"], rows["县人社局"]
    assert year.breakdowns.responsible_unit[-1].unit_id is None
    bureau = year.breakdowns.responsible_unit[-1].handling
    # T: A1 A2 B2 B3 B5 D2 E1 E3.
    assert (t.assigned, t.assigned_closed, t.due, t.on_time, t.late, t.overdue, t.replied) == (8, 6, 8, 4, 2, 2, 6)
    assert (t.evaluations.eligible, t.evaluations.evaluated, t.evaluations.satisfied, t.evaluations.dissatisfied) == (
        6, 6, 4, 2)
    assert t.on_time_rate.percent(1) == pct("50.0") and t.evaluations.satisfaction.percent(0) == pct("67")
    # O: C2 E2.
    assert (o.assigned, o.assigned_closed, o.due, o.on_time, o.replied, o.evaluations.evaluated) == (2, 2, 2, 2, 2, 2)
    # D: A4 (open, due 2027), D1 (accusation: not evaluated).
    assert (d.assigned, d.assigned_closed, d.due, d.on_time, d.evaluations.eligible) == (2, 1, 1, 1, 0)
    assert d.evaluations.participation.percent() is None
    # The bureau's own answers on the spot: B1 (evaluated), C1.
    assert (bureau.answered, bureau.replied, bureau.evaluations.eligible, bureau.evaluations.evaluated) == (2, 2, 2, 1)
    total = sum(rows.values(), Handling())
    assert total == year.handling


def test_breakdowns_of_the_year(year):
    b = year.breakdowns
    assert [(r.key, r.items, r.persons) for r in b.channel] == [
        ("letter", 4, 4), ("visit", 9, 35), ("phone", 2, 2), ("online", 1, 1), ("fax", 1, 1), ("email", 1, 1)]
    assert [(r.key, r.items, r.persons) for r in b.content_type] == [
        ("suggestion", 2, 2), ("accusation", 1, 1), ("appeal_demand", 15, 41)]
    assert [(r.key, r.items, r.persons) for r in b.received_level] == [
        ("own", 14, 34), ("city", 2, 3), ("province", 1, 6), ("capital", 1, 1)]
    assert [(r.label, r.items, r.persons) for r in b.category] == [
        ("劳动社保", 9, 12), ("国土资源水利林业", 3, 19), ("城乡建设", 6, 13)]
    assert [(r.label, r.parent, r.items, r.persons) for r in b.subcategory] == [
        ("劳动社保", None, 0, 0), ("拖欠工资", "劳动社保", 9, 12), ("国土资源水利林业", None, 3, 19),
        ("城乡建设", None, 3, 3), ("物业管理", "城乡建设", 3, 10)]
    assert [(r.label, r.parent, r.items, r.persons) for r in b.place] == [
        ("化子坪镇", None, 11, 19), ("化子坪村", "化子坪镇", 2, 4), ("建华镇", None, 5, 21)]
    assert [(r.label, r.items, r.persons) for r in b.area] == [("化子坪镇", 13, 23), ("建华镇", 5, 21)]


def test_the_top_ten_places_and_categories(year):
    b = year.breakdowns
    assert [r.label for r in b.top_places] == ["化子坪镇", "建华镇"]
    assert [r.label for r in b.top_categories] == ["劳动社保", "城乡建设", "国土资源水利林业"]
    # Ties on items (3 each) go to the one with more persons.
    assert [r.label for r in b.top_subcategories] == ["拖欠工资", "国土资源水利林业", "物业管理", "城乡建设"]


def test_year_on_year_changes_of_the_volume(year):
    yoy = year.year_on_year
    assert (yoy.period.start, yoy.period.end) == (D(2025, 1, 1), D(2025, 12, 31))
    # 2025: letters Y1 Y2 Y3; visits Y4 1, Y5 2, Y6 5 (collective); city Y7 1; phone Y8; no online item.
    assert yoy.base.own_total == 11 and yoy.base.all_channel_total == 13
    c = yoy.change("own_total")
    assert (c.current, c.base, c.difference) == (30, 11, 19)
    assert c.percent(1) == pct("172.7") and c.percent(0) == pct("173")
    assert yoy.change("visits.batches").percent(1) == pct("66.7")  # 5 against 3
    assert yoy.change("visits.persons").percent(0) == pct("213")  # 25 against 8: 212.5% rounds half-up
    assert yoy.change("collective_visits.persons").percent(1) == pct("300.0")  # 20 against 5
    assert yoy.change("skip_level.total.persons").percent(1) == pct("900.0")  # 10 against 1
    assert yoy.change("all_channel_total").percent(1) == pct("238.5")  # 44 against 13
    online = yoy.change("online")  # 2 against 0: no percentage
    assert (online.current, online.base, online.percent()) == (2, 0, None)
    assert online.reason
    assert yoy.change("skip_level.province.batches").percent() is None
    # For a year the previous period is the previous year.
    assert year.period_on_period.base == yoy.base


# ------------------------------------------------------------------------------------------------------------
# A unit's subtree: intake by place of the problem, handling by responsible unit.


def test_a_township_counts_the_items_of_its_places_and_the_handling_of_its_units(county_data):
    f = compute(YEAR, county_data.units["T"], as_of=AS_OF)
    v = f.volume
    # Places 化子坪镇 and 化子坪村: A1 A2 A4 B1 B2 B3 B5 C1 D1 D2 E1 E3 E4.
    assert (v.items, v.letters, v.visits, v.collective_visits, v.own_total) == (13, 3, Visits(4, 13), Visits(1, 8), 16)
    assert (v.skip_level.total, v.phone, v.online, v.all_channel_total, v.repeat_items) == (Visits(3, 4), 1, 2, 23, 2)
    assert f.rates.collective_share.percent(1) == pct("50.0")
    assert f.rates.repeat.percent(1) == pct("15.4")
    assert (f.decisions.total, f.decisions.on_time, f.decisions.assigned, f.decisions.answered) == (12, 11, 10, 2)
    h = f.handling  # responsible unit 化子坪镇 only (the bureau's answers on the spot are not the township's)
    assert (h.filed, h.closed, h.open, h.due, h.on_time, h.overdue) == (8, 6, 2, 8, 4, 2)
    assert f.rates.satisfaction.percent(1) == pct("66.7") and f.rates.participation.percent(1) == pct("100.0")
    assert [(r.label, r.parent, r.items) for r in f.breakdowns.area] == [("化子坪镇", None, 11), ("化子坪村", "化子坪镇", 2)]
    assert [str(u.label) for u in f.breakdowns.responsible_unit] == ["化子坪镇"]
    # Last year: Y1 Y3 Y4 Y5 Y6 (own level) — letters 2, visits 3 batches 8 persons: 10.
    assert f.year_on_year.base.own_total == 10
    assert f.year_on_year.change("own_total").percent(1) == pct("60.0")


def test_a_department_has_handling_figures_but_no_places(county_data):
    f = compute(YEAR, county_data.units["D"], as_of=AS_OF)
    assert f.volume.items == 0 and f.decisions.total == 0
    assert f.rates.collective_share.percent() is None and f.rates.collective_share.reason
    assert f.rates.timely_acceptance.percent() is None
    assert (f.handling.filed, f.handling.closed, f.handling.open) == (2, 1, 1)
    assert f.rates.closure.percent(1) == pct("50.0") and f.rates.on_time_closure.percent(1) == pct("100.0")
    assert f.rates.satisfaction.percent() is None and f.rates.participation.percent() is None


@pytest.mark.parametrize("unit_key", [None, "bureau", "county"])
def test_no_unit_the_bureau_and_the_county_all_mean_the_whole_county(county_data, unit_key):
    unit = county_data.units[unit_key] if unit_key else None
    f = compute(YEAR, unit, as_of=AS_OF)
    assert f.scope.whole_county
    assert (f.volume.items, f.handling.filed, f.decisions.total) == (18, 14, 17)


def test_a_higher_body_is_refused(county_data, higher_bodies):
    with pytest.raises(ValueError):
        compute(YEAR, higher_bodies["city"], as_of=AS_OF)


# ------------------------------------------------------------------------------------------------------------
# A quarter: year on year and period on period.


def test_a_quarter_against_the_same_quarter_last_year_and_the_previous_quarter(county_data):
    f = compute(Period.quarter(2026, 1), as_of=AS_OF)
    v = f.volume  # A1 A2 A3(fax) B1 B5 C1 E1
    assert (v.letters, v.visits, v.own_total, v.skip_level.total, v.phone, v.online) == (
        3, Visits(2, 2), 5, Visits(1, 2), 1, 0)
    assert v.all_channel_total == 8
    assert f.rates.collective_share.percent(1) == pct("0.0")  # a true 0%: letters and visits, none collective
    yoy = f.year_on_year  # Q1 2025: Y1 Y2 letters, Y4 visit
    assert str(yoy.period) == "2025-Q1" and yoy.base.own_total == 3
    assert yoy.change("own_total").percent(0) == pct("67")
    pop = f.period_on_period  # Q4 2025: Y3 letter, Y6 collective visit of 5, Y8 phone
    assert str(pop.period) == "2025-Q4"
    assert (pop.base.letters, pop.base.visits, pop.base.own_total, pop.base.phone) == (1, Visits(1, 5), 6, 1)
    assert pop.change("own_total").percent(1) == pct("-16.7") and pop.change("own_total").percent(0) == pct("-17")
    assert pop.change("visits.batches").percent(1) == pct("100.0")  # 2 against 1
    assert pop.change("visits.persons").percent(1) == pct("-60.0")  # 2 against 5
    assert pop.change("phone").direction == "flat"


def test_no_data_in_the_base_period_is_not_a_zero_change(county_data):
    """Q1 2025 against Q4 2024 and Q1 2024: nothing was received in 2024 (the system was not in use)."""
    f = compute(Period.quarter(2025, 1), as_of=AS_OF)
    assert f.volume.own_total == 3
    for comparison in (f.year_on_year, f.period_on_period):
        assert comparison.base is None and not comparison.available and comparison.reason
        change = comparison.change("own_total")
        assert change.percent() is None and change.direction is None and change.reason


# ------------------------------------------------------------------------------------------------------------
# A period that has not ended: as of the day given.


def test_a_running_year_counts_up_to_the_as_of_day(county_data):
    f = compute(YEAR, as_of=D(2026, 6, 30))
    assert (f.cutoff, f.complete) == (D(2026, 6, 30), False)
    v = f.volume  # received by 30 June: A1 A2 A3 F1 B1 B2 B3 B5 C1 D1 E1 E2
    assert (v.items, v.letters, v.visits, v.own_total, v.skip_level.total, v.phone, v.online) == (
        12, 4, Visits(4, 13), 17, Visits(2, 8), 1, 1)
    assert v.all_channel_total == 27
    # Compared with 1 January – 30 June 2025 (Y1 Y2 letters, Y4 1 and Y5 2 persons): 5.
    yoy = f.year_on_year
    assert (yoy.period.start, yoy.period.end) == (D(2025, 1, 1), D(2025, 6, 30))
    assert yoy.change("own_total").percent(1) == pct("240.0")
    assert (f.decisions.total, f.decisions.on_time) == (12, 12)  # D2's late decision is in October
    h = f.handling
    # Accepted by 30 June: A1 A2 B2 B3 B5 D1 E1 E2, closed A1 A2 B3 B5 D1 E1; answered B1 C1.
    assert (h.filed, h.closed, h.open) == (10, 8, 2)
    # Due by 30 June: A1 A2 B2 B5 E1 (B3 and D1, replied early, fall due in July and August).
    assert (h.due, h.on_time, h.late, h.overdue) == (5, 3, 1, 1)
    # Replied by 30 June: A1 A2 B1 B3 B5 C1 D1 E1 — 7 eligible, 6 evaluated by 30 June (A1 A2 B1 B3 B5 E1).
    e = h.evaluations
    assert (e.eligible, e.evaluated, e.satisfied, e.basically_satisfied, e.dissatisfied) == (7, 6, 4, 1, 1)
    assert f.rates.satisfaction.percent(1) == pct("83.3") and f.rates.participation.percent(0) == pct("86")


def test_an_evaluation_recorded_after_the_as_of_day_does_not_count_yet(county_data):
    """C2 (replied 1 September 2026) was evaluated on 10 January 2027."""
    before = compute(YEAR, as_of=D(2027, 1, 9))
    after = compute(YEAR, as_of=D(2027, 1, 10))
    assert (before.handling.evaluations.evaluated, after.handling.evaluations.evaluated) == (8, 9)
    assert before.rates.satisfaction.percent(1) == pct("75.0")
    # Everything else of an ended year is the same whatever the day it is taken.
    assert before.volume == after.volume and before.decisions == after.decisions
    assert (before.handling.filed, before.handling.closed, before.handling.due, before.handling.on_time) == (
        after.handling.filed, after.handling.closed, after.handling.due, after.handling.on_time)


def test_an_item_due_on_the_as_of_day_is_pending_until_the_day_is_over(county_data):
    """B2 is due on 8 June 2026 and never replied: not yet missed on 8 June, overdue from 9 June."""
    on_the_day = compute(Period.month(2026, 6), as_of=D(2026, 6, 8))
    next_day = compute(Period.month(2026, 6), as_of=D(2026, 6, 9))
    assert (on_the_day.handling.due, on_the_day.handling.overdue) == (0, 0)
    assert on_the_day.rates.on_time_closure.percent() is None
    assert (next_day.handling.due, next_day.handling.overdue) == (1, 1)
    assert next_day.rates.on_time_closure.percent(1) == pct("0.0")
    # Once June has ended its last day counts in full: taken on 30 June or later, B2 is overdue in June.
    assert compute(Period.month(2026, 6), as_of=D(2026, 7, 1)).handling.overdue == 1


def test_the_same_data_gives_the_same_figures(county_data):
    assert compute(YEAR, as_of=AS_OF) == compute(YEAR, as_of=AS_OF)


def test_a_period_that_has_not_started_is_refused(county_data):
    with pytest.raises(PeriodError):
        compute(Period.year(2027), as_of=D(2026, 12, 31))


def test_the_sql_condition_of_evaluable_items_is_the_models_rule(county_data):
    evaluable = set(Petition.objects.filter(queries.EVALUABLE).values_list("pk", flat=True))
    assert evaluable == {p.pk for p in Petition.objects.all() if p.is_evaluable}
    assert county_data.items["D1"].pk not in evaluable and county_data.items["A3"].pk not in evaluable


def test_a_dozen_queries_whatever_the_number_of_items(county_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # 14, and the screened disputes of the period (stats.screening)
        compute(Period.quarter(2026, 1), county_data.units["T"], as_of=AS_OF)


def test_as_of_defaults_to_today(county_data):
    """``compute`` reads the clock only for the default ``as_of``: the day in the county's time zone."""
    # 30 June 2026, 23:30 UTC is already 1 July in Shanghai.
    with time_machine.travel(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False):
        today = compute(YEAR)
    assert today.as_of == D(2026, 7, 1)
    assert today == compute(YEAR, as_of=D(2026, 7, 1))


def test_evaluations_say_how_they_came(registrar, handler, township):
    """Issue 12, hole 7: an evaluation given on the query page and one recorded by the bureau count alike in the
    satisfaction rate, and the figures tell them apart."""
    import datetime as dt

    from petitions import actions as petition_actions
    from stats.figures import compute
    from stats.periods import Period

    from ..factories import register

    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC), tick=False):
        replied = []
        for _ in range(3):
            p = petition_actions.petition_assign(actor=registrar, petition=register(registrar, township),
                                                 unit=township, on=dt.date(2026, 3, 3))
            p = petition_actions.petition_sign_for(actor=handler, petition=p, on=dt.date(2026, 3, 4))
            replied.append(petition_actions.petition_reply(actor=handler, petition=p, outcome="support",
                                                           text="已办。", on=dt.date(2026, 3, 6)))
        petition_actions.petition_evaluate(actor=None, petition=replied[0], rating="satisfied")
        petition_actions.petition_evaluate(actor=registrar, petition=replied[1], rating="dissatisfied")
        e = compute(Period.month(2026, 3), None, as_of=dt.date(2026, 3, 31)).handling.evaluations
    assert (e.eligible, e.evaluated, e.on_query_page, e.entered_by_staff) == (3, 2, 1, 1)
