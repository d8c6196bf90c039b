import datetime as dt
import random
from types import SimpleNamespace

from django.utils import timezone

from demo.checks import problems
from petitions.models import EventKind, Petition, PetitionEvent, Source
from supervision import actions, demo
from supervision.models import Ownership

from ..factories import register
from .conftest import ASSIGNED_ON, assign


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


def test_an_item_owned_on_the_day_it_was_registered_late_keeps_its_registration_first(registrar, supervisor, township,
                                                                                        leader):
    """The demo gives its notes times from 15:00; an item registered and assigned at 16:18 and owned the same day
    had its ownership note at 15:xx, before its registration (load_demo --items 2000 on 2026-11-28 and --items 300
    on 2026-01-01: "the first event is not the registration")."""
    item = assign(supervisor, register(registrar, township, on=ASSIGNED_ON, received_on=ASSIGNED_ON), township,
                  deadline_class="major")
    tz = timezone.get_default_timezone()
    afternoon = dt.datetime(2026, 3, 3, 16, 18, tzinfo=tz)
    for minutes, event in enumerate(item.events.order_by("pk")):  # as the demo's runner backdates the steps
        PetitionEvent.objects.filter(pk=event.pk).update(at=afternoon + dt.timedelta(minutes=18 * minutes))
    Petition.objects.filter(pk=item.pk).update(registered_at=afternoon)
    started = timezone.now()
    actions.ownership_set(actor=registrar, petition=item, owning_leader=leader, lead_unit=township,
                          handlers="张明（副镇长）", deadline=dt.date(2026, 4, 15), risk_measures="每周走访一次。",
                          funds="无需资金", on=ASSIGNED_ON)

    demo._backdate(started)

    history = list(item.events.order_by("at", "pk"))
    assert [e.kind for e in history][:2] == [EventKind.REGISTERED, EventKind.ASSIGNED]
    assert all(timezone.localtime(e.at).date() == ASSIGNED_ON for e in history)
    assert problems(Petition.objects.filter(pk=item.pk), today=ASSIGNED_ON) == []
