import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.checks import problems
from organisation.models import User
from petitions.models import Petition
from petitions.states import PetitionState

TODAY = dt.date(2026, 6, 30)


def load(**options):
    out = StringIO()
    call_command("load_demo", today=TODAY, stdout=out, **options)
    return out.getvalue()


def test_load_demo_refuses_a_database_with_items(db):
    load(items=3)

    with pytest.raises(CommandError, match="load_demo --reset"):
        load(items=3)
    assert Petition.objects.count() == 3


def test_load_demo_if_empty_leaves_existing_items_alone(db):
    load(items=3)
    codes = set(Petition.objects.values_list("query_code", flat=True))

    load(items=5, if_empty=True)

    assert set(Petition.objects.values_list("query_code", flat=True)) == codes


def test_load_demo_reset_replaces_the_items(db):
    load(items=4)
    old = set(Petition.objects.values_list("pk", flat=True))

    load(items=6, reset=True)

    assert Petition.objects.count() == 6 and not old & set(Petition.objects.values_list("pk", flat=True))
    assert User.objects.filter(username="registrar").count() == 1


def test_load_demo_with_no_items_seeds_units_categories_and_logins(db):
    output = load(items=0)

    assert Petition.objects.count() == 0
    assert User.objects.filter(username="handler").exists()
    assert "registrar / demo1234" in output


def test_the_same_seed_builds_the_same_demo(db):
    load(items=20, seed=5)
    first = list(Petition.objects.order_by("pk").values_list("title", "state", "received_on", "channel"))

    load(items=20, seed=5, reset=True)

    assert list(Petition.objects.order_by("pk").values_list("title", "state", "received_on", "channel")) == first


def test_the_demo_builds_when_today_falls_in_a_long_holiday(db):
    """Around the Spring Festival no due date falls inside the holiday; the demo is built all the same."""
    call_command("load_demo", today=dt.date(2026, 2, 17), items=40, stdout=StringIO())

    assert set(Petition.objects.values_list("state", flat=True)) == set(PetitionState.values)
    assert problems(today=dt.date(2026, 2, 17)) == []
