"""The ranking page, its .xlsx and the bulletin: for bureau staff only (404 for unit handlers and township and
county leaders, who may not see every item it counts); a bad month is refused with a message in Chinese."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from assessment.models import AssessmentScheme
from organisation.models import Role
from petitions.models import Channel, ReceivedLevel, Source

from ..factories import UserFactory, register

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2027, 1, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def supervisor(bureau):
    return UserFactory(username="supervisor", unit=bureau, roles=[Role.SUPERVISOR])


@pytest.fixture
def county_leader(county):
    return UserFactory(username="leader", unit=county, roles=[Role.LEADER])


@pytest.fixture
def handler(township):
    return UserFactory(username="handler", unit=township, roles=[Role.UNIT_HANDLER])


@pytest.fixture
def township_leader(township):
    return UserFactory(username="leader_t", unit=township, roles=[Role.LEADER])


URLS = ["assessment:ranking", "assessment:xlsx", "assessment:bulletin"]


@pytest.mark.parametrize("name", URLS)
def test_unit_handlers_and_leaders_get_404(client, county_data, handler, township_leader, county_leader, name):
    for user in (handler, township_leader, county_leader):
        client.force_login(user)
        assert client.get(reverse(name), {"month": "2026-06"}).status_code == 404


@pytest.mark.parametrize("name", URLS)
def test_anonymous_users_are_sent_to_the_login(client, county_data, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_page_shows_the_ranking_of_the_last_complete_month(client, county_data, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("assessment:ranking"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026年12月" in html  # 15 January 2027: December is the last complete month
    assert "2026年度默认考核方案（尚未保存）" in html
    assert "化子坪镇" in html and "建华镇" in html and "县人社局" in html
    assert f'href="{reverse("assessment:ranking")}"' in html  # the menu entry


def test_the_menu_entry_is_not_shown_to_unit_handlers(client, county_data, handler):
    client.force_login(handler)
    html = client.get(reverse("petitions:worklist")).content.decode()
    assert "统计分析" in html and f'href="{reverse("assessment:ranking")}"' not in html


def test_the_page_shows_points_figures_and_reasons(client, county_data, supervisor):
    client.force_login(supervisor)
    html = client.get(reverse("assessment:ranking"), {"month": "2026-06"}).content.decode()
    assert "69.00" in html and "85.00" in html  # 化子坪镇, 建华镇
    assert "无法计算（本期无交办事项），按满分计" in html
    # The scheme in words, and the skip-level visits as information beside the score.
    assert "考核信访事项的办理情况，不考核信访数量" in html and "越级访仅供参考，不扣分。" in html
    assert "越级访（仅供参考，不计分）" in html and "1批6人次" in html
    ytd = client.get(reverse("assessment:ranking"), {"month": "2026-06", "view": "ytd"}).content.decode()
    assert "2026年1—6月" in ytd


@pytest.mark.parametrize("month, message", [
    ("2026-13", "“2026-13”不是月份，请选择月份，例如2026-10。"),
    ("2026", "“2026”不是月份，请选择月份，例如2026-10。"),
    ("2027-03", "2027年3月尚未开始，不能考核。"),
])
def test_a_bad_month_is_refused_in_chinese(client, county_data, supervisor, month, message):
    client.force_login(supervisor)
    page = client.get(reverse("assessment:ranking"), {"month": month})
    assert page.status_code == 400 and message in page.content.decode()
    download = client.get(reverse("assessment:bulletin"), {"month": month})
    assert download.status_code == 400 and download.content.decode() == message


def test_the_downloads(client, county_data, supervisor):
    client.force_login(supervisor)
    docx = client.get(reverse("assessment:bulletin"), {"month": "2026-06"})
    assert docx.status_code == 200
    assert "filename*=utf-8''" in docx["Content-Disposition"]
    assert Document(io.BytesIO(docx.content)).paragraphs[0].text == "关于2026年6月份全县信访工作考核情况的通报"
    xlsx = client.get(reverse("assessment:xlsx"), {"month": "2026-06"})
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["本月", "年度累计"]


def test_the_scheme_link_is_for_administrators(client, county_data, supervisor, bureau):
    client.force_login(supervisor)
    assert "admin/assessment/assessmentscheme/add/?year=2026" not in client.get(
        reverse("assessment:ranking"), {"month": "2026-06"}).content.decode()
    admin = UserFactory(username="admin", unit=bureau, roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert "/admin/assessment/assessmentscheme/add/?year=2026" in client.get(
        reverse("assessment:ranking"), {"month": "2026-06"}).content.decode()


def test_skip_level_items_after_a_lapse_are_shown_and_deducted_only_when_the_scheme_says_so(
        client, county_data, supervisor, registrar, higher_bodies, township):
    """B2 (化子坪镇) was due on 8 June and never replied; on 20 June the petitioner took it to the city."""
    register(registrar, township, channel=Channel.VISIT, received_level=ReceivedLevel.CITY,
             source=Source.FORWARDED_FROM_ABOVE, source_body=higher_bodies[ReceivedLevel.CITY],
             received_on=dt.date(2026, 6, 20), repeat_of=county_data.item("B2"),
             category=county_data.categories["拖欠工资"])
    client.force_login(supervisor)
    html = client.get(reverse("assessment:ranking"), {"month": "2026-06"}).content.decode()
    assert "未按期办理引发的越级访 1" in html and "不扣分" in html and "69.00" in html
    AssessmentScheme.objects.create(year=2026, lapsed_skip_level_deducted=True)
    html = client.get(reverse("assessment:ranking"), {"month": "2026-06"}).content.decode()
    assert "−2.00" in html and "67.00" in html
    assert "每件扣2分，最多扣10分" in html
