import datetime as dt
import random
from types import SimpleNamespace

from petitions.models import Source
from supervision import demo
from supervision.models import Ownership

from ..factories import register
from .conftest import assign


def test_the_demo_owns_an_item_due_before_it_was_accepted_from_its_acceptance(registrar, supervisor, township,
                                                                                city_bureau, leader):
    """An item the city sent down, decided after the city's due date: its handling is due before it was accepted.
    The demo's ownership deadline (which may not precede acceptance) starts at acceptance; loading the demo on
    2026-11-28 with 2000 items failed here."""
    for seed in range(10):  # whatever the demo's dice say, on an item of its own
        item = assign(supervisor, register(registrar, township, source=Source.ASSIGNED_FROM_ABOVE,
                                           source_body=city_bureau, source_due_on=dt.date(2026, 3, 2)), township)
        rng = random.Random(seed)

        if demo._ownership(SimpleNamespace(leaders=[leader]), rng, [item], dt.date(2026, 6, 30), registrar):
            assert item.handling_due_on < Ownership.objects.get(petition=item).deadline == item.accepted_on
