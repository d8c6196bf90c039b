"""Online petitions from the public page: from the form to the registrar's decision, with its deadline, files kept,
a form sent twice registered once, the limits, and bad input named with nothing kept."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments.models import Attachment
from petitions import actions
from petitions.models import Channel, EventKind, Petition
from petitions.states import PetitionState

from ..attachments.test_attachments import EXE, PNG
from ..factories import VALID_ID, CategoryFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:online")
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # Monday 2 March 2026, 10:00 in Shanghai


@pytest.fixture
def category(db):
    return CategoryFactory(name="城乡建设")


def form(client, category, place, **overrides):
    token = re.search(r'name="token" value="([^"]+)"', client.get(URL).content.decode()).group(1)
    data = {"name": "王建华", "id_number": VALID_ID, "phone": "139 1234 5678", "address": "化子坪村三组",
            "content_type": "appeal_demand", "category": category.pk, "place": place.pk,
            "title": "村道损毁无人维修", "content": "化子坪村三组村道去年雨季损毁，至今无人维修，出行困难。", "accept": "on",
            "token": token}
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_an_online_petition_from_the_form_to_the_registrars_decision(client, category, township, registrar):
    response = client.post(URL, {**form(client, category, township),
                                 "files": [SimpleUploadedFile("路面照片.png", PNG)]})
    assert response.status_code == 200
    petition = Petition.objects.get()
    assert (petition.channel, petition.state, petition.received_on) == (
        Channel.ONLINE, PetitionState.REGISTERED, dt.date(2026, 3, 2))
    assert petition.decision_due_on == dt.date(2026, 3, 17)  # 15 days (DESIGN.md: the decision limit)
    assert petition.display_query_code in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert petition.registered_by is None and petition.parties.get().phone == "13912345678"
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.added_by, attachment.petition) == ("evidence", None, petition)
    assert petition.events.filter(kind=EventKind.ATTACHMENT_ADDED).exists()
    # The registrar decides as for any other item.
    client.force_login(registrar)
    assert petition.number in client.get(reverse("petitions:worklist"), {"tab": "unit"}).content.decode()
    decided = actions.petition_assign(actor=registrar, petition=petition, unit=township, on=dt.date(2026, 3, 3))
    assert decided.state == PetitionState.ASSIGNED


@time_machine.travel(NOW, tick=False)
def test_a_form_sent_twice_is_registered_once(client, category, township):
    data = form(client, category, township)
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert Petition.objects.count() == 1
    code = Petition.objects.get().display_query_code
    assert code in first.content.decode() and code in second.content.decode()
    assert second.context["again"]


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_named_and_nothing_is_kept(client, category, township):
    response = client.post(URL, form(client, category, township, id_number="110105194912310021", phone="12"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "phone" in errors
    response = client.post(URL, {**form(client, category, township),
                                 "files": [SimpleUploadedFile("照片.jpg", EXE)]})
    assert response.status_code == 400 and "照片.jpg" in " ".join(response.context["form"].errors["files"])
    response = client.post(URL, form(client, category, township, accept=""))
    assert response.status_code == 400 and "accept" in response.context["form"].errors
    assert not Petition.objects.exists() and not Attachment.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_phone_and_an_address_are_held_back_after_the_days_limit(client, category, township, settings):
    settings.XINFANG = {**settings.XINFANG, "ONLINE_PER_PHONE_PER_DAY": 2, "ONLINE_PER_ADDRESS_PER_DAY": 3}
    for _n in range(2):
        assert client.post(URL, form(client, category, township)).status_code == 200
    response = client.post(URL, form(client, category, township))
    assert response.status_code == 400 and "phone" in response.context["form"].errors
    assert client.post(URL, form(client, category, township, phone="13800001111")).status_code == 200
    response = client.post(URL, form(client, category, township, phone="13800002222"))
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert Petition.objects.count() == 3
    with time_machine.travel(NOW + dt.timedelta(days=1, minutes=1), tick=False):
        assert client.post(URL, form(client, category, township, phone="13800002222")).status_code == 200


def test_the_form_says_what_the_regulation_asks_and_what_happens_next(client):
    page = client.get(URL).content.decode()
    assert "15" in page and 'id="online-notes"' in page and "data-once" in page


@time_machine.travel(NOW, tick=False)
def _stored_files(store, folder="") -> set[str]:
    folders, files = store.listdir(folder)
    found = {f"{folder}/{name}" for name in files}
    for sub in folders:
        found |= _stored_files(store, f"{folder}/{sub}".lstrip("/"))
    return found


def test_the_petitioner_adds_materials_through_the_query_code_while_the_item_is_open(client, category, township):
    client.post(URL, form(client, category, township))
    petition = Petition.objects.get()
    url = reverse("portal:supplement", args=[petition.display_query_code])
    store = Attachment._meta.get_field("file").storage
    files_before = _stored_files(store)
    response = client.post(url, {"files": [SimpleUploadedFile("合同.png", PNG), SimpleUploadedFile("补充.exe", EXE)]})
    assert response.status_code == 400 and not Attachment.objects.exists()
    assert _stored_files(store) == files_before  # the good file sent with the bad one is not kept either
    response = client.post(url, {"files": [SimpleUploadedFile("合同.png", PNG)]})
    assert response.status_code == 302
    assert Attachment.objects.get().petition == petition
    assert client.post(reverse("portal:supplement", args=["AAAA-BBBB-CCCC"]),
                       {"files": [SimpleUploadedFile("x.png", PNG)]}).status_code == 404
    assert Attachment.objects.count() == 1
