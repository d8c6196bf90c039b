"""Large imports run as background jobs (issue 12, hole 9): the request stores the file and enqueues; the job reads and
checks every row before its one transaction, keeps its progress and the same result as the direct import; only its
owner and the bureau's supervisors see it; a file over the row limit is refused at once; a job whose worker died is
shown as stopped."""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import os
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from duty.ledger import REGISTER as DUTY_REGISTER
from duty.models import DutyRoster
from ledgers import imports, jobs
from ledgers.forms import LedgerImportForm
from ledgers.imports import import_ledger
from ledgers.models import ImportJob, ImportState, ImportStep
from ledgers.progress import Progress
from ledgers.registers import import_register
from ledgers.rowcount import sheet_rows
from organisation.models import Role
from petitions.models import Petition

from ..factories import UserFactory
from .conftest import ledger_file
from .test_imports import GOOD

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BAD = {**GOOD, "问题属地": "不存在镇", "收到日期": "明天"}
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(registrar, township, other_township, discipline, construction, land):
    return registrar


def upload(rows, name="台账.xlsx"):
    file = ledger_file(rows)
    file.name = name
    return file


def start(user, rows, register="petitions"):
    return jobs.start_import(owner=user, register=register, upload=upload(rows))


def test_a_job_imports_the_file_and_keeps_its_progress_and_result(world):
    job = start(world, [GOOD, {**GOOD, "信访人": "李四", "身份证号": None}])
    job.refresh_from_db()
    assert job.state == ImportState.DONE and job.step == ImportStep.SAVING
    assert (job.rows_total, job.rows_read, job.rows_checked, job.rows_saved, job.imported) == (2, 2, 2, 2, 2)
    assert job.started_at == job.finished_at == NOW and job.errors == [] and job.failure == ""
    assert Petition.objects.count() == 2
    assert job.file.name == ""  # the upload is kept only until the job ends


def test_the_job_reports_exactly_the_problems_of_the_direct_import(world):
    direct = import_ledger(upload([GOOD, BAD, BAD]), user=world, today=NOW.date())
    job = start(world, [GOOD, BAD, BAD])
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and job.rows_saved == 0 and not Petition.objects.exists()
    assert job.row_errors == direct.errors and job.error_count == len(direct.errors) > 2


def test_a_register_job_reports_the_problems_of_the_direct_import(supervisor):
    headings = [c.heading for c in DUTY_REGISTER.columns]
    book = Workbook()
    book.active.title = DUTY_REGISTER.title
    book.active.append(headings)
    book.active.append(["国庆", "2026-10-01", "2026-10-03", None, "2026-10-02", "早班", "刘晓燕", "大厅", None, None])
    content = io.BytesIO()
    book.save(content)
    direct = import_register(DUTY_REGISTER, io.BytesIO(content.getvalue()), user=supervisor, today=NOW.date())
    file = io.BytesIO(content.getvalue())
    file.name = "值班台账.xlsx"
    job = jobs.start_import(owner=supervisor, register="duty", upload=file)
    job.refresh_from_db()
    assert not direct.ok and job.row_errors == direct.errors
    assert job.state == ImportState.FAILED and not DutyRoster.objects.exists()


class Recorder(Progress):
    def __init__(self):
        self.calls = []

    def read(self, rows):
        self.calls.append(("read", rows))

    def checked(self, rows, total):
        self.calls.append(("checked", rows, total))

    def saving(self, total):
        self.calls.append(("saving", total))

    def saved(self, rows, total):
        self.calls.append(("saved", rows, total))


def test_every_row_is_read_and_checked_before_the_transaction_begins(world, monkeypatch):
    recorder, in_transaction = Recorder(), []
    replay = imports._replay

    def saving_row(*args, **kwargs):
        in_transaction.append(("row saved", len(recorder.calls)))
        return replay(*args, **kwargs)

    monkeypatch.setattr(imports, "_replay", saving_row)
    import_ledger(upload([GOOD, {**GOOD, "信访人": "李四", "身份证号": None}]), user=world, today=NOW.date(),
                  progress=recorder)
    assert recorder.calls == [("read", 1), ("read", 2), ("checked", 1, 2), ("checked", 2, 2), ("saving", 2),
                              ("saved", 1, 2), ("saved", 2, 2)]
    assert in_transaction == [("row saved", 5), ("row saved", 6)]  # after "saving": nothing checked under the lock


