"""The completion report to the higher body and the supervision bulletin, opened with python-docx."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from petitions import actions as petition_actions
from stats.periods import Period
from supervision import actions, bulletins
from supervision.models import Bulletin

from ..factories import register
from .conftest import assign, five, reply

pytestmark = pytest.mark.django_db
D = dt.date


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_completion_report_states_facts_handling_and_outcome_without_the_query_code(
        client, registrar, supervisor, handler, from_city, leader, township):
    actions.ownership_set(actor=supervisor, petition=from_city, **five(leader, township), on=D(2026, 3, 4))
    client.force_login(registrar)
    url = reverse("supervision:completion_report", args=[from_city.pk])
    assert client.get(url).status_code == 404  # not closed yet
    from_city = reply(handler, from_city, D(2026, 4, 10))
    response = client.get(url)
    assert response.status_code == 200
    text = _text(response.content)
    assert "市信访局：" in text
    assert "市信转〔2026〕8号" in text and "反映拖欠工资问题" in text
    assert "化子坪镇" in text and "王县长" in text and "五落实" in text
    assert "2026年4月10日" in text and "经调查核实，已安排修复道路。" in text
    assert from_city.display_query_code not in text  # the petitioner's credential, not the higher body's
    assert "查询码" not in text
    assert "特此报告。" in text
    client.force_login(handler)  # the bureau reports up, not the unit
    assert client.get(url).status_code == 404


def test_no_completion_report_for_an_item_of_this_county(client, registrar, handler, general):
    reply(handler, general, D(2026, 3, 10))
    client.force_login(registrar)
    assert client.get(reverse("supervision:completion_report", args=[general.pk])).status_code == 404


@pytest.fixture
def quarter(registrar, supervisor, handler, other_handler, township, other_township):
    """Q1 2026: 化子坪镇 closed its one item on time; 建华镇 left its item overdue."""
    good = assign(supervisor, register(registrar, township, title="好"), township, deadline_class="urgent",
                  on=D(2026, 3, 2))
    reply(handler, good, D(2026, 3, 4))
    late = assign(supervisor, register(registrar, other_township, title="坏", received_on=D(2026, 1, 5)),
                  other_township, deadline_class="urgent", on=D(2026, 1, 6))
    petition_actions.petition_sign_for(actor=other_handler, petition=late, on=D(2026, 1, 7))
    return Period.quarter(2026, 1)


def test_the_bulletin_praises_units_that_handled_well_and_criticises_overdue_ones(supervisor, quarter, township,
                                                                                  other_township):
    praised, criticised = bulletins.select(quarter, D(2026, 4, 10))
    assert [u for u, _f in praised] == [township]
    assert [u for u, _f in criticised] == [other_township]
    bulletin = actions.bulletin_issue(actor=supervisor, period=quarter, as_of=D(2026, 4, 10), on=D(2026, 4, 10))
    assert bulletin.number == "督查通报〔2026〕第1期"
    assert {(m.unit, m.kind) for m in bulletin.mentions.all()} == {(township, "praised"), (other_township, "criticised")}
    text = _text(bulletins.render(bulletin))
    assert "关于2026年第一季度信访事项办理督查情况的通报" in text
    assert "对化子坪镇予以通报表扬" in text and "按期办结率100%" in text
    assert "对建华镇予以通报批评" in text and "超期未办结1件" in text
    assert "2026年4月10日" in text


def test_bulletins_are_kept_listed_and_downloaded(client, supervisor, handler, quarter):
    client.force_login(handler)
    assert client.post(reverse("supervision:bulletins"), {"period": "2026-Q1"}).status_code == 404
    client.force_login(supervisor)
    response = client.post(reverse("supervision:bulletins"), {"period": "2026-Q1"})
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.period_start == D(2026, 1, 1) and bulletin.issued_by == supervisor
    page = client.get(reverse("supervision:bulletins")).content.decode()
    assert bulletin.number in page and "化子坪镇" in page
    client.force_login(handler)
    response = client.get(reverse("supervision:bulletin_download", args=[bulletin.pk]))
    assert "对建华镇予以通报批评" in _text(response.content)


def test_a_bad_period_is_refused_in_words(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("supervision:bulletins"), {"period": "去年"})
    assert response.status_code == 200 and response.context["form"].errors["period"]
    assert not Bulletin.objects.exists()
