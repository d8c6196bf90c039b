"""In real headless Chromium, in Chinese: a collective visit from registration to the petitioner's evaluation."""

import re

import pytest

from organisation.models import Role, UnitKind
from petitions.models import Petition
from petitions.states import PetitionState

from ..factories import CategoryFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county(transactional_db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    township = UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP)
    CategoryFactory(name="国土资源水利林业")
    UserFactory(username="registrar", full_name="登记员小李", unit=bureau, roles=[Role.REGISTRAR])
    UserFactory(username="handler", full_name="化子坪镇办理员", unit=township, roles=[Role.UNIT_HANDLER])
    return township


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    assert "登录" in page.content()
    page.fill("#id_username", username)
    page.fill("#id_password", "pass12345")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def log_out(page):
    page.click("form[action$='/logout/'] button")
    page.wait_for_url(re.compile(r".*/login/"))


def test_collective_visit_from_registration_to_evaluation(page, live_server, county, browser):
    # The registrar registers a collective visit of 8 persons with two representatives.
    log_in(page, live_server, "registrar")
    assert "工作台" in page.content() or "待办" in page.content()
    page.goto(f"{live_server.url}/register/")
    page.select_option("#id_channel", "visit")
    page.fill("#id_headcount", "8")
    page.fill("#id_title", "八名村民集体反映征地补偿款未到位")
    page.fill("#id_content", "化子坪村八名村民反映2025年修路征地补偿款至今未发放到户，请求尽快兑现。")
    page.select_option("#id_content_type", "appeal_demand")
    page.select_option("#id_category", label="国土资源水利林业")
    page.select_option("#id_place", label="化子坪镇")
    page.fill("#id_petitioners-0-name", "刘建国")
    page.fill("#id_petitioners-0-phone", "13912345678")
    page.check("#id_petitioners-0-is_representative")
    page.click("#add-petitioner")
    page.fill("#id_petitioners-1-name", "王秀英")
    page.check("#id_petitioners-1-is_representative")
    page.click("#register-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/\d+/$"))
    petition = Petition.objects.get()
    assert petition.is_collective and petition.headcount == 8
    assert "集体访" in page.content() and petition.display_query_code in page.content()

    # It is accepted and assigned to the township.
    page.click(f"button[hx-get$='/{petition.pk}/act/assign/']")
    page.select_option("#id_assign-unit", label="化子坪镇")
    page.select_option("#id_assign-deadline_class", "general")
    page.click("#action-panel button[type=submit]")
    page.wait_for_selector("text=已交办")
    log_out(page)

    # The township's handler signs for it and replies.
    log_in(page, live_server, "handler")
    assert petition.title in page.content()
    page.goto(f"{live_server.url}/{petition.pk}/")
    page.click(f"button[hx-get$='/{petition.pk}/act/sign_for/']")
    page.click("#action-panel button[type=submit]")
    page.wait_for_selector("text=办理中")
    page.click(f"button[hx-get$='/{petition.pk}/act/reply/']")
    page.check("input[name='reply-outcome'][value='support']")
    page.fill("#id_reply-text", "经核实，补偿款已于本月拨付到村，将于十日内发放到户。")
    page.click("#action-panel button[type=submit]")
    page.wait_for_selector("text=处理意见书")
    petition.refresh_from_db()
    assert petition.state == PetitionState.REPLIED

    # The petitioner follows it with the query code, without an account, and evaluates it.
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/q/")
    public.fill("input[name=code]", petition.display_query_code.lower().replace("-", " "))
    public.click("form button[type=submit]")
    public.wait_for_url(re.compile(r".*/q/.+/"))
    html = public.content()
    assert "已答复" in html or "办结" in html
    assert "补偿款已于本月拨付到村" in html
    assert "刘建国" not in html and "13912345678" not in html
    public.check("input[name$='rating'][value='satisfied']")
    public.click("#portal-status form button[type=submit]")
    public.wait_for_selector("#portal-notice")  # shown once the evaluation is saved ("满意" is on the form itself)
    petition.refresh_from_db()
    assert petition.satisfaction == "satisfied"
    public.screenshot(path="/tmp/portal-evaluated.png", full_page=True)
    public.context.close()