def test_a_job_that_fails_while_saving_keeps_nothing(world, monkeypatch):
    replay, count = imports._replay, []

    def fail_on_second(*args, **kwargs):
        count.append(1)
        if len(count) == 2:
            raise RuntimeError("the worker fell over")
        return replay(*args, **kwargs)

    monkeypatch.setattr(imports, "_replay", fail_on_second)
    job = start(world, [GOOD, {**GOOD, "信访人": "李四", "身份证号": None}])
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and "未保存文件中的任何内容" in job.failure and str(job.pk) in job.failure
    assert not Petition.objects.exists()


# --- The request only enqueues ----------------------------------------------------------------------------------------


def test_the_upload_request_enqueues_the_job_and_does_not_import(client, world, settings):
    settings.TASKS = DATABASE_BACKEND  # a real queue, and no worker running
    client.force_login(world)
    response = client.post(reverse("ledgers:import"), {"file": upload([GOOD])})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers:job", args=[job.pk])
    assert job.state == ImportState.QUEUED and not Petition.objects.exists()
    assert job.file.storage.exists(job.file.name)
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<html" not in page  # the fragment polls itself

    task = DBTaskResult.objects.get()
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test", excluded_queue_names=[]).run_task(task)
    job.refresh_from_db()
    assert job.state == ImportState.DONE and Petition.objects.count() == 1
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' not in page and "id=\"import-done\"" in page


def test_a_job_left_in_the_queue_says_that_the_worker_may_not_run(client, world, settings):
    settings.TASKS = DATABASE_BACKEND
    job = start(world, [GOOD])
    client.force_login(world)
    assert "db_worker" not in client.get(reverse("ledgers:job", args=[job.pk])).content.decode()
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        assert "db_worker" in client.get(reverse("ledgers:job", args=[job.pk])).content.decode()


# --- Who sees a job ---------------------------------------------------------------------------------------------------


