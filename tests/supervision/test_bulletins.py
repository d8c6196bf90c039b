"""Whom the supervision bulletin criticises: units that let items go overdue, replied after the due date, or had a
skip-level item on a matter they had let lapse — never a unit for skip-level visits as such (DESIGN.md §6)."""

import datetime as dt

import pytest

from petitions import actions as petition_actions
from petitions.models import Channel, ReceivedLevel, Source
from stats.periods import Period
from supervision import bulletins

from ..factories import register
from .conftest import assign, reply

pytestmark = pytest.mark.django_db
D = dt.date
Q1 = Period.quarter(2026, 1)
AS_OF = D(2026, 4, 10)


def skip_level(registrar, place, city_bureau, on, repeat_of=None, headcount=1):
    return register(registrar, place, channel=Channel.VISIT, received_level=ReceivedLevel.CITY, headcount=headcount,
                    source=Source.FORWARDED_FROM_ABOVE, source_body=city_bureau, received_on=on, repeat_of=repeat_of)


def criticism(draft) -> str:
    return next(line for line in draft.paragraphs if "予以通报批评" in line or "无超期未办结" in line)


@pytest.fixture
def handled_well(registrar, supervisor, handler, township, city_bureau):
    """化子坪镇 closed its item on time in Q1; three skip-level visits came from its area, one repeating that item."""
    item = assign(supervisor, register(registrar, township, title="好"), township, deadline_class="urgent",
                  on=D(2026, 3, 2))
    reply(handler, item, D(2026, 3, 4))
    skip_level(registrar, township, city_bureau, D(2026, 1, 20), headcount=3)
    skip_level(registrar, township, city_bureau, D(2026, 2, 11))
    skip_level(registrar, township, city_bureau, D(2026, 3, 20), repeat_of=item)
    return item


def test_a_unit_with_skip_level_visits_that_handled_well_is_commended_not_criticised(supervisor, handled_well,
                                                                                     township, other_township):
    draft = bulletins.draft(Q1, as_of=AS_OF)
    assert draft.praised == [township] and draft.criticised == []
    assert criticism(draft) == ("本期无超期未办结和超期办结事项，也无因首办单位未按期办理引发越级访的单位。")
    assert any("对化子坪镇予以通报表扬" in line for line in draft.paragraphs)


def test_a_reply_after_the_due_date_is_criticised(registrar, supervisor, other_handler, other_township, handled_well):
    late = assign(supervisor, register(registrar, other_township, title="迟", received_on=D(2026, 1, 5)),
                  other_township, deadline_class="urgent", on=D(2026, 1, 6))
    reply(other_handler, late, D(2026, 1, 20))
    assert late.handling_due_on < D(2026, 1, 20)
    draft = bulletins.draft(Q1, as_of=AS_OF)
    assert draft.criticised == [other_township]
    assert criticism(draft).startswith("对建华镇予以通报批评。其中，建华镇超期办结1件。")


def test_a_skip_level_item_on_a_matter_the_unit_had_let_lapse_is_criticised(registrar, supervisor, other_handler,
                                                                             other_township, city_bureau,
                                                                             handled_well):
    """建华镇 replied late in 2025 to an item; in February 2026 the petitioner took the same matter to the city."""
    earlier = assign(supervisor, register(registrar, other_township, title="旧", received_on=D(2025, 11, 3)),
                     other_township, deadline_class="urgent", on=D(2025, 11, 4))
    reply(other_handler, earlier, D(2025, 11, 28))
    skip_level(registrar, other_township, city_bureau, D(2026, 2, 16), repeat_of=earlier)
    draft = bulletins.draft(Q1, as_of=AS_OF)
    assert draft.criticised == [other_township]
    assert criticism(draft).startswith("对建华镇予以通报批评。其中，建华镇未按期办理引发越级访1件。")


def test_an_item_left_overdue_is_still_criticised(registrar, supervisor, other_handler, other_township):
    overdue = assign(supervisor, register(registrar, other_township, received_on=D(2026, 1, 5)), other_township,
                     deadline_class="urgent", on=D(2026, 1, 6))
    petition_actions.petition_sign_for(actor=other_handler, petition=overdue, on=D(2026, 1, 7))
    draft = bulletins.draft(Q1, as_of=AS_OF)
    assert draft.criticised == [other_township]
    assert criticism(draft).startswith("对建华镇予以通报批评。其中，建华镇超期未办结1件。")
