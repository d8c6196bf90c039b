import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from demo import county
from demo.checks import problems
from organisation.models import Role, User
from petitions.models import Channel, EventKind, Instruction, Petition, PetitionEvent, ReceivedLevel
from petitions.states import PetitionState
from tests.demo.support import remove_everything

TODAY = dt.date(2026, 6, 30)


def load(**options):
    out = StringIO()
    call_command("load_demo", today=TODAY, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The guaranteed part of the demo (about a hundred items) and a few drawn at random, built once for the
    module's read-only tests and removed afterwards."""
    with django_db_blocker.unblock():
        output = load(items=115)
        try:
            yield output
        finally:
            remove_everything()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_the_demo_has_every_state_and_every_channel(demo):
    assert set(Petition.objects.values_list("state", flat=True)) == set(PetitionState.values)
    assert set(Petition.objects.values_list("channel", flat=True)) == set(Channel.values)
    # The planned items; the cases filed at leader receptions come on top of them (reception.demo).
    assert Petition.objects.filter(reception_matter__isnull=True).count() == 115


def test_the_demo_items_pass_the_consistency_checks(demo):
    assert problems(today=TODAY) == []


def test_the_demo_prints_one_login_per_role_and_every_login_works(demo):
    for username in county.ROLE_EXAMPLES:
        assert f"{username} / demo1234 / " in demo
    printed_roles = {spec.roles[0] for spec in county.USERS if spec.username in county.ROLE_EXAMPLES}
    assert printed_roles == set(Role.values)
    for spec in county.USERS:
        assert authenticate(username=spec.username, password="demo1234") is not None
    roles = {r for user in User.objects.all() for r in user.roles}
    assert set(Role.values) <= roles


def test_the_demo_users_have_their_units_and_positions(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.roles == [Role.ADMIN] and admin.unit.name == "县信访局"
    assert User.objects.get(username="registrar").is_bureau_staff
    assert User.objects.get(username="supervisor").has_role(Role.SUPERVISOR)
    assert User.objects.get(username="handler").unit.name == "化子坪镇"
    assert User.objects.get(username="handler2").unit.name == "建华镇"
    leader = User.objects.get(username="leader")
    assert leader.position == "副县长" and leader.has_role(Role.LEADER)


def test_the_worklists_show_items_due_soon_and_overdue(demo):
    assert Petition.objects.due_soon(TODAY).exists()
    assert Petition.objects.overdue(TODAY).exists()


def test_the_demo_has_collective_skip_level_repeat_and_accusation_items(demo):
    collective = Petition.objects.filter(is_collective=True)
    assert collective.exists()
    for item in collective:
        assert 5 <= item.headcount <= 60
        assert 1 <= item.parties.filter(is_representative=True).count() <= 5
    levels = set(Petition.objects.values_list("received_level", flat=True))
    assert {ReceivedLevel.CITY, ReceivedLevel.PROVINCE, ReceivedLevel.CAPITAL} <= levels
    assert Petition.objects.filter(source_body__name="市信访局", source_due_on__isnull=False).exists()
    repeat = Petition.objects.filter(is_repeat=True).first()
    assert repeat is not None
    assert set(repeat.petitioners.all()) == set(repeat.repeat_of.petitioners.all())
    accusations = Petition.objects.exclude(accused_unit=None)
    assert accusations.exists()
    assert not accusations.filter(responsible_unit=F("accused_unit")).exists()


def test_the_demo_has_extensions_hand_backs_evaluations_owners_and_instructions(demo):
    assert Petition.objects.exclude(extension_days=None).exists()
    assert PetitionEvent.objects.filter(kind=EventKind.HANDED_BACK).exists()
    assert Petition.objects.exclude(satisfaction="").exists()
    assert Petition.objects.exclude(owning_leader=None).exists()
    assert Instruction.objects.exists()


def test_events_carry_the_time_of_the_day_they_happened(demo):
    for event in PetitionEvent.objects.exclude(data__on=None).exclude(data={})[:300]:
        if "on" in event.data:
            assert timezone.localtime(event.at).date() == dt.date.fromisoformat(event.data["on"])
    for item in Petition.objects.all()[:50]:
        assert timezone.localtime(item.registered_at).date() == item.received_on


def test_the_demo_has_a_year_of_leader_reception(demo):
    from reception.models import (
        Appointment,
        AttendanceNotice,
        Campaign,
        MatterOutcome,
        ReceptionDay,
        ReceptionKind,
        ReceptionRecord,
    )

    days = ReceptionDay.objects.all()
    assert days.filter(date__lt=TODAY - dt.timedelta(days=300)).exists() and days.filter(date__gt=TODAY).exists()
    assert days.filter(planned_on__isnull=False).exists()  # a day moved off a holiday
    assert set(ReceptionRecord.objects.values_list("kind", flat=True)) == set(ReceptionKind.values)
    assert Campaign.objects.get().duties.count() >= 8
    assert Appointment.objects.filter(date__gt=TODAY).exists() and AttendanceNotice.objects.exists()
    filed = Petition.objects.filter(reception_matter__outcome=MatterOutcome.FILED)
    assert filed.exists() and filed.filter(replied_on__isnull=False).exists()
    assert filed.filter(replied_on__isnull=True).exists()
    assert all(p.owning_leader_id and p.responsible_unit_id for p in filed)


def test_the_demo_keeps_papers_with_every_kind_of_record_and_its_outbox_shows_every_state(demo):
    from attachments.models import OWNER_FIELDS, Attachment
    from notices.models import Message, MessageState

    for field in OWNER_FIELDS:
        assert Attachment.objects.filter(**{f"{field}__isnull": False}).exists(), field
    assert Attachment.objects.filter(withdrawn_at__isnull=False).count() == 1
    scan = Attachment.objects.filter(kind="letter").first()
    with scan.file.open("rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert not PetitionEvent.objects.filter(kind__startswith="attachment_", at__date__gt=TODAY).exists()
    states = set(Message.objects.values_list("state", flat=True))
    assert {MessageState.SENT, MessageState.FAILED, MessageState.PENDING} <= states
    assert Message.objects.filter(audience="staff").exists() and Message.objects.filter(audience="petitioner").exists()
    assert not Message.objects.filter(created_at__date__gt=TODAY).exists()
