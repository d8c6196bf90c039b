"""In real headless Chromium at a phone's size (375 × 812), in Chinese: a citizen sends an online petition with a
photo and gets the query code at once; the registrar accepts and assigns it, and the photo previews on the item's
page; the citizen's SMS notice, as received by a local gateway the test starts, carries the code; the citizen
follows it with the code."""

import re

import pytest

from organisation.models import Role, UnitKind
from petitions.models import Channel, Petition

from ..attachments.test_attachments import PNG
from ..factories import CategoryFactory, UnitFactory, UserFactory
from ..notices.servers import SmsGateway
from .test_visit_to_reply import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county(transactional_db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    township = UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP)
    CategoryFactory(name="城乡建设")
    UserFactory(username="registrar", full_name="登记员小李", unit=bureau, roles=[Role.REGISTRAR])
    return township


@pytest.fixture
def gateway(settings):
    with SmsGateway() as server:
        settings.XINFANG = {**settings.XINFANG, "SMS_GATEWAY": server.settings()}
        yield server


def test_an_online_petition_with_a_photo_from_the_phone_to_its_assignment(browser, live_server, county, tmp_path,
                                                                          gateway):
    photo = tmp_path / "路面照片.png"
    photo.write_bytes(PNG)
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    citizen = context.new_page()
    citizen.set_default_timeout(15000)
    citizen.goto(f"{live_server.url}/q/")
    citizen.click("#online-link")
    assert "信访须知" in citizen.content() and "15日内" in citizen.content()
    citizen.fill("#id_name", "王建华")
    citizen.fill("#id_phone", "13912345678")
    citizen.select_option("#id_category", label="城乡建设")
    citizen.select_option("#id_place", label="化子坪镇")
    citizen.fill("#id_title", "村道损毁无人维修")
    citizen.fill("#id_content", "化子坪村三组村道去年雨季损毁，至今无人维修，出行困难。")
    citizen.set_input_files("#id_files", str(photo))
    assert citizen.is_checked("input[name=notify_by][value=sms]")  # told by SMS unless the citizen chooses otherwise
    citizen.check("#id_accept")
    assert citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    citizen.click("#online-form button[type=submit]")
    citizen.wait_for_selector("#query-code")
    petition = Petition.objects.get()
    code = citizen.inner_text("#query-code").strip()
    assert petition.channel == Channel.ONLINE and code == petition.display_query_code

    # The registrar finds it on the bureau's desk, accepts and assigns it; the photo previews on its page.
    staff = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    log_in(staff, live_server, "registrar")
    staff.goto(f"{live_server.url}/?tab=unit")
    assert petition.number in staff.content()
    staff.goto(f"{live_server.url}/{petition.pk}/")
    staff.wait_for_selector("#attachments img.attachment-preview")
    # The test server shares one in-memory SQLite connection between its threads, so a request made while the page
    # is still loading can fail there (never with a database file): once the page is idle, load the preview again
    # if it did not come.
    staff.wait_for_load_state("networkidle")
    staff.evaluate("""() => new Promise(done => {
        const img = document.querySelector('#attachments img.attachment-preview');
        if (img.complete && img.naturalWidth) return done();
        img.onload = img.onerror = () => done();
        img.src = img.src + '&again=1';
    })""")
    assert staff.evaluate("document.querySelector('#attachments img.attachment-preview').naturalWidth") == 1
    staff.click(f"button[hx-get$='/{petition.pk}/act/assign/']")
    staff.select_option("#id_assign-unit", label="化子坪镇")
    staff.select_option("#id_assign-deadline_class", "general")
    staff.click("#action-panel button[type=submit]")
    staff.wait_for_selector("text=已交办")

    # The acceptance notice went to the citizen's phone with the code (sent when the assignment was committed).
    (sms,) = gateway.received
    assert sms["phone"] == "13912345678" and code in sms["text"] and "化子坪镇" in sms["text"]
    staff.goto(f"{live_server.url}/{petition.pk}/")
    assert "已发送" in staff.inner_text("#notices")

    # The citizen follows it with the code.
    citizen.goto(f"{live_server.url}/q/{code}/")
    assert re.search("已受理|已交办", citizen.content())
    context.close()
