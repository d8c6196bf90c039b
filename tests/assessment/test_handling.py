"""The two handling figures the assessment adds (``assessment.handling``), against items built through the real
actions: repeat matters resolved, and the rule for skip-level items — one counts against a unit only when it
repeats an item of that unit which was past a limit it had not met on the day the skip-level item came in.

Items (``tests/stats/conftest.py``'s ``Item`` and ``build``; T 化子坪镇, O 建华镇, D 县人社局; the earlier items
are letters received on 2 March 2026, whose decision is due on 17 March and — assigned on 3 March — whose handling
is due 60 days after their acceptance, in early May)::

    LATE_OPEN      assigned to T on 3 March, never replied: open past its due date from May
    ON_TIME        assigned to T on 3 March, replied on 20 April (on time)
    LATE_REPLIED   place O, assigned to O on 3 March, replied on 20 May (late)
    LATE_DECISION  assigned to T on 25 March (decision due 17 March: late), replied on 20 May (on time)
    PENDING        received 1 June, assigned to T on 2 June: within its limits all June

    S_LATE_OPEN      city, 10 June, repeat of LATE_OPEN          → counts against T
    S_ON_TIME        city, 10 June, repeat of ON_TIME            → does not count
    S_LATE_REPLIED   province, 11 June, repeat of LATE_REPLIED   → counts against O
    S_LATE_DECISION  capital, 12 June, repeat of LATE_DECISION   → counts against T
    S_PENDING        city, 15 June, repeat of PENDING            → does not count (still within its limits)
    S_FIRST          province, 16 June, repeat of nothing        → does not count (nothing raised here first)
    OWN_REPEAT       own-level visit, 17 June, repeat of LATE_OPEN → not a skip-level item
    S_EARLY          city, 10 April, repeat of LATE_OPEN         → does not count: LATE_OPEN was not yet due then
"""

import datetime as dt
from fractions import Fraction

import pytest
import time_machine

from assessment import handling
from petitions.models import Channel, ReceivedLevel
from stats.periods import Period

from ..stats.conftest import AS_OF, RECORDED, Item, _assigned, build

pytestmark = pytest.mark.django_db
D = dt.date
MARCH_2 = D(2026, 3, 2)

ITEMS = [
    Item("LATE_OPEN", Channel.LETTER, MARCH_2, "T", "拖欠工资", steps=_assigned("T", D(2026, 3, 3))),
    Item("ON_TIME", Channel.LETTER, MARCH_2, "T", "拖欠工资", steps=_assigned("T", D(2026, 3, 3), D(2026, 4, 20))),
    Item("LATE_REPLIED", Channel.LETTER, MARCH_2, "O", "物业管理",
         steps=_assigned("O", D(2026, 3, 3), D(2026, 5, 20))),
    Item("LATE_DECISION", Channel.LETTER, MARCH_2, "T", "拖欠工资",
         steps=_assigned("T", D(2026, 3, 25), D(2026, 5, 20))),
    Item("PENDING", Channel.LETTER, D(2026, 6, 1), "T", "拖欠工资", steps=_assigned("T", D(2026, 6, 2))),
    Item("S_LATE_OPEN", Channel.VISIT, D(2026, 6, 10), "T", "拖欠工资", level=ReceivedLevel.CITY, repeat_of="LATE_OPEN"),
    Item("S_ON_TIME", Channel.VISIT, D(2026, 6, 10), "T", "拖欠工资", level=ReceivedLevel.CITY, repeat_of="ON_TIME"),
    Item("S_LATE_REPLIED", Channel.VISIT, D(2026, 6, 11), "O", "物业管理", headcount=6, level=ReceivedLevel.PROVINCE,
         repeat_of="LATE_REPLIED"),
    Item("S_LATE_DECISION", Channel.VISIT, D(2026, 6, 12), "T", "拖欠工资", level=ReceivedLevel.CAPITAL,
         repeat_of="LATE_DECISION"),
    Item("S_PENDING", Channel.VISIT, D(2026, 6, 15), "T", "拖欠工资", level=ReceivedLevel.CITY, repeat_of="PENDING"),
    Item("S_FIRST", Channel.VISIT, D(2026, 6, 16), "T", "拖欠工资", headcount=3, level=ReceivedLevel.PROVINCE),
    Item("OWN_REPEAT", Channel.VISIT, D(2026, 6, 17), "T", "拖欠工资", repeat_of="LATE_OPEN"),
    Item("S_EARLY", Channel.VISIT, D(2026, 4, 10), "T", "拖欠工资", level=ReceivedLevel.CITY, repeat_of="LATE_OPEN"),
]


