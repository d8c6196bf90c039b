"""config/rows.py: ``insert`` writes the same row as ``save(force_insert=True)``, or falls back to it."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import rows
from organisation.models import Unit
from petitions.models import Petition, Petitioner, PetitionEvent, PetitionSearchText
from workdays.models import CalendarOverride


def _row(model, pk):
    return model.objects.filter(pk=pk).values().get()


def test_an_inserted_row_equals_a_saved_one(petition, registrar):
    at = timezone.now()
    fields = dict(petition=petition, kind="note", actor=registrar, actor_label="县信访局 登记员", at=at,
                  from_state="", to_state="", note="备注", data={"on": "2026-11-27", "n": [1, 2], "x": None})
    inserted = rows.insert(PetitionEvent(**fields))
    saved = PetitionEvent(**fields)
    saved.save(force_insert=True)
    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    a, b = _row(PetitionEvent, inserted.pk), _row(PetitionEvent, saved.pk)
    a.pop("id"), b.pop("id")
    assert a == b
    assert a["data"] == {"on": "2026-11-27", "n": [1, 2], "x": None}


def test_defaults_and_automatic_dates_are_applied(db):
    person = rows.insert(Petitioner(name="张三", phone="13900000000"))
    row = _row(Petitioner, person.pk)
    assert row["id_number"] == "" and row["address"] == ""
    assert row["created_at"] is not None and person.created_at == row["created_at"]


def test_a_model_with_save_receivers_is_saved_the_usual_way(db):
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.date, created))

    post_save.connect(receiver, sender=CalendarOverride)
    try:
        rows.insert(CalendarOverride(date=dt.date(2031, 1, 1), is_workday=False))
    finally:
        post_save.disconnect(receiver, sender=CalendarOverride)
    assert seen == [(dt.date(2031, 1, 1), True)]


def test_an_object_with_its_key_already_is_saved_the_usual_way(db):
    person = rows.insert(Petitioner(pk=987, name="张三"))
    assert Petitioner.objects.get(pk=987).name == "张三" and person.pk == 987


def test_reference_models_keep_their_receivers(db):
    """Units have receivers (organisation/revision.py): saved the usual way, which also sets their path."""
    unit = rows.insert(Unit(name="测试镇", kind="township"))
    assert Unit.objects.get(pk=unit.pk).path == f"{unit.pk:05d}."


def test_a_row_whose_key_the_object_brings_is_inserted_with_it(petition):
    """The search row's key is its item's: no key drawn, none returned."""
    PetitionSearchText.objects.filter(petition=petition).delete()
    row = rows.insert(PetitionSearchText(petition=petition, bigrams="拖欠 欠工"))
    assert row.pk == petition.pk and not row._state.adding
    assert PetitionSearchText.objects.get(pk=petition.pk).bigrams == "拖欠 欠工"


def test_inserts_made_together_are_all_written_in_their_order(petition, registrar):
    """On PostgreSQL in one round trip at the end; a save the usual way inside writes what came before it first."""
    PetitionSearchText.objects.filter(petition=petition).delete()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(PetitionEvent.objects.filter(petition=petition, kind="note").count())

    at = timezone.now()
    post_save.connect(receiver, sender=CalendarOverride)
    try:
        with CaptureQueriesContext(connection) as queries, rows.together():
            first = rows.insert(PetitionEvent(petition=petition, kind="note", actor=registrar, at=at, note="一"))
            rows.insert(CalendarOverride(date=dt.date(2031, 1, 1), is_workday=False))  # saved: writes the first
            rows.insert(PetitionEvent(petition=petition, kind="note", actor=registrar, at=at, note="二"))
            rows.insert(PetitionSearchText(petition=petition, bigrams="拖欠"))
            if connection.vendor == "postgresql":
                assert PetitionEvent.objects.filter(petition=petition, note="二").count() == 0  # not yet
    finally:
        post_save.disconnect(receiver, sender=CalendarOverride)
    assert seen == [1]
    assert list(PetitionEvent.objects.filter(petition=petition, kind="note").order_by("pk").values_list(
        "note", flat=True)) == ["一", "二"]
    assert PetitionSearchText.objects.get(pk=petition.pk).bigrams == "拖欠"
    if connection.vendor == "postgresql":
        assert first.pk is None  # nothing read back
        assert not any("RETURNING" in q["sql"] for q in queries if "petitionevent" in q["sql"])


def test_inserts_made_together_are_dropped_when_the_block_fails(petition, registrar):
    with pytest.raises(RuntimeError), rows.together():
        rows.insert(PetitionEvent(petition=petition, kind="note", actor=registrar, at=timezone.now(), note="一"))
        raise RuntimeError
    if connection.vendor == "postgresql":
        assert not PetitionEvent.objects.filter(petition=petition, note="一").exists()


def test_a_failed_insert_leaves_the_object_new(petition):
    from django.db import IntegrityError, transaction

    copy = Petition.objects.get(pk=petition.pk)
    copy.pk = None
    copy._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(copy)  # the same query code: unique
    assert copy.pk is None and copy._state.adding


@pytest.fixture
def people(db):
    return [
        rows.insert(Petitioner(name="张三", phone="13900000000", id_number="11010519491231002X")),
        rows.insert(Petitioner(name="张三", phone="13900000000")),
        rows.insert(Petitioner(name="李四", phone="13700000000")),
    ]


@pytest.mark.parametrize("values", [
    {"id_number": "11010519491231002x", "name": "", "phone": ""},  # compared in capitals
    {"id_number": "", "name": "张三", "phone": "13900000000"},
    {"id_number": "", "name": "李四", "phone": "13700000000"},
    {"id_number": "", "name": "王五", "phone": "13700000000"},  # nobody
    {"id_number": "", "name": "张三", "phone": ""},  # not enough to tell: .none()
])
def test_first_finds_what_the_queryset_finds(people, values):
    expected = Petitioner.objects.same_person(**values).first()
    for _ in range(2):  # built, then reused
        found = rows.first("same person", Petitioner.objects.same_person, **values)
        assert found == expected
        if expected is not None:  # the same instance, every value converted as the ORM does (dates on SQLite)
            assert {f.attname: getattr(found, f.attname) for f in Petitioner._meta.concrete_fields} == {
                f.attname: getattr(expected, f.attname) for f in Petitioner._meta.concrete_fields}
            assert not found._state.adding and found._state.db == "default"


def test_first_refuses_a_query_of_other_columns(db):
    with pytest.raises(ValueError, match="own columns"):
        rows.first("annotated", lambda name: Petitioner.objects.filter(name=name).annotate(n=Count("parties")), name="张三")


def test_first_refuses_a_query_that_changes_its_values(db):
    with pytest.raises(ValueError, match="changes its values"):
        rows.first("changed", lambda name: Petitioner.objects.filter(name=f"{name}!"), name="张三")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements (config/postgresql)")
def test_the_hot_path_statements_are_prepared_and_nothing_else(people, petition, registrar):
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    rows.insert(PetitionEvent(petition=petition, kind="note", actor=registrar, at=timezone.now()))
    rows.first("same person", Petitioner.objects.same_person, id_number="", name="张三", phone="13900000000")
    for _ in range(10):
        Petition.objects.filter(pk=petition.pk).count()
    statements = prepared()
    assert any(s.startswith('INSERT INTO "petitions_petitionevent"') for s in statements)
    assert any('FROM "petitions_petitioner"' in s for s in statements)
    assert not any("COUNT(" in s for s in statements)


def test_the_prepared_statements_carry_postgresqls_own_placeholders():
    from config.postgresql.base import numbered

    sql = "SELECT id FROM t WHERE a = %s AND b LIKE 'x%%' AND c IN (%s, %s)"
    assert numbered(sql) == "SELECT id FROM t WHERE a = $1 AND b LIKE 'x%' AND c IN ($2, $3)"
    assert numbered("INSERT INTO t (a) VALUES (%s)") == "INSERT INTO t (a) VALUES ($1)"
