"""The daily rollups (stats/models.py, kept by the triggers of stats/rollup.py): the whole county's figures from them
equal the direct passes over the petition table, and every kind of change keeps them in step with that table."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petitions import actions
from petitions.access import RecordedFromLedger
from petitions.models import Channel, ContentType, DeclineReason, Petition, PetitionEvent, ReceivedLevel
from stats import queries, rollup
from stats.figures import compute
from stats.models import CategoryDay, DecisionDay, IntakeDay, PlaceDay
from stats.periods import Period
from stats.serialize import as_dict

from ..factories import registration
from .conftest import AS_OF, RECORDED

D = dt.date


def direct(period, unit=None, **kwargs):
    """``compute`` with the rollups turned off: every pass over the petition table."""
    queries.USE_ROLLUPS = False
    try:
        return compute(period, unit, **kwargs)
    finally:
        queries.USE_ROLLUPS = True


def rolled_up() -> dict:
    """Every rollup row with a count, by table and key."""
    return {
        "intake": Counter({
            (r.day, r.received_level, r.channel, r.is_collective, r.is_repeat, r.content_type): (r.items, r.persons)
            for r in IntakeDay.objects.exclude(items=0, persons=0)
        }),
        "category": Counter({(r.day, r.category_id): (r.items, r.persons)
                             for r in CategoryDay.objects.exclude(items=0, persons=0)}),
        "place": Counter({(r.day, r.place_id): (r.items, r.persons) for r in PlaceDay.objects.exclude(items=0, persons=0)}),
        "decision": Counter({(r.day, r.state): (r.decisions, r.on_time)
                             for r in DecisionDay.objects.exclude(decisions=0, on_time=0)}),
    }


def counted() -> dict:
    """The same, counted from the petition table now."""
    items = Petition.objects.order_by()
    received = {"n": Count("pk"), "persons": Sum("headcount")}

    def rows(*keys, qs=items, **aggregates):
        return Counter({tuple(row[:-2]): tuple(row[-2:])
                        for row in qs.values_list(*keys).annotate(**(aggregates or received))})

    return {
        "intake": rows("received_on", "received_level", "channel", "is_collective", "is_repeat", "content_type"),
        "category": rows("received_on", "category_id"),
        "place": rows("received_on", "place_id"),
        "decision": rows("decided_on", "state", qs=items.filter(decided_on__isnull=False), n=Count("pk"),
                         on_time=Count("pk", filter=Q(decided_on__lte=F("decision_due_on")))),
    }


def assert_in_step():
    assert rolled_up() == counted()
    assert rollup.in_step(connection)


PERIODS = ["2026", "2025", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-03", "2026-12", "2025-12",
           "2026-02-10..2026-07-01", "2025-11-01..2026-02-28"]


@pytest.mark.parametrize("key", PERIODS)
def test_the_county_from_the_rollups_equals_the_direct_passes(county_data, key):
    period = Period.parse(key)
    with CaptureQueriesContext(connection) as read:
        from_rollups = compute(period, as_of=AS_OF)
    assert any("stats_intakeday" in q["sql"] for q in read.captured_queries)
    assert any("stats_decisionday" in q["sql"] for q in read.captured_queries)
    assert as_dict(from_rollups) == as_dict(direct(period, as_of=AS_OF))
    assert from_rollups.months == direct(period, as_of=AS_OF).months


@pytest.mark.parametrize("as_of", [D(2026, 3, 16), D(2026, 7, 1), D(2026, 11, 27)])
def test_a_running_year_from_the_rollups_equals_the_direct_passes(county_data, as_of):
    assert as_dict(compute(Period.year(2026), as_of=as_of)) == as_dict(direct(Period.year(2026), as_of=as_of))


def test_a_unit_is_still_counted_from_the_petition_table(county_data):
    with CaptureQueriesContext(connection) as read:
        compute(Period.year(2026), county_data.units["T"], as_of=AS_OF)
    rollup_tables = ("stats_intakeday", "stats_categoryday", "stats_placeday", "stats_decisionday")
    assert not any(table in q["sql"] for q in read.captured_queries for table in rollup_tables)


def test_the_rollups_are_in_step_after_the_county_data(county_data):
    assert_in_step()


def test_every_step_keeps_the_rollups_in_step(county_data, registrar):
    """Registration, every transition, a hand-back, corrections (by the ORM and by SQL) and deletes."""
    ledger = RecordedFromLedger(registrar)
    units, categories = county_data.units, county_data.categories
    with time_machine.travel(RECORDED, tick=False):
        p = actions.petition_register(actor=registrar, data=registration(
            units["T"], categories["拖欠工资"], channel=Channel.VISIT, received_on=D(2026, 3, 2), headcount=7,
            petitioners=[actions.PetitionerData(name="代表甲", is_representative=True)]), on=D(2026, 3, 2))
        assert p.is_collective
        assert_in_step()
        steps = [
            lambda p: actions.petition_assign(actor=ledger, petition=p, unit=units["T"], on=D(2026, 3, 3)),
            lambda p: actions.petition_hand_back(actor=ledger, petition=p, reason="不属本镇管辖。", on=D(2026, 3, 4)),
            lambda p: actions.petition_assign(actor=ledger, petition=p, unit=units["O"], on=D(2026, 3, 6)),
            lambda p: actions.petition_sign_for(actor=ledger, petition=p, on=D(2026, 3, 7)),
            lambda p: actions.petition_extend(actor=ledger, petition=p, days=30, reason="情况复杂。",
                                              approved_by="局长", on=D(2026, 3, 20)),
            lambda p: actions.petition_reply(actor=ledger, petition=p, outcome="support", text="已办理。",
                                             on=D(2026, 4, 20)),
            lambda p: actions.petition_evaluate(actor=ledger, petition=p, rating="satisfied", on=D(2026, 4, 22)),
            lambda p: actions.petition_request_review(actor=None, petition=p, reason="不服", on=D(2026, 4, 25)),
            lambda p: actions.petition_decide_review(actor=ledger, petition=p, opinion="维持", on=D(2026, 5, 10)),
            lambda p: actions.petition_request_re_review(actor=None, petition=p, reason="仍不服", on=D(2026, 5, 15)),
            lambda p: actions.petition_decide_re_review(actor=ledger, petition=p, opinion="维持", on=D(2026, 6, 1)),
        ]
        states = [p.state]
        for step in steps:
            p = step(p)
            states.append(p.state)
            assert_in_step()
        assert len(set(states)) >= 8  # the item went through most of the states

        # The other decisions: answered, declined, forwarded.
        for decide in (
            lambda q: actions.petition_answer(actor=ledger, petition=q, answer="当场解释政策。", on=D(2026, 3, 9)),
            lambda q: actions.petition_decline(actor=ledger, petition=q, reason=DeclineReason.LEGAL_PROCEDURE,
                                               on=D(2026, 3, 10)),
            lambda q: actions.petition_forward(actor=ledger, petition=q, to_unit=units["D"], on=D(2026, 3, 11)),
        ):
            q = actions.petition_register(actor=registrar, data=registration(
                units["O"], categories["物业管理"], received_on=D(2026, 3, 9)), on=D(2026, 3, 9))
            decide(q)
            assert_in_step()

    # A correction of the registration record through the ORM (every counted column at once) …
    p.received_on, p.channel, p.headcount, p.is_collective = D(2026, 2, 27), Channel.LETTER, 1, False
    p.place, p.category, p.is_repeat, p.content_type = units["V"], categories["城乡建设"], True, ContentType.SUGGESTION
    p.received_level, p.decided_on = ReceivedLevel.CITY, D(2026, 3, 1)
    p.save()
    assert_in_step()
    # … and by SQL, many rows at once; an update of nothing counted changes nothing.
    Petition.objects.filter(received_on__year=2026, channel=Channel.VISIT).update(headcount=F("headcount") + 1)
    Petition.objects.filter(decided_on__isnull=False).update(decision_due_on=F("decided_on"))
    before = rolled_up()
    Petition.objects.update(title="改")
    assert rolled_up() == before
    assert_in_step()

    # Deletes (the events protect an item: a purge removes them first): one item, then every item (the rollup
    # rows stay, at zero, and are not read).
    PetitionEvent.objects.filter(petition=county_data.items["Y8"]).delete()
    Petition.objects.filter(pk=county_data.items["Y8"].pk).delete()
    assert_in_step()
    PetitionEvent.objects.all().delete()
    Petition.objects.update(repeat_of=None)
    Petition.objects.all().delete()
    assert_in_step()
    assert IntakeDay.objects.exists() and not IntakeDay.objects.exclude(items=0).exists()
    figures = compute(Period.year(2026), as_of=AS_OF)
    assert figures.volume.items == 0 and figures.breakdowns.place == () and figures.decisions.total == 0
    assert as_dict(figures) == as_dict(direct(Period.year(2026), as_of=AS_OF))


def test_rebuild_gives_the_rows_the_triggers_keep(county_data):
    kept = rolled_up()
    rollup.rebuild(connection)
    assert rolled_up() == kept


def test_ensure_puts_missing_triggers_back_and_refills(county_data):
    rollup.drop(connection)
    assert not rollup.installed(connection)
    IntakeDay.objects.all().delete()
    rollup.ensure("default")
    assert rollup.installed(connection)
    assert_in_step()


# ----------------------------------------------------------------------------------------------------------
# A property: any set of items, any changes to them, the rollups equal the petition table, and compute() agrees.

_codes = itertools.count()
item = st.fixed_dictionaries({
    "channel": st.sampled_from(Channel.values),
    "level": st.sampled_from(ReceivedLevel.values),
    "headcount": st.integers(1, 30),
    "content_type": st.sampled_from(ContentType.values),
    "category": st.sampled_from(["劳动社保", "拖欠工资", "国土资源水利林业", "城乡建设", "物业管理"]),
    "place": st.sampled_from(["T", "V", "O"]),
    "repeat": st.booleans(),
    "day": st.integers(0, 729),
    "decided": st.one_of(st.none(), st.integers(0, 20)),
    "due": st.integers(0, 15),
    "state": st.sampled_from(["registered", "assigned", "answered", "declined", "forwarded", "returned", "replied"]),
})
change = st.tuples(
    st.integers(0, 1000),
    st.sampled_from(["delete", "move_day", "headcount", "place", "category", "decide", "undecide", "state", "repeat"]),
    st.integers(0, 729),
)


def _petition(spec, units, categories) -> Petition:
    received = D(2025, 1, 1) + dt.timedelta(days=spec["day"])
    is_visit = spec["channel"] == Channel.VISIT
    decided = None if spec["decided"] is None else received + dt.timedelta(days=spec["decided"])
    return Petition(
        query_code=f"R{next(_codes):011d}", channel=spec["channel"], received_on=received,
        received_level=spec["level"], headcount=spec["headcount"] if is_visit else 1,
        is_collective=is_visit and spec["headcount"] >= 5, is_repeat=spec["repeat"], title="t", content="c",
        content_type=spec["content_type"], category=categories[spec["category"]], place=units[spec["place"]],
        registered_at=timezone.now(), decision_due_on=received + dt.timedelta(days=spec["due"]),
        decided_on=decided, state=spec["state"] if decided else "registered",
    )


def _apply(p: Petition, kind: str, n: int, units, categories) -> None:
    qs = Petition.objects.filter(pk=p.pk)
    if kind == "delete":
        qs.delete()
    elif kind == "move_day":
        qs.update(received_on=D(2025, 1, 1) + dt.timedelta(days=n), decision_due_on=D(2027, 1, 1))
    elif kind == "headcount":
        qs.update(headcount=1 + n % 20)
    elif kind == "place":
        qs.update(place=units["TVO"[n % 3]])
    elif kind == "category":
        qs.update(category=list(categories.values())[n % len(categories)])
    elif kind == "decide":
        qs.update(decided_on=F("received_on"), state=["assigned", "answered", "declined"][n % 3])
    elif kind == "undecide":
        qs.update(decided_on=None, state="registered")
    elif kind == "state":
        qs.update(state=["handling", "replied", "returned", "closed"][n % 4])
    elif kind == "repeat":
        qs.update(is_repeat=bool(n % 2))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(item, max_size=30), changes=st.lists(change, max_size=15))
def test_any_items_and_changes_keep_the_rollups_in_step(items, changes, township, village, other_township,
                                                        categories):
    units = {"T": township, "V": village, "O": other_township}
    with transaction.atomic():
        created = Petition.objects.bulk_create([_petition(spec, units, categories) for spec in items])
        for index, kind, n in changes:
            if created:
                _apply(created[index % len(created)], kind, n, units, categories)
        in_step = rolled_up() == counted()
        figures = {key: (as_dict(compute(Period.parse(key), as_of=D(2027, 1, 1))),
                         as_dict(direct(Period.parse(key), as_of=D(2027, 1, 1))))
                   for key in ("2026", "2025-Q3", "2026-06")}
        transaction.set_rollback(True)
    assert in_step
    for from_rollups, from_table in figures.values():
        assert from_rollups == from_table
