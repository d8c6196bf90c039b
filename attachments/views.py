"""Attachment pages: add to an item, a dispute, a reception record or a meeting; withdraw; open (download, or
preview in the page). Thin: the record comes only through its own ``visible_to`` (404 otherwise, see
``attachments.owners``), the actions decide the rest (403)."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import actions
from .access import visible_attachment
from .forms import AttachmentForm, WithdrawForm
from .models import Attachment
from .owners import BY_KEY, of_attachment


def _visible(request, pk) -> Attachment:
    attachment = visible_attachment(request.user, pk)
    if attachment is None:
        raise Http404
    return attachment


def _errors(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def add(request, owner, owner_pk):
    if owner not in BY_KEY:
        raise Http404
    entry = BY_KEY[owner]
    record = get_object_or_404(entry.visible(request.user), pk=owner_pk)
    form = AttachmentForm(request.POST, request.FILES, owner=entry)
    if form.is_valid():
        values = form.cleaned_data
        try:
            attachment = actions.attachment_add(actor=request.user, to=record, upload=values["file"],
                                                kind=values["kind"], note=values["note"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": attachment.name})
    else:
        messages.error(request, _errors(form))
    return redirect(entry.url(record))


@login_required
@require_POST
def withdraw(request, pk):
    attachment = _visible(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            actions.attachment_withdraw(actor=request.user, attachment=attachment,
                                        reason=form.cleaned_data["withdraw_reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("“%(name)s” was withdrawn.") % {"name": attachment.name})
    else:
        messages.error(request, _errors(form))
    return redirect(of_attachment(attachment).url(attachment.owner))


@login_required
@require_GET
@csp_replace({"frame-ancestors": [SELF]})  # a PDF previews in a frame of the record's own page
def open_file(request, pk):
    """Stream the file: as an attachment, or ``?inline=1`` to preview an image or PDF in the page. Never cached."""
    attachment = _visible(request, pk)
    inline = request.GET.get("inline") == "1" and attachment.previews
    try:
        handle = actions.attachment_open(actor=request.user, attachment=attachment, inline=inline)
    except actions.StoreUnavailable:
        return render(request, "attachments/unavailable.html",
                      {"attachment": attachment, "back": of_attachment(attachment).url(attachment.owner)}, status=503)
    response = FileResponse(handle, as_attachment=not inline, filename=attachment.name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
