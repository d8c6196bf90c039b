"""Notices to the petitioner and alerts to staff (issue 14, parts 3 and 4): written with the event that causes
them, sent by the delivery against real local servers, retried through a failing gateway without loss or
repeat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from notices import delivery, outbox
from notices.models import Message, MessageState, Preference, Topic
from petitions.access import RecordedFromLedger
from petitions.actions import (
    instruction_request,
    petition_assign,
    petition_decline,
    petition_extend,
    petition_reply,
    petition_sign_for,
)
from petitions.models import DeclineReason

from ..factories import register
from .servers import SmsGateway, SmtpServer, free_port

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def sms_item(registrar, township):
    return register(registrar, township, notify_by="sms")


def gateway_settings(settings, gateway):
    settings.XINFANG = {**settings.XINFANG, "SMS_GATEWAY": gateway.settings()}


def test_the_choice_is_checked_at_registration(registrar, township):
    with pytest.raises(ValidationError) as refused:
        register(registrar, township, notify_by="email", notify_email="not an address")
    assert "notify_email" in refused.value.message_dict
    from petitions.actions import PetitionerData

    with pytest.raises(ValidationError) as refused:
        register(registrar, township, notify_by="sms", petitioners=[PetitionerData(name="李四")])
    assert "notify_by" in refused.value.message_dict


def test_acceptance_writes_a_notice_with_the_query_code_in_the_same_transaction(registrar, township, sms_item):
    with pytest.raises(RuntimeError), transaction.atomic():
        petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
        assert Message.objects.count() == 1
        raise RuntimeError  # the action is rolled back: so is its message
    assert not Message.objects.exists()
    petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
    message = Message.objects.get()
    assert (message.topic, message.channel, message.address) == (Topic.ACCEPTED, "sms", "13800001111")
    assert sms_item.display_query_code in message.body and township.name in message.body
    assert message.state == MessageState.PENDING and message.masked_address != message.address


def test_no_notice_without_a_choice_or_for_steps_copied_from_a_ledger(registrar, township, petition, sms_item):
    petition_assign(actor=registrar, petition=petition, unit=township, on=DAY)
    petition_decline(actor=RecordedFromLedger(registrar), petition=sms_item, reason=DeclineReason.LEGAL_PROCEDURE,
                     on=DAY)
    assert not Message.objects.exists()


def test_each_step_the_regulation_names_is_told(registrar, handler, township, sms_item):
    petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
    petition_sign_for(actor=handler, petition=sms_item, on=DAY)
    petition_extend(actor=handler, petition=sms_item, days=30, reason="需补充调查", approved_by="李主任",
                    on=DAY + dt.timedelta(days=50))
    petition_reply(actor=handler, petition=sms_item, outcome="support", text="已修复。", on=DAY + dt.timedelta(days=70))
    topics = list(Message.objects.order_by("pk").values_list("topic", flat=True))
    assert topics == [Topic.ACCEPTED, Topic.EXTENDED, Topic.REPLIED]
    replied = Message.objects.get(topic=Topic.REPLIED)
    sms_item.refresh_from_db()
    assert "2026年6月10日" in replied.body  # the review may be asked for until 30 days after the reply
    assert "需补充调查" in Message.objects.get(topic=Topic.EXTENDED).body


def test_email_goes_through_a_real_smtp_server(settings, registrar, township):
    item = register(registrar, township, notify_by="email", notify_email="zhang@example.cn")
    petition_decline(actor=registrar, petition=item, reason=DeclineReason.LEGAL_PROCEDURE, on=DAY)
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.XINFANG = {**settings.XINFANG, "NOTICE_EMAIL_FROM": "xinfang@county.example.cn"}
        assert delivery.deliver_due() == {MessageState.SENT: 1}
    (mail,) = smtp.messages
    assert mail["To"] == "zhang@example.cn"
    message = Message.objects.get()
    assert mail["Message-ID"] == f"<{message.reference}@xinfang>"
    assert item.display_query_code in mail.get_payload(decode=True).decode()
    assert message.state == MessageState.SENT and message.sent_at is not None


def test_a_failing_gateway_loses_nothing_and_sends_nothing_twice(settings, registrar, township, sms_item):
    other = register(registrar, township, notify_by="sms")
    for item in (sms_item, other):
        petition_assign(actor=registrar, petition=item, unit=township, on=DAY)
    with SmsGateway(failures=3) as gateway:
        gateway_settings(settings, gateway)
        first = delivery.deliver_due()
        assert first == {MessageState.PENDING: 2} and gateway.received == []
        # Not yet due again: nothing is tried.
        assert delivery.deliver_due() == {}
        waiting = Message.objects.get(petition=sms_item)
        assert waiting.attempts == 1 and "503" in waiting.last_error
        later = waiting.next_attempt_at + dt.timedelta(seconds=1)
        assert delivery.deliver_due(now=later) == {MessageState.PENDING: 1, MessageState.SENT: 1}
        much_later = later + dt.timedelta(hours=1)
        assert delivery.deliver_due(now=much_later) == {MessageState.SENT: 1}
        assert delivery.deliver_due(now=much_later + dt.timedelta(days=1)) == {}
    assert gateway.refused == 3
    assert sorted(m["phone"] for m in gateway.received) == ["13800001111", "13800001111"]
    assert len({m["reference"] for m in gateway.received}) == 2
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}
    assert set(Message.objects.values_list("provider_ref", flat=True)) <= {"gw-1", "gw-2"}


def test_a_gateway_that_is_down_ends_failed_and_the_bureau_sends_it_again(settings, registrar, township, sms_item):
    petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
    port = free_port()  # nothing listens there
    settings.XINFANG = {**settings.XINFANG, "NOTICE_RETRY_MINUTES": (1, 1),
                        "SMS_GATEWAY": {"BACKEND": "notices.senders.HttpSmsGateway",
                                        "URL": f"http://127.0.0.1:{port}/send", "TIMEOUT": 2}}
    message = Message.objects.get()
    at = message.next_attempt_at
    for step in range(3):
        delivery.deliver_due(now=at + dt.timedelta(minutes=2 * step))
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 3)
    with SmsGateway() as gateway:
        gateway_settings(settings, gateway)
        delivery.message_retry(actor=registrar, message=message)
        delivery.deliver_due()
    message.refresh_from_db()
    assert message.state == MessageState.SENT and len(gateway.received) == 1


def test_a_message_left_being_sent_by_a_dead_worker_is_tried_again_with_its_reference(settings, registrar, township,
                                                                                     sms_item):
    petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(state=MessageState.SENDING, claimed_at=message.created_at)
    with SmsGateway() as gateway:
        gateway_settings(settings, gateway)
        assert delivery.deliver_due(now=message.created_at + dt.timedelta(minutes=5)) == {}
        assert delivery.deliver_due(now=message.created_at + dt.timedelta(minutes=11)) == {MessageState.SENT: 1}
    assert gateway.received[0]["reference"] == str(message.reference)


def test_without_a_sender_messages_wait_and_say_why(settings, registrar, township, sms_item):
    settings.XINFANG = {**settings.XINFANG, "SMS_GATEWAY": None}
    petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
    assert delivery.deliver_due() == {MessageState.PENDING: 1}
    message = Message.objects.get()
    assert message.attempts == 0 and message.last_error


# --- Staff alerts -----------------------------------------------------------------------------------------------------


@pytest.fixture
def handler_by_sms(handler):
    Preference.objects.create(user=handler, channel="sms", phone="13900002222")
    return handler


def test_assignment_alerts_the_unit_handlers_who_chose_a_channel(registrar, township, handler_by_sms, other_handler,
                                                                 petition):
    Preference.objects.create(user=other_handler, channel="sms", phone="13900003333")
    petition_assign(actor=registrar, petition=petition, unit=township, on=DAY)
    alert = Message.objects.get()
    assert (alert.topic, alert.user, alert.address) == (Topic.ASSIGNED, handler_by_sms, "13900002222")
    assert petition.query_code not in alert.body.replace("-", "") and petition.number in alert.body


def test_the_leader_is_alerted_of_an_instruction_requested(registrar, township, leader, petition):
    Preference.objects.create(user=leader, channel="email", email="wang@county.example.cn")
    instruction_request(actor=registrar, petition=petition, leader=leader)
    assert Message.objects.get().topic == Topic.INSTRUCTION_ASKED


def test_due_soon_and_overdue_by_the_working_day_calendar_once_per_due_date(registrar, township, handler_by_sms,
                                                                            petition):
    petition_assign(actor=registrar, petition=petition, unit=township, on=DAY)
    petition.refresh_from_db()
    due = petition.handling_due_on  # 60 days from 2 March: 1 May 2026, in the May Day holiday → 6 May
    Message.objects.all().delete()
    assert due == dt.date(2026, 5, 6)
    # 27 April (Mon): the third working day after it is 30 April: not yet.
    assert outbox.daily(dt.date(2026, 4, 27)) == 0
    # 28 April (Tue): 29 and 30 April, then 6 May — the May Day holiday (1–5 May) does not count.
    assert outbox.daily(dt.date(2026, 4, 28)) == 1
    assert outbox.daily(dt.date(2026, 4, 28)) is None  # once a day
    assert outbox.daily(dt.date(2026, 5, 6)) == 0  # the same due date: told once
    assert outbox.daily(due + dt.timedelta(days=1)) == 1
    assert outbox.daily(due + dt.timedelta(days=2)) == 0
    assert list(Message.objects.order_by("pk").values_list("topic", flat=True)) == [Topic.DUE_SOON, Topic.OVERDUE]


def test_a_digest_instead_of_single_messages(registrar, township, handler, petition):
    Preference.objects.create(user=handler, channel="email", email="h@township.example.cn", digest=True)
    other = register(registrar, township)
    for item in (petition, other):
        petition_assign(actor=registrar, petition=item, unit=township, on=DAY)
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.HELD}
    assert outbox.daily(DAY) == 1
    digest = Message.objects.get(topic=Topic.DIGEST)
    assert digest.state == MessageState.PENDING and digest.parts.count() == 2
    assert petition.number in digest.body and other.number in digest.body
    assert set(digest.parts.values_list("state", flat=True)) == {MessageState.DIGESTED}


def test_the_petitioner_is_told_before_the_review_time_ends(registrar, handler, township, sms_item):
    petition_assign(actor=registrar, petition=sms_item, unit=township, on=DAY)
    petition_sign_for(actor=handler, petition=sms_item, on=DAY)
    petition_reply(actor=handler, petition=sms_item, outcome="support", text="已修复。", on=DAY + dt.timedelta(days=10))
    sms_item.refresh_from_db()
    due = sms_item.review_request_due_on
    assert outbox.daily(due - dt.timedelta(days=6)) == 0
    assert outbox.daily(due - dt.timedelta(days=5)) == 1
    assert outbox.daily(due - dt.timedelta(days=4)) == 0
    assert Message.objects.filter(topic=Topic.REVIEW_CLOSING).count() == 1
