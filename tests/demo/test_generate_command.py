import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from demo.checks import problems
from petitions import search
from petitions.models import Channel, ContentType, Petition, Petitioner, PetitionSearchText, ReceivedLevel
from petitions.states import PetitionState
from tests.demo.support import remove_everything

TODAY = dt.date(2026, 6, 30)
S = PetitionState


def generate(**options):
    out = StringIO()
    call_command("generate_petitions", today=TODAY, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def generated_output(django_db_setup, django_db_blocker):
    """700 items in three batches (drawn by a second process), built once for the module and removed afterwards."""
    with django_db_blocker.unblock():
        try:
            yield generate(count=700, batch=250, seed=3)
        finally:
            remove_everything()


@pytest.fixture
def generated(generated_output, db):
    return generated_output


def test_generated_items_pass_the_consistency_checks(generated):
    """Registration event first, events in state order, due dates from the deadline functions, valid ID numbers,
    unique valid query codes, search text of the subject and content."""
    assert Petition.objects.count() == 700
    assert problems(today=TODAY) == []


def test_generated_items_cover_every_state_and_channel_with_about_forty_percent_open(generated):
    assert set(Petition.objects.values_list("state", flat=True)) == set(S.values)
    assert set(Petition.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert 0.3 <= Petition.objects.open().count() / 700 <= 0.5
    assert Petition.objects.overdue(TODAY).exists() and Petition.objects.due_soon(TODAY).exists()


def test_generated_items_spread_over_three_years(generated):
    dates = list(Petition.objects.values_list("received_on", flat=True))
    assert min(dates) < TODAY - dt.timedelta(days=2 * 365) and max(dates) <= TODAY


def test_generated_items_include_collective_skip_level_repeat_and_accusation_items(generated):
    assert Petition.objects.filter(is_collective=True).exists()
    assert Petition.objects.exclude(received_level=ReceivedLevel.OWN).exists()
    assert Petition.objects.filter(is_repeat=True).exists()
    assert Petition.objects.filter(content_type=ContentType.ACCUSATION).exclude(accused_unit=None).exists()


def test_search_finds_generated_content(generated):
    items = Petition.objects.order_by("pk")[:: 70]
    for item in items:
        phrase = item.title[2:8]
        assert search.matching(Petition.objects.all(), phrase).filter(pk=item.pk).exists(), phrase


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
def test_every_generated_item_is_in_the_sqlite_full_text_index(generated):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, bigrams FROM petition_fts ORDER BY rowid")
        indexed = cursor.fetchall()
    assert indexed == list(PetitionSearchText.objects.order_by("petition_id").values_list("petition_id", "bigrams"))


def test_generate_reports_progress_after_each_batch_and_the_rate_at_the_end(generated):
    lines = generated.strip().splitlines()

    assert len(lines) == 4  # batches of 250, 250 and 200, then the summary
    assert "250" in lines[0] and "500" in lines[1] and "700" in lines[2] and "700" in lines[3]


def test_generating_twice_adds_items_with_new_people_and_codes(generated):
    generate(count=50, batch=50, seed=3)

    assert Petition.objects.count() == 750
    assert Petition.objects.values("query_code").distinct().count() == 750
    ids = [n for n in Petitioner.objects.values_list("id_number", flat=True) if n]
    assert len(ids) == len(set(ids))
    assert problems(today=TODAY) == []


def test_the_checks_report_an_inconsistent_item(generated):
    item = Petition.objects.filter(state=S.HANDLING).first()
    Petition.objects.filter(pk=item.pk).update(due_on=item.due_on + dt.timedelta(days=1))

    assert any(line.startswith(item.number) and "due" in line for line in problems(today=TODAY))
