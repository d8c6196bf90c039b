"""stats.supervision against figures counted by hand.

The county of this test, all assigned to 化子坪镇 (A–C) or 建华镇 (D), year 2026, as of 30 June:

- A major, owned 4 March (deadline 15 April), replied 10 April: due, on time.
- B major, owned 5 March (deadline 20 March), replied 25 March: due, late.
- C from the city (due back 20 April), owned 6 March (deadline 31 March), never replied: due, overdue;
  notice 1 issued 10 March due 20 March, completed 19 March (on time); report: not sent (not closed).
- D from the city (due back 20 April), major, ownership without funds (not owned), replied 15 April, reported back
  25 April: late; notice 2 issued 1 April due 10 April, completed 12 April (late); notice 3 issued 20 June due
  5 July: open, not due in the period up to 30 June.
- E general, not needing ownership; a written instruction on it (2026).
So for the county: required 4 (A, B, C, D), owned 3; owned cases due 3: on time 1, late 1, overdue 1;
notices issued 3, completed 2, due 2: on time 1, late 1, overdue 0; from above received 2 (C, D), closed 1 (D),
reported on time 0, late 1, not yet 1; instructions 1. For 建华镇: required 1, owned 0, notices issued 2 …
"""

import datetime as dt

import pytest
import time_machine

from petitions import actions as petition_actions
from petitions.models import Source
from stats import supervision
from stats.periods import Period
from supervision import actions

from ..factories import register
from .conftest import assign, five, reply

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def county(registrar, supervisor, handler, other_handler, leader, township, other_township, city_bureau):
    def item(place, handler_, **kwargs):
        cls = kwargs.pop("deadline_class", "general")
        return assign(supervisor, register(registrar, place, **kwargs), place, deadline_class=cls)

    city = {"source": Source.ASSIGNED_FROM_ABOVE, "source_body": city_bureau, "source_due_on": D(2026, 4, 20)}
    a = item(township, handler, title="A", deadline_class="major")
    b = item(township, handler, title="B", deadline_class="major")
    c = item(township, handler, title="C", **city)
    d = item(other_township, other_handler, title="D", deadline_class="major", **city)
    e = item(township, handler, title="E")
    actions.ownership_set(actor=supervisor, petition=a, **five(leader, township), on=D(2026, 3, 4))
    actions.ownership_set(actor=supervisor, petition=b, **five(leader, township, deadline=D(2026, 3, 20)),
                          on=D(2026, 3, 5))
    actions.ownership_set(actor=supervisor, petition=c, **five(leader, township, deadline=D(2026, 3, 31)),
                          on=D(2026, 3, 6))
    actions.ownership_set(actor=supervisor, petition=d, **five(leader, other_township, funds=""), on=D(2026, 3, 6))
    reply(handler, a, D(2026, 4, 10))
    reply(handler, b, D(2026, 3, 25))
    n1 = actions.notice_issue(actor=supervisor, petition=c, due_on=D(2026, 3, 20), requirement="一", on=D(2026, 3, 10))
    actions.notice_complete(actor=supervisor, notice=n1, result="已督促", on=D(2026, 3, 19))
    n2 = actions.notice_issue(actor=supervisor, petition=d, due_on=D(2026, 4, 10), requirement="二", on=D(2026, 4, 1))
    actions.notice_complete(actor=supervisor, notice=n2, result="已办结", on=D(2026, 4, 12))
    reply(other_handler, d, D(2026, 4, 15))
    actions.report_back_record(actor=registrar, petition=d, sent_on=D(2026, 4, 25), on=D(2026, 4, 25))
    actions.notice_issue(actor=supervisor, petition=c, due_on=D(2026, 7, 5), requirement="三", on=D(2026, 6, 20))
    with time_machine.travel(dt.datetime(2026, 5, 2, 10, 0, tzinfo=dt.UTC)):
        petition_actions.instruction_request(actor=supervisor, petition=e, leader=leader)
        petition_actions.instruction_write(actor=leader, petition=e, text="请抓紧办理。")
    return a, b, c, d, e


def test_the_countys_figures(county):
    f = supervision.compute(Period.year(2026), None, as_of=D(2026, 6, 30))
    o, n, a = f.ownership, f.notices, f.from_above
    assert (o.required, o.owned, o.lacking, o.due, o.on_time, o.late, o.overdue) == (4, 3, 1, 3, 1, 1, 1)
    assert str(o.on_time_rate.percent(1)) == "33.3"
    assert (n.issued, n.completed, n.due, n.on_time, n.late, n.overdue) == (3, 2, 2, 1, 1, 0)
    assert (a.received, a.closed, a.reported_on_time, a.reported_late, a.not_reported) == (2, 1, 0, 1, 1)
    assert a.report_rate.percent(0) == 50
    assert f.instructions == 1


def test_a_units_figures_count_its_items_only(county, other_township):
    f = supervision.compute(Period.year(2026), other_township, as_of=D(2026, 6, 30))
    assert (f.ownership.required, f.ownership.owned, f.ownership.due) == (1, 0, 0)
    assert not f.ownership.on_time_rate.computable
    assert (f.notices.issued, f.notices.late) == (1, 1)
    assert (f.from_above.received, f.from_above.reported_late) == (1, 1)
    assert f.instructions == 0


def test_facts_after_the_cutoff_do_not_count(county):
    f = supervision.compute(Period.month(2026, 3), None, as_of=D(2026, 12, 31))
    # March: B due 20 March (late, replied 25th); C due 31 March (not replied: overdue); notice 1 due 20 March on time.
    assert (f.ownership.due, f.ownership.late, f.ownership.overdue) == (2, 1, 1)
    assert (f.notices.issued, f.notices.due, f.notices.on_time) == (1, 1, 1)
    # Cut at 19 March in a running month: B's deadline on 20 March has not come; notice 1 was completed that day.
    f = supervision.compute(Period.month(2026, 3), None, as_of=D(2026, 3, 19))
    assert (f.ownership.due, f.notices.due, f.notices.on_time) == (0, 0, 0)
    assert f.ownership.owned == 3


def test_as_dict_has_the_documented_keys(county):
    data = supervision.as_dict(supervision.compute(Period.year(2026), None, as_of=D(2026, 6, 30)))
    assert data["ownership"]["on_time_rate"]["numerator"] == 1
    assert set(data) == {"period", "as_of", "cutoff", "ownership", "notices", "from_above", "instructions",
                         "bulletins"}
