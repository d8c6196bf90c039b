"""The outbox's pages: the bureau desk sees each message and sends a failed one again; a unit never sees the
petitioner's messages (they carry the query code); every user sets their own alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from notices.models import Message, MessageState, Preference
from petitions.actions import petition_assign

from ..factories import register

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def told(registrar, township):
    item = register(registrar, township, notify_by="sms")
    petition_assign(actor=registrar, petition=item, unit=township, on=DAY)
    return item


def test_the_bureau_desk_sees_the_messages_masked_and_sends_a_failed_one_again(client, registrar, told):
    Message.objects.update(state=MessageState.FAILED, attempts=8, last_error="HTTP 503")
    client.force_login(registrar)
    page = client.get(reverse("notices:list")).content.decode()
    assert told.display_query_code in page and "138****1111" in page and "13800001111" not in page
    detail = client.get(reverse("petitions:detail", args=[told.pk])).content.decode()
    assert 'id="notices"' in detail and "HTTP 503" in detail
    message = Message.objects.get()
    client.post(reverse("notices:retry", args=[message.pk]))
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 0)
    response = client.post(reverse("notices:retry", args=[message.pk]), follow=True)
    assert "只有发送失败的消息才能重新发送" in response.content.decode()


def test_a_unit_never_sees_the_petitioners_messages(client, handler, told):
    client.force_login(handler)
    assert client.get(reverse("notices:list")).status_code == 403
    detail = client.get(reverse("petitions:detail", args=[told.pk])).content.decode()
    assert 'id="notices"' not in detail and told.display_query_code not in detail
    assert client.post(reverse("notices:retry", args=[Message.objects.get().pk])).status_code == 403


def test_each_user_chooses_the_channel_and_a_wrong_entry_is_named(client, handler):
    client.force_login(handler)
    response = client.post(reverse("notices:preferences"), {"channel": "sms", "phone": ""})
    assert response.status_code == 400 and "短信提醒需要填写您的手机号码" in response.content.decode()
    assert not Preference.objects.exists()
    client.post(reverse("notices:preferences"), {"channel": "sms", "phone": "139 0000 2222", "digest": "on"})
    preference = Preference.objects.get(user=handler)
    assert (preference.channel, preference.phone, preference.digest) == ("sms", "13900002222", True)
