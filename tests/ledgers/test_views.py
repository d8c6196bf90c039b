"""The ledger page: export download, blank ledger, import upload with its error table, permissions."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from ledgers.models import ImportJob
from petitions.models import Petition

from .conftest import as_dicts, ledger_file
from .test_imports import GOOD

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_ledger_page_offers_export_to_everyone_and_import_to_registrars(client, registrar, handler):
    client.force_login(handler)
    page = client.get(reverse("ledgers:home")).content.decode()
    assert reverse("ledgers:export") in page and reverse("ledgers:import") not in page
    assert 'name="unmasked"' not in page
    client.force_login(registrar)
    page = client.get(reverse("ledgers:home")).content.decode()
    assert reverse("ledgers:import") in page and 'name="unmasked"' in page


def test_export_downloads_an_xlsx_with_a_chinese_file_name(client, registrar, items):
    client.force_login(registrar)
    response = client.get(reverse("ledgers:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert f"filename*=utf-8''{quote('信访台账_20260601.xlsx')}" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert len(as_dicts(content_of(response))) == len(items)


def test_export_filters_by_period_unit_and_state(client, registrar, items, other_township):
    client.force_login(registrar)
    response = client.get(reverse("ledgers:export"), {
        "received_from": "2026-03-06", "received_to": "2026-03-10", "unit": other_township.pk, "state": "assigned",
    })
    titles = {row["标题/事由"] for row in as_dicts(content_of(response))}
    assert titles == {"道路积水", "举报镇政府违规征收"}


def test_export_with_a_reversed_period_shows_the_form_error(client, registrar):
    client.force_login(registrar)
    response = client.get(reverse("ledgers:export"), {"received_from": "2026-03-10", "received_to": "2026-03-01"})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()


def test_unmasked_export_is_logged_and_ignored_for_users_who_may_not_reveal(client, registrar, handler, items, caplog):
    client.force_login(handler)
    with caplog.at_level(logging.INFO, logger="ledgers.audit"):
        content = content_of(client.get(reverse("ledgers:export"), {"unmasked": "on"}))
    assert all("*" in row["联系电话"] or row["联系电话"] == "（保密）" for row in as_dicts(content))
    assert not caplog.records
    client.force_login(registrar)
    with caplog.at_level(logging.INFO, logger="ledgers.audit"):
        content = content_of(client.get(reverse("ledgers:export"), {"unmasked": "on"}))
    assert "13800001111" in {row["联系电话"] for row in as_dicts(content)}
    assert "unmasked ledger export by user registrar" in caplog.records[0].getMessage()


def test_blank_ledger_has_the_headings_only(client, handler, items):
    client.force_login(handler)
    response = client.get(reverse("ledgers:blank"))
    assert "%E6%A8%A1%E6%9D%BF" in response["Content-Disposition"]  # 模板
    assert as_dicts(content_of(response)) == []


def test_an_import_runs_as_a_job_whose_page_says_how_many_items_were_imported(client, registrar, township,
                                                                              construction):
    client.force_login(registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("ledgers:import"), {"file": ledger_file([GOOD])})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:job", args=[job.pk])
    assert Petition.objects.count() == 1  # the tests' task backend runs the job at once
    page = client.get(response["Location"]).content.decode()
    assert "1 item was imported from the ledger." in page and 'hx-trigger="every 2s"' not in page
    assert reverse("ledgers:job", args=[job.pk]) in client.get(reverse("ledgers:home")).content.decode()


def test_import_problems_are_shown_in_a_table_on_the_job_page_and_nothing_is_saved(client, registrar, township,
                                                                                   construction):
    client.force_login(registrar)
    response = client.post(reverse("ledgers:import"), {"file": ledger_file([GOOD, {**GOOD, "问题属地": "不存在镇"}])})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in page
    assert "<td>3</td><td>问题属地</td>" in page
    assert Petition.objects.count() == 0


def test_import_is_forbidden_to_unit_handlers(client, handler, township, construction):
    client.force_login(handler)
    response = client.post(reverse("ledgers:import"), {"file": ledger_file([GOOD])})
    assert response.status_code == 403
    assert Petition.objects.count() == 0


def test_a_file_that_is_not_xlsx_is_refused_by_the_form(client, registrar):
    import io

    client.force_login(registrar)
    upload = io.BytesIO(b"a,b\n")
    upload.name = "ledger.csv"
    response = client.post(reverse("ledgers:import"), {"file": upload})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()


def test_the_ledger_page_requires_login(client):
    response = client.get(reverse("ledgers:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
