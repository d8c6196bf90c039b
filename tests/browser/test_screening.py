"""In real headless Chromium at a phone's size (375 × 812), in Chinese: a village information officer reports a
dispute; the township accepts the report as a dispute and resolves it by people's mediation; the bureau's dashboard
figure of disputes resolved and the year-end summary's sentence change accordingly."""

import re

import pytest
from django.utils import timezone

from organisation.models import Role, UnitKind
from screening.models import Dispute, DisputeState, DisputeType, OfficerReport, ReportState

from ..factories import UnitFactory, UserFactory
from .test_visit_to_reply import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def county(transactional_db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    township = UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP)
    village = UnitFactory(name="化子坪村", kind=UnitKind.COMMUNITY, parent=township)
    # The types are seeded by a migration; a transactional test's flush may have removed them.
    parent, _ = DisputeType.objects.get_or_create(name="婚姻家庭邻里纠纷", parent=None)
    DisputeType.objects.get_or_create(name="邻里纠纷", parent=parent)
    UserFactory(username="officer", full_name="村信息员", unit=village, roles=[Role.INFO_OFFICER])
    UserFactory(username="handler", full_name="化子坪镇办理员", unit=township, roles=[Role.UNIT_HANDLER])
    UserFactory(username="supervisor", full_name="局长", unit=bureau, roles=[Role.SUPERVISOR])
    return township


@pytest.fixture
def phone(browser):
    def open_page():
        context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        contexts.append(context)
        return page

    contexts = []
    yield open_page
    for context in contexts:
        context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def resolved_figure(page, live_server) -> str:
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/stats/?kind=year&year={year}")
    card = page.locator("#screening-figures .col").filter(has_text="化解矛盾纠纷").first
    return card.inner_text()


def summary_text(page, live_server, *, again: bool = False) -> str:
    """The draft of this year's summary: opened the first time, generated again from the figures after."""
    page.goto(f"{live_server.url}/reports/")
    page.fill("#id_period", str(timezone.localdate().year))
    page.click("form[method=post] button.btn-primary")
    page.wait_for_url(re.compile(r".*/reports/\d+/$"))
    if again:  # the draft of the period is opened as it was left: generate it again from the figures
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("form[action$='/regenerate/'] button")
        page.wait_for_load_state()
    return page.content()


def test_an_officers_report_becomes_a_dispute_resolved_by_peoples_mediation(phone, live_server, county):
    # The bureau's figures before: nothing resolved.
    bureau = phone()
    log_in(bureau, live_server, "supervisor")

    # The officer reports what he heard, on his phone.
    officer = phone()
    log_in(officer, live_server, "officer")
    officer.goto(f"{live_server.url}/screening/my-reports/")
    assert "我的报送" in officer.content() and fits_the_screen(officer)
    officer.fill("#id_what", "三组两户因宅基地边界争吵，已推搡")
    officer.fill("#id_where", "化子坪村三组")
    officer.fill("#id_people_involved", "5")
    officer.check("input[name=urgency][value=urgent]")
    officer.click("#report-form button[type=submit]")
    officer.wait_for_load_state()
    assert "已报送乡镇" in officer.content() or "化子坪村三组" in officer.content()
    report = OfficerReport.objects.get()
    assert report.state == ReportState.SUBMITTED and fits_the_screen(officer)

    # The township screens it: accepted as a dispute.
    township = phone()
    log_in(township, live_server, "handler")
    township.goto(f"{live_server.url}/screening/reports/{report.pk}/")
    assert "三组两户因宅基地边界争吵" in township.content()
    township.select_option("#accept-form select[name=type]", label="邻里纠纷")
    township.fill("#accept-form input[name=title]", "化子坪村三组宅基地边界纠纷")
    township.click("#accept-form button[type=submit]")
    township.wait_for_load_state()
    dispute = Dispute.objects.get()
    assert dispute.state == DisputeState.UNDER_WAY
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.dispute == dispute

    before_figure = resolved_figure(bureau, live_server)
    assert re.search(r"\b0\s*起", before_figure), before_figure
    before_summary = summary_text(bureau, live_server)
    assert "排查出各类矛盾纠纷1起，化解0起" in before_summary

    # Resolved by people's mediation, recorded on the dispute's page.
    township.goto(f"{live_server.url}/screening/disputes/")
    township.click(f"text={dispute.number}")
    township.wait_for_url(re.compile(rf".*/screening/disputes/{dispute.pk}/$"))
    assert fits_the_screen(township)
    township.select_option("#attempt-form select[name=method]", "peoples")
    township.fill("#attempt-form input[name=by]", "化子坪镇人民调解委员会")
    township.check("#attempt-form input[name=result][value=resolved]")
    township.fill("#attempt-form textarea[name=text]", "经村调委会调解，双方重新确认界址并签订调解协议。")
    township.click("#attempt-form button[type=submit]")
    township.wait_for_url(re.compile(rf".*/screening/disputes/{dispute.pk}/$"))
    assert "已化解" in township.locator("#dispute-state").inner_text()
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.RESOLVED

    # The officer sees what became of his report.
    officer.goto(f"{live_server.url}/screening/my-reports/")
    assert dispute.number in officer.content() and "已化解" in officer.content()

    # The dashboard and the year-end summary say it.
    after_figure = resolved_figure(bureau, live_server)
    assert re.search(r"\b1\s*起", after_figure) and "100.0%" in after_figure, after_figure
    after_summary = summary_text(bureau, live_server, again=True)
    assert "排查出各类矛盾纠纷1起，化解1起，化解率100%" in after_summary, re.findall(r"[^。>]*矛盾纠纷[^。<]*", after_summary)
    assert "人民调解1起" in after_summary
