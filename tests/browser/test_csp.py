"""In real headless Chromium: every main page is served with the Content-Security-Policy, nothing on it is refused
by the policy, htmx adds no inline style of its own, and what used inline scripts still works from the static
files — the language menu, another petitioner's form, the live earlier-items panel, the worklist's filters, the
action panel and its cancel button, another matter on a reception record, the dashboard's charts and tooltips."""

import re

import pytest
from playwright.sync_api import expect

from organisation.models import Role, UnitKind
from petitions.models import Petition

from ..factories import CategoryFactory, UnitFactory, UserFactory, register
from .test_visit_to_reply import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# Reported to the console by the page itself, in addition to Chromium's own "Refused to …" messages.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


@pytest.fixture
def county(transactional_db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    township = UnitFactory(name="化子坪镇", kind=UnitKind.TOWNSHIP)
    CategoryFactory(name="城乡建设")
    registrar = UserFactory(username="registrar", full_name="登记员小李", unit=bureau, is_staff=True,
                            is_superuser=True, roles=[Role.REGISTRAR, Role.SUPERVISOR])
    return register(registrar, township)  # 张三, 13800001111: an earlier item for the register page


@pytest.fixture
def watched(page):
    """The page, with every refusal by the policy collected."""
    violations = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda msg: violations.append(msg.text) if (
        msg.type == "error" and ("Content Security Policy" in msg.text or msg.text.startswith("CSP violation"))
    ) else None)
    page.on("pageerror", lambda error: violations.append(f"uncaught: {error}"))
    page.violations = violations
    return page


def visit(page, url: str):
    response = page.goto(url)
    assert response.ok, url
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, url
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0], url
    # htmx's own indicator <style> is off (htmx-config); a template's <style> carries the nonce.
    assert page.evaluate("document.querySelectorAll('style:not([nonce])').length") == 0, url
    return response


def test_the_main_pages_keep_to_the_policy_and_htmx_still_works(watched, live_server, county):
    page, base = watched, live_server.url
    petition: Petition = county
    visit(page, f"{base}/login/")
    log_in(page, live_server, "registrar")

    # The worklist; its filters are sent by htmx when a select changes, and the results swapped in.
    visit(page, f"{base}/")
    filters = page.locator("form[hx-get] select").first
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        filters.select_option(index=1)
    page.wait_for_selector("#results")

    # The detail page: an action's form comes into the action panel, and its cancel button empties it.
    visit(page, f"{base}/{petition.pk}/")
    page.click(f"button[hx-get$='/{petition.pk}/act/assign/']")
    page.wait_for_selector("#action-panel form")
    page.click("#action-panel [data-clear]")
    expect(page.locator("#action-panel > *")).to_have_count(0)

    # The register page: another petitioner's form, and the same person's earlier items, live.
    visit(page, f"{base}/register/")
    page.click("#add-petitioner")
    page.wait_for_selector("#id_petitioners-1-name")
    page.fill("#id_petitioners-0-name", "张三")
    page.fill("#id_petitioners-0-phone", "13800001111")
    page.press("#id_petitioners-0-phone", "Tab")
    page.wait_for_selector(f"#earlier >> text={petition.title}")

    # A reception record: another matter from its template.
    visit(page, f"{base}/reception/records/new/")
    matters = page.locator("#matter-forms > *").count()
    page.click("#add-matter")
    expect(page.locator("#matter-forms > *")).to_have_count(matters + 1)

    # The dashboard: ECharts draws, and its tooltip (HTML with style attributes) shows.
    visit(page, f"{base}/stats/")
    page.wait_for_selector("[data-chart] canvas")
    chart = page.locator("[data-chart]").first
    box = chart.bounding_box()
    for x in range(10, 100, 10):
        page.mouse.move(box["x"] + box["width"] * x / 100, box["y"] + box["height"] / 2)
    for url in ("/search/?q=张三", "/reception/", "/supervision/", "/meetings/", "/duty/", "/ledger/",
                "/reports/", "/admin/", "/admin/organisation/loginthrottle/", "/admin/organisation/user/",
                f"/admin/organisation/user/{petition.registered_by_id}/change/"):
        visit(page, base + url)

    # The language menu submits itself (static/js/app.js, no inline handler).
    visit(page, f"{base}/")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")

    # The public page, without a login.
    page.context.clear_cookies()
    visit(page, f"{base}/q/")
    page.fill("input[name=code]", petition.display_query_code)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/q/.+"))
    assert page.violations == []
