"""The petitioner's public pages (no login): look up an item by its query code, follow it, evaluate it,
ask for a review or a re-review (DESIGN.md §3, public disclosure and satisfaction).

The query code is the credential, also when it is part of the URL; every page that takes a code counts
wrong codes (per client address and for the page as a whole) and answers 429 to a client that must wait
(``selectors.throttle_wait``), without looking at the code at all. A wrong or malformed code always gets the
same answer; a right one earns the address credit.
"""

from __future__ import annotations

import functools
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from organisation import revision
from petitions import actions as petition_actions
from petitions.access import TransitionRefused, allowed_transitions, refusal
from petitions.forms import attach_errors
from petitions.states import TRANSITIONS

from .actions import throttle_record_failure, throttle_record_success
from .forms import EvaluationForm, LookupForm, ReasonForm, SupplementForm
from .selectors import (
    NOT_FOUND_MESSAGE,
    Wait,
    client_address,
    petition_by_code,
    public_status,
    throttle_wait,
)

# The petitioner's transitions offered on the page: form, action, and the action's arguments.
PETITIONER_ACTIONS = {
    "evaluate": (
        EvaluationForm,
        petition_actions.petition_evaluate,
        lambda data: {"rating": data["rating"], "comment": data["comment"]},
    ),
    "request_review": (ReasonForm, petition_actions.petition_request_review, lambda data: {"reason": data["reason"]}),
    "request_re_review": (
        ReasonForm,
        petition_actions.petition_request_re_review,
        lambda data: {"reason": data["reason"]},
    ),
}

PUBLIC_TITLES = {
    "evaluate": _("Evaluate the handling"),
    "request_review": _("Request a review"),
    "request_re_review": _("Request a re-review"),
}

SUCCESS_MESSAGES = {
    "evaluate": _("Thank you. Your evaluation has been recorded."),
    "request_review": _("Your request for a review has been received."),
    "request_re_review": _("Your request for a re-review has been received."),
}


