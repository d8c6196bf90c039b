"""Joint-meeting pages: thin — parse, call one selector or action, render (STYLE.md §9)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ledgers.forms import LedgerImportForm
from ledgers.jobs import start_import
from ledgers.registers import write_register
from ledgers.views import xlsx_response
from petitions.documents import DOCX_CONTENT_TYPE
from petitions.forms import attach_errors

from . import actions, documents, ledger, selectors
from .forms import MeetingForm, TaskDoneForm, TaskForm
from .models import JointMeeting, MeetingTask, TaskStatus, sees_every_meeting

TASK_VIEWS = ("open", "overdue", "all")


def _meeting(request, pk) -> JointMeeting:
    """The one way a page gets a meeting: through the register's access rule (404 for anything else)."""
    return get_object_or_404(JointMeeting.objects.visible_to(request.user), pk=pk)



def _index_context(request, *, import_form=None):
    today = timezone.localdate()
    user = request.user
    may_edit = actions.can_edit_meetings(user)
    return {
        "meetings": selectors.meetings_for(user)[:120],
        "warning": selectors.monthly_warning(today) if sees_every_meeting(user) else None,
        "may_edit": may_edit,
        "import_form": (import_form or LedgerImportForm()) if may_edit else None,
        "overdue": selectors.tasks_for(user, show="overdue", today=today).count(),
        "today": today,
    }


@login_required
@require_GET
def index(request):
    return render(request, "meetings/index.html", _index_context(request))


@login_required
@require_GET
def detail(request, pk):
    meeting = _meeting(request, pk)
    today = timezone.localdate()
    user = request.user
    tasks = meeting.tasks.select_related("owner_unit", "owner_user", "petition").order_by("pk")
    rows = [{"task": t, "status": t.status(today), "may_report": t.state == "open" and actions.can_report_done(user, t)}
            for t in tasks]
    may_edit = actions.can_edit_meetings(user)
    return render(request, "meetings/detail.html", {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("unit"),
        "agenda": selectors.agenda_for(meeting, user),
        "rows": rows,
        "may_edit": may_edit,
        "task_form": TaskForm(meeting=meeting, user=user) if may_edit else None,
        "events": meeting.events.select_related("actor", "task"),
        "statuses": TaskStatus,
    })


def _meeting_form_page(request, meeting=None):
    if not actions.can_edit_meetings(request.user):
        raise PermissionDenied(_("Only the petition bureau's supervisors and administrators can record joint meetings."))
    today = timezone.localdate()
    initial = MeetingForm.initial_of(meeting) if meeting else {"held_on": today}
    form = MeetingForm(request.POST or None, user=request.user, today=today, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = actions.meeting_record(actor=request.user, data=form.meeting_data())
                messages.success(request, _("The meeting was recorded; now add its decisions."))
            else:
                actions.meeting_correct(actor=request.user, meeting=meeting, data=form.meeting_data())
                messages.success(request, _("The meeting was corrected."))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting},
                  status=400 if form.errors else 200)


@login_required
def create(request):
    return _meeting_form_page(request)


@login_required
def edit(request, pk):
    return _meeting_form_page(request, _meeting(request, pk))


@login_required
@require_POST
def task_add(request, pk):
    meeting = _meeting(request, pk)
    if not actions.can_edit_meetings(request.user):
        raise PermissionDenied(_("Only the petition bureau's supervisors and administrators can record joint meetings."))
    form = TaskForm(request.POST, meeting=meeting, user=request.user)
    if form.is_valid():
        try:
            actions.meeting_task_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The decision was added as a task."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/task_form.html", {"form": form, "meeting": meeting}, status=400)


@login_required
def task_done(request, pk):
    task = get_object_or_404(MeetingTask.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    if not actions.can_report_done(request.user, task):
        raise PermissionDenied(_("Only the task's owner or the bureau's supervisors can report it done."))
    form = TaskDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.meeting_task_complete(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        except actions.MeetingRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The task was reported done."))
            back = request.POST.get("next") or ""
            if back.startswith("/") and not back.startswith("//"):
                return redirect(back)
            return redirect("meetings:tasks")
    template = "meetings/_task_done_form.html" if request.htmx else "meetings/task_done.html"
    return render(request, template, {"form": form, "task": task, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def tasks(request):
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show not in TASK_VIEWS:
        show = "open"
    items = selectors.tasks_for(request.user, show=show, today=today)[:500]
    visible_meetings = set(JointMeeting.objects.visible_to(request.user).values_list("pk", flat=True))
    rows = [{"task": t, "status": t.status(today), "meeting_visible": t.meeting_id in visible_meetings,
             "may_report": t.state == "open" and actions.can_report_done(request.user, t)} for t in items]
    return render(request, "meetings/tasks.html", {"rows": rows, "show": show, "views": TASK_VIEWS,
                                                   "statuses": TaskStatus, "today": today})


@login_required
@require_GET
def minutes(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(documents.build(meeting, user=request.user), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(meeting))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export(request):
    today = timezone.localdate()
    rows = ledger.ledger_rows(JointMeeting.objects.visible_to(request.user), today, request.user)
    return xlsx_response(lambda file: write_register(ledger.REGISTER, rows, file),
                         ledger.REGISTER.filename(today))


@login_required
@require_POST
def import_view(request):
    if not actions.can_edit_meetings(request.user):
        raise PermissionDenied(_("Only the petition bureau's supervisors and administrators can record joint meetings."))
    form = LedgerImportForm(request.POST, request.FILES, sheet=ledger.REGISTER.title)
    if not form.is_valid():
        return render(request, "meetings/index.html", _index_context(request, import_form=form), status=400)
    job = start_import(owner=request.user, register="meetings", upload=form.cleaned_data["file"])
    return redirect("ledgers:job", pk=job.pk)