def test_a_job_is_seen_by_its_owner_and_the_bureaus_supervisors_only(client, world, supervisor, bureau):
    job = start(world, [GOOD])
    other_registrar = UserFactory(username="registrar2", unit=bureau, roles=[Role.REGISTRAR])
    url = reverse("ledgers:job", args=[job.pk])
    for user, status in ((world, 200), (supervisor, 200), (other_registrar, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    assert url not in client.get(reverse("ledgers:home")).content.decode()


def test_every_import_view_starts_a_job(client, supervisor, registrar):
    """The registers' import views enqueue a job for their own register, after their own permission check."""
    cases = [(registrar, reverse("reception:ledger_import", args=["days"]), "reception.days"),
             (supervisor, reverse("meetings:import"), "meetings"),
             (supervisor, reverse("duty:import"), "duty"),
             (supervisor, reverse("supervision:ledger_import", args=["notices"]), "supervision.notices")]
    for user, url, register in cases:
        client.force_login(user)
        response = client.post(url, {"file": upload([{}])})
        job = ImportJob.objects.get(register=register)
        assert response["Location"] == reverse("ledgers:job", args=[job.pk]) and job.owner == user
        page = client.get(response["Location"]).content.decode()
        assert job.state == ImportState.FAILED and "id=\"import-errors\"" in page  # a petition ledger: wrong headings


def test_every_importer_names_a_register_and_a_page(db):
    for key, importer in jobs.IMPORTERS.items():
        assert importer.title(NOW.date()), key
        assert reverse(importer.page)
        assert "1" in importer.done(1)


# --- The row limit ----------------------------------------------------------------------------------------------------


def test_the_form_states_the_limits_and_refuses_a_file_over_the_row_limit_at_once(client, world, settings):
    settings.XINFANG = {**settings.XINFANG, "LEDGER_IMPORT_MAX_ROWS": 2}
    client.force_login(world)
    page = client.get(reverse("ledgers:home")).content.decode()
    assert "每个文件最多2行、20 MB" in page
    response = client.post(reverse("ledgers:import"), {"file": upload([GOOD] * 3)})
    assert response.status_code == 400
    assert "台账超过2行" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert client.post(reverse("ledgers:import"), {"file": upload([GOOD] * 2)}).status_code == 302


def test_a_job_stops_reading_past_the_row_limit(world, settings):
    """Should a file's rows not be counted by the form (a workbook laid out unusually), the job stops at the limit."""
    settings.XINFANG = {**settings.XINFANG, "LEDGER_IMPORT_MAX_ROWS": 2}
    job = start(world, [GOOD] * 3)
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and job.row_errors[0].message.startswith("台账超过2行")
    assert not Petition.objects.exists()


def test_rows_are_counted_in_the_sheet_the_import_reads():
    book = Workbook()
    book.active.title = "其他"
    book.active.append(["x"])
    sheet = book.create_sheet("信访台账")
    for n in range(5):
        sheet.append([n])
    file = io.BytesIO()
    book.save(file)
    assert sheet_rows(file, "信访台账", stop_after=100, max_unpacked=10**6) == 5
    assert sheet_rows(file, "没有这张表", stop_after=100, max_unpacked=10**6) == 1  # else the first sheet
    assert sheet_rows(file, "信访台账", stop_after=2, max_unpacked=10**6) > 2  # stops once over
    assert sheet_rows(io.BytesIO(b"not a zip"), "信访台账", stop_after=2, max_unpacked=10**6) is None


def test_rows_are_counted_when_the_elements_have_a_namespace_prefix():
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    file = io.BytesIO()
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("xl/workbook.xml", f'<x:workbook xmlns:x="{main}" xmlns:r="{rel}"><x:sheets>'
                                            '<x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="/xl/worksheets/s.xml"/>'
                         '</Relationships>')
        archive.writestr("xl/worksheets/s.xml", f'<x:worksheet xmlns:x="{main}"><x:sheetData>'
                         + '<x:row r="1"><x:c/></x:row>' * 4 + "<x:rowBreaks/></x:sheetData></x:worksheet>")
    assert sheet_rows(file, "S", stop_after=100, max_unpacked=10**6) == 4


def test_a_file_that_unpacks_far_beyond_the_limit_is_refused(world, settings):
    settings.XINFANG = {**settings.XINFANG, "LEDGER_IMPORT_MAX_ROWS": 1}
    form = LedgerImportForm(files={"file": _uploaded(upload([{**GOOD, "内容": "长" * 4000}]))}, sheet="信访台账")
    assert not form.is_valid() and "解压" in form.errors["file"][0]


def _uploaded(file):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(file.name, file.getvalue())


# --- A worker that died -----------------------------------------------------------------------------------------------


def _running_job(world):
    return ImportJob.objects.create(register="petitions", owner=world, filename="台账.xlsx", language="zh-hans",
                                    state=ImportState.RUNNING, step=ImportStep.SAVING, started_at=NOW)


def test_a_running_job_whose_worker_died_is_shown_as_stopped(client, world):
    job = _running_job(world)
    client.force_login(world)
    page = client.get(reverse("ledgers:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and "后台任务进程已结束" in job.failure and job.failure in page
    assert 'hx-trigger="every 2s"' not in page


def test_a_running_job_whose_worker_lives_stays_running(client, world):
    job = _running_job(world)
    client.force_login(world)
    if connection.vendor == "postgresql":  # the worker's lock, held by another session
        worker = connection.copy()
        with worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [jobs._ADVISORY_LOCK_CLASS | job.pk])
        try:
            page = client.get(reverse("ledgers:job", args=[job.pk])).content.decode()
        finally:
            worker.close()
    else:
        fd = os.open(jobs._lock_path(job), os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            page = client.get(reverse("ledgers:job", args=[job.pk])).content.decode()
        finally:
            os.close(fd)
    job.refresh_from_db()
    assert job.state == ImportState.RUNNING and 'hx-trigger="every 2s"' in page