@pytest.fixture
def lapses(registrar, county, bureau, township, village, other_township, department, higher_bodies, categories):
    units = {"T": township, "V": village, "O": other_township, "D": department}
    done = {}
    with time_machine.travel(RECORDED, tick=False):
        for spec in ITEMS:
            done[spec.key] = build(spec, registrar=registrar, units=units, categories=categories,
                                   higher_bodies=higher_bodies, done=done)
    return units, done


def test_the_earlier_items_are_what_the_scenario_says(lapses):
    _units, items = lapses
    late_open, on_time, late_replied, late_decision, pending = (
        items[k] for k in ("LATE_OPEN", "ON_TIME", "LATE_REPLIED", "LATE_DECISION", "PENDING"))
    assert late_open.replied_on is None and late_open.handling_due_on < D(2026, 6, 10)
    assert D(2026, 4, 10) < late_open.handling_due_on  # S_EARLY came while LATE_OPEN was within its limits
    assert on_time.replied_on <= on_time.handling_due_on
    assert late_replied.handling_due_on < late_replied.replied_on < D(2026, 6, 11)
    assert late_decision.decided_on > late_decision.decision_due_on
    assert late_decision.replied_on <= late_decision.handling_due_on
    assert pending.handling_due_on > D(2026, 6, 30)


def test_a_skip_level_repeat_of_an_item_the_unit_let_lapse_counts_against_that_unit_only(lapses):
    units, _items = lapses
    june = handling.compute_each(Period.month(2026, 6), units.values(), as_of=AS_OF)
    # T: S_LATE_OPEN (handling overdue) and S_LATE_DECISION (decided late); not S_ON_TIME (handled on time),
    # S_PENDING (within its limits), S_FIRST (no earlier item here), OWN_REPEAT (received at own level).
    assert june[units["T"].pk].lapsed_skip_level == 2
    assert june[units["O"].pk].lapsed_skip_level == 1  # S_LATE_REPLIED: replied after its due date
    assert june[units["D"].pk].lapsed_skip_level == 0
    assert june[units["V"].pk].lapsed_skip_level == 0  # a village is responsible for none of the earlier items


def test_a_skip_level_visit_before_the_earlier_item_was_due_does_not_count(lapses):
    units, _items = lapses
    april = handling.compute_each(Period.month(2026, 4), units.values(), as_of=AS_OF)
    assert april[units["T"].pk].lapsed_skip_level == 0  # S_EARLY: LATE_OPEN was due only in May


def test_the_whole_county_counts_every_lapsed_skip_level_item(lapses, county):
    units, _items = lapses
    june = handling.compute_each(Period.month(2026, 6), [county], as_of=AS_OF)
    assert june[county.pk].lapsed_skip_level == 3


def test_repeat_matters_resolved_counts_the_repeat_petitions_due_in_the_period(registrar, county, bureau, township,
                                                                               village, other_township, department,
                                                                               higher_bodies, categories):
    """Repeat petitions whose handling fell due in the period: replied by the cutoff (late too) ÷ all of them."""
    units = {"T": township, "V": village, "O": other_township, "D": department}
    specs = [
        Item("FIRST", Channel.LETTER, D(2026, 1, 5), "T", "拖欠工资", steps=_assigned("T", D(2026, 1, 6), D(2026, 1, 20))),
        # Three repeats assigned on 3 March, due in early May: one replied on time, one late, one never.
        Item("R_ON_TIME", Channel.LETTER, MARCH_2, "T", "拖欠工资", repeat_of="FIRST",
             steps=_assigned("T", D(2026, 3, 3), D(2026, 4, 20))),
        Item("R_LATE", Channel.LETTER, MARCH_2, "T", "拖欠工资", repeat_of="FIRST",
             steps=_assigned("T", D(2026, 3, 3), D(2026, 5, 25))),
        Item("R_OPEN", Channel.LETTER, MARCH_2, "V", "拖欠工资", repeat_of="FIRST", steps=_assigned("T", D(2026, 3, 3))),
        # A first petition due in May is not a repeat: not counted here (on-time closure counts it).
        Item("OTHER", Channel.LETTER, MARCH_2, "T", "拖欠工资", steps=_assigned("T", D(2026, 3, 3))),
    ]
    done = {}
    with time_machine.travel(RECORDED, tick=False):
        for spec in specs:
            done[spec.key] = build(spec, registrar=registrar, units=units, categories=categories,
                                   higher_bodies=higher_bodies, done=done)
    may = handling.compute_each(Period.month(2026, 5), [township, other_township], as_of=AS_OF)
    repeat = may[township.pk].repeat
    assert (repeat.closed, repeat.overdue, repeat.due) == (2, 1, 3)
    assert repeat.resolved.fraction == Fraction(2, 3)
    assert not may[other_township.pk].repeat.resolved.computable
    assert may[other_township.pk].repeat.resolved.reason == "本期无到期的重复信访事项"