def public_page(view):
    """Pages whose URL can carry the credential: never cached, never sent to another site as a Referer, never indexed.

    "same-origin" rather than "no-referrer": with "no-referrer" browsers send ``Origin: null`` on form posts,
    which Django's CSRF check rightly refuses.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _throttled(request, wait: Wait):
    response = render(request, "portal/throttled.html", {"message": wait.message}, status=429)
    response.headers["Retry-After"] = str(wait.seconds)
    if request.htmx:
        response.headers["HX-Refresh"] = "true"  # show the full page; a blocked address records nothing more
    return response


def _not_found(request, typed: str):
    """The one answer to every wrong or malformed code."""
    context = {"form": LookupForm(initial={"code": typed.strip()[:40]}), "error": NOT_FOUND_MESSAGE}
    response = render(request, "portal/lookup.html", context, status=404)
    if request.htmx:
        response.headers["HX-Redirect"] = reverse("portal:lookup")
    return response


def _petition_for(request, code: str):
    """(petition, None) for a right code from an address that may try; (None, the response) otherwise."""
    ip, now = client_address(request), timezone.now()
    wait = throttle_wait(ip, now=now)
    if wait:
        return None, _throttled(request, wait)
    petition = petition_by_code(code)
    if petition is None:
        throttle_record_failure(ip=ip, now=now)
        return None, _not_found(request, code)
    throttle_record_success(ip=ip, petition=petition, now=now)
    return petition, None


@public_page
@require_http_methods(["GET", "POST"])
def lookup(request):
    wait = throttle_wait(client_address(request), now=timezone.now())
    if wait:
        return _throttled(request, wait)
    if request.method == "GET":
        return render(request, "portal/lookup.html", {"form": LookupForm()})
    form = LookupForm(request.POST)
    if not form.is_valid():  # nothing typed: not a try of a code
        return render(request, "portal/lookup.html", {"form": form}, status=400)
    petition, response = _petition_for(request, form.cleaned_data["code"])
    if response:
        return response
    return redirect("portal:status", code=petition.display_query_code)


def _status_context(petition, *, forms=None, refused=None, notice=None) -> dict:
    today = timezone.localdate()
    allowed = {t.name for t in allowed_transitions(None, petition, today)}
    forms = forms or {}
    offered = []
    for name, (form_class, _action, _arguments) in PETITIONER_ACTIONS.items():
        if petition.state not in TRANSITIONS[name].sources:
            continue
        offered.append(
            {
                "name": name,
                "label": PUBLIC_TITLES[name],
                "allowed": name in allowed,
                "form": forms.get(name) or form_class(auto_id=f"id_{name}_%s"),
                "reason": None if name in allowed else refusal(None, petition, name, today),
                "url": reverse(f"portal:{name}", kwargs={"code": petition.display_query_code}),
            }
        )
    return {
        "status": public_status(petition),
        "code": petition.display_query_code,
        "offered": offered,
        "review_due_on": petition.review_request_due_on,
        "review_due_provisional": petition.review_request_due_provisional,
        "re_review_due_on": petition.re_review_request_due_on,
        "re_review_due_provisional": petition.re_review_request_due_provisional,
        "refused": refused,
        "notice": notice,
        "supplement_form": (forms.get("supplement") or SupplementForm()) if petition.is_open else None,
    }


@public_page
@require_http_methods(["GET"])
def status(request, code: str):
    petition, response = _petition_for(request, code)
    if response:
        return response
    if code != petition.display_query_code:  # typed by hand: show the canonical address
        return redirect("portal:status", code=petition.display_query_code)
    return render(request, "portal/status.html", _status_context(petition))


@public_page
@require_POST
def act(request, code: str, name: str):
    """The petitioner's evaluation, review request or re-review request (actor None: the public page)."""
    petition, response = _petition_for(request, code)
    if response:
        return response
    form_class, action, arguments = PETITIONER_ACTIONS[name]
    form = form_class(request.POST, auto_id=f"id_{name}_%s")
    refused = None
    if form.is_valid():
        try:
            petition = action(actor=None, petition=petition, **arguments(form.cleaned_data))
        except TransitionRefused as exc:
            refused = str(exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            notice = SUCCESS_MESSAGES[name]
            if request.htmx:
                return render(request, "portal/status.html#status", _status_context(petition, notice=notice))
            messages.success(request, notice)
            return redirect("portal:status", code=petition.display_query_code)
    context = _status_context(petition, forms={name: form}, refused=refused)
    if request.htmx:  # htmx swaps only 2xx answers; the errors are in the fragment
        return render(request, "portal/status.html#status", context)
    return render(request, "portal/status.html", context, status=409 if refused else 400)


@public_page
@require_http_methods(["GET", "POST"])
def online(request):
    """网上信访: the public form; sent, it shows the query code at once (and again, not twice, if sent twice)."""
    from .forms import OnlinePetitionForm
    from .online import OnlineData, online_petition_send

    if request.method == "GET":
        form = OnlinePetitionForm(initial={"token": secrets.token_urlsafe(24)})
        return render(request, "portal/online.html", {"form": form, "blank_fields": _blank_online_fields()})
    form = OnlinePetitionForm(request.POST, request.FILES)
    if form.is_valid():
        values = dict(form.cleaned_data)
        files, token = values.pop("files"), values.pop("token")
        values.pop("accept")
        try:
            sent = online_petition_send(data=OnlineData(**values), files=files, token=token,
                                        ip=client_address(request))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return render(request, "portal/online_sent.html", {"petition": sent.petition, "again": sent.again})
    return render(request, "portal/online.html", {"form": form}, status=400)


def _blank_online_fields() -> str:
    """The blank online form's fields, the same for everyone but for the one-time token (rendered apart): rendered
    once per language and kept until the reference data behind its lists changes. Rendering its twenty widgets
    through their templates was two thirds of the form's page (bench/bench_online.py)."""
    from .forms import OnlinePetitionForm

    return revision.kept(f"portal:online-fields:{get_language()}", lambda: mark_safe(  # noqa: S308 (rendered here)
        render_to_string("portal/_online_fields.html", {"form": OnlinePetitionForm()})))


@public_page
@require_POST
def supplement(request, code: str):
    """补充材料: the petitioner adds files to an open item through its query code (kept as evidence, by nobody)."""
    from attachments.actions import attachments_add
    from attachments.models import AttachmentKind

    petition, response = _petition_for(request, code)
    if response:
        return response
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid() and petition.is_open:
        try:
            attachments_add(actor=None, to=petition, uploads=form.cleaned_data["files"], kind=AttachmentKind.EVIDENCE)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Your materials were added to your petition."))
            return redirect("portal:status", code=petition.display_query_code)
    elif not petition.is_open:
        form.add_error(None, _("Your petition is closed: materials can no longer be added."))
    return render(request, "portal/status.html", _status_context(petition, forms={"supplement": form}), status=400)
