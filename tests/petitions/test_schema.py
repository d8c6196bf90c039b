"""The indexes of the petitioner and party tables as the migrations leave them (0008 is written by hand)."""

import pytest
from django.db import IntegrityError, connection, transaction

from petitions.models import Petitioner, PetitionParty

from ..factories import VALID_ID

pytestmark = pytest.mark.django_db


def _indexes() -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Petitioner._meta.db_table)


def test_the_same_id_number_cannot_be_recorded_twice():
    assert _indexes()["petitioner_unique_id_number"]["unique"]
    Petitioner.objects.create(name="张三", id_number=VALID_ID)
    with pytest.raises(IntegrityError), transaction.atomic():
        Petitioner.objects.create(name="张三", id_number=VALID_ID)
    Petitioner.objects.create(name="李四", id_number="")
    Petitioner.objects.create(name="王五", id_number="")  # an empty number is no one's


def test_each_look_up_has_one_index_and_none_is_a_pattern_copy():
    indexes = _indexes()
    columns = sorted(tuple(found["columns"]) for name, found in indexes.items() if found["index"] and not found["primary_key"])
    # the unique one, then the plain; name + address for the registration's earlier items of a person
    assert columns == [("id_number",), ("id_number",), ("name", "address"), ("name", "phone"), ("phone",)]
    assert not [name for name in indexes if name.endswith("_like")]


def test_an_items_parties_are_read_through_the_unique_index():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, PetitionParty._meta.db_table)
    leading = sorted(
        found["columns"][0] for found in indexes.values()
        if (found["index"] or found["unique"]) and not found["primary_key"]
    )
    assert leading == ["petition_id", "petitioner_id"]  # party_unique_per_petition, and the petitioner's items
    assert indexes["party_unique_per_petition"]["unique"]
