"""Reads of the public page: the client's throttle state, the item behind a query code and what may be shown of it.

What the petitioner sees is decided here and nowhere else (DESIGN.md §3 public disclosure, §7): the dates
of registration, forwarding and assignment (with the receiving unit), the acceptance decision, the extension
with its reason and new due date, and the handling, review and re-review opinions — taken from the events
whose kind is public. Internal notes, hand-backs, instructions, staff names, the accused unit and every
petitioner's personal data stay out.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from petitions.models import (
    PUBLIC_EVENT_KINDS,
    Channel,
    DeclineReason,
    EventKind,
    Petition,
    ReplyOutcome,
    Satisfaction,
)
from petitions.query_codes import normalise
from petitions.states import PetitionState

from .models import PortalThrottle

# ---------------------------------------------------------------- throttle


def max_failures() -> int:
    return int(settings.XINFANG["PORTAL_MAX_FAILURES"])


def failure_window() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.XINFANG["PORTAL_FAILURE_WINDOW_SECONDS"]))


def client_address(request) -> str:
    """The key the throttle counts under: REMOTE_ADDR, or the /64 network of an IPv6 client.

    ``X-Forwarded-For`` is trusted only when ``XINFANG["PORTAL_TRUSTED_PROXIES"]`` says how many reverse
    proxies stand in front of the application; the client is then the entry that the outermost trusted proxy
    appended (counting from the right), so a client cannot choose its own address by sending the header.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(settings.XINFANG.get("PORTAL_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return throttle_key(address)


def throttle_key(address: str) -> str:
    """IPv4 addresses as they are, IPv6 addresses by their /64 network; anything else counts as one "unknown" client."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def throttle_retry_after(ip: str, *, now: dt.datetime) -> int:
    """Seconds until ``ip`` may try query codes again; 0 when it is not blocked."""
    row = PortalThrottle.objects.filter(ip=ip).first()
    if row is None or row.failures < max_failures():
        return 0
    ends = row.window_start + failure_window()
    return max(0, math.ceil((ends - now).total_seconds()))


def retry_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many wrong query codes were entered from your network. Please try again in %(minutes)s minute.",
        "Too many wrong query codes were entered from your network. Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


# ---------------------------------------------------------------- the item behind a code

NOT_FOUND_MESSAGE = _("No petition was found for this query code. Please check the code and try again.")


def petition_by_code(raw: str) -> Petition | None:
    """The item whose query code the petitioner typed (forgiving about case, spaces, dashes, look-alikes)."""
    code = normalise(raw or "")
    if code is None:
        return None
    return Petition.objects.filter(query_code=code).first()


# ---------------------------------------------------------------- what the page shows

_PUBLIC_STATE_LABELS = {
    # A hand-back is internal: to the petitioner the bureau is simply deciding again.
    PetitionState.REGISTERED: _("Awaiting the petition bureau's decision"),
    PetitionState.RETURNED: _("Awaiting the petition bureau's decision"),
}

_STATE_EXPLANATIONS = {
    PetitionState.REGISTERED: _("Your petition has been registered. The petition bureau is deciding how it will be handled."),
    PetitionState.RETURNED: _("Your petition has been registered. The petition bureau is deciding how it will be handled."),
    PetitionState.ANSWERED: _("Your petition was answered on the spot."),
    PetitionState.DECLINED: _("Your petition was not accepted. The reason is given below."),
    PetitionState.FORWARDED: _("Your petition was forwarded to the competent authority, which handles it."),
    PetitionState.ASSIGNED: _("Your petition was accepted and assigned to the responsible unit, which must reply in writing."),
    PetitionState.HANDLING: _("Your petition was accepted and is being handled by the responsible unit."),
    PetitionState.REPLIED: _("Your petition has been handled. The written handling opinion is given below."),
    PetitionState.UNDER_REVIEW: _("Your request for a review is being decided."),
    PetitionState.REVIEWED: _("The review opinion has been given below."),
    PetitionState.UNDER_RE_REVIEW: _("Your request for a re-review is being decided."),
    PetitionState.TERMINATED: _(
        "The re-review opinion has been given. The matter is concluded: the same facts and reasons are not accepted again."
    ),
}

_DUE_LABELS = {
    PetitionState.REGISTERED: _("Decision due by"),
    PetitionState.RETURNED: _("Decision due by"),
    PetitionState.ASSIGNED: _("Written reply due by"),
    PetitionState.HANDLING: _("Written reply due by"),
    PetitionState.UNDER_REVIEW: _("Review decision due by"),
    PetitionState.UNDER_RE_REVIEW: _("Re-review decision due by"),
}


@dataclass
class PublicEntry:
    """One line of the public timeline."""

    kind: str
    date: dt.date
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    text_label: str = ""
    text: str = ""
    hint: str = ""


@dataclass
class PublicStatus:
    number: str
    title: str
    query_code: str
    state: str
    state_label: str
    explanation: str
    received_on: dt.date
    channel: str
    due_label: str
    due_on: dt.date | None
    due_provisional: bool
    timeline: list[PublicEntry]



def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def _entry(event, petition: Petition) -> PublicEntry:
    data = event.data or {}
    kind = event.kind
    entry = PublicEntry(kind=kind, date=event.business_date, title="")
    if kind == EventKind.REGISTERED:
        entry.title = _("Registered")
        entry.facts = [(_("Received on"), petition.received_on), (_("Channel"), _label(Channel, petition.channel))]
    elif kind == EventKind.ANSWERED:
        entry.title = _("Answered on the spot")
        entry.text_label, entry.text = _("Answer"), petition.reply_text
    elif kind == EventKind.DECLINED:
        reason = data.get("reason") or petition.decline_reason
        entry.title = _("Not accepted")
        entry.facts = [(_("Reason"), _label(DeclineReason, reason))]
        if reason == DeclineReason.LEGAL_PROCEDURE:
            entry.hint = _(
                "Please pursue this matter through litigation, administrative reconsideration, arbitration or the "
                "other legal procedure that applies to it."
            )
    elif kind == EventKind.FORWARDED:
        entry.title = _("Forwarded")
        entry.facts = [(_("Forwarded to"), data.get("to_unit_name", ""))]
    elif kind == EventKind.ASSIGNED:
        entry.title = _("Accepted and assigned")
        entry.facts = [(_("Responsible unit"), data.get("unit_name", ""))]
        if _date(data.get("handling_due_on")):
            entry.facts.append((_("Written reply due by"), _date(data.get("handling_due_on"))))
    elif kind == EventKind.EXTENDED:
        entry.title = _("Handling time extended")
        if data.get("days"):
            entry.facts.append((_("Extended by"), ngettext("%(n)s day", "%(n)s days", data["days"]) % {"n": data["days"]}))
        if _date(data.get("handling_due_on")):
            entry.facts.append((_("New due date"), _date(data.get("handling_due_on"))))
        entry.text_label, entry.text = _("Reason"), petition.extension_reason
    elif kind == EventKind.REPLIED:
        entry.title = _("Replied with a written handling opinion")
        entry.facts = [(_("Outcome"), _label(ReplyOutcome, data.get("outcome") or petition.reply_outcome))]
        entry.text_label, entry.text = _("Handling opinion"), petition.reply_text
    elif kind == EventKind.EVALUATED:
        entry.title = _("Evaluated")
        entry.facts = [(_("Evaluation"), _label(Satisfaction, data.get("rating") or petition.satisfaction))]
    elif kind == EventKind.REVIEW_REQUESTED:
        entry.title = _("Review requested")
    elif kind == EventKind.REVIEW_DECIDED:
        entry.title = _("Review opinion given")
        entry.text_label, entry.text = _("Review opinion"), petition.review_opinion
    elif kind == EventKind.RE_REVIEW_REQUESTED:
        entry.title = _("Re-review requested")
    elif kind == EventKind.RE_REVIEW_DECIDED:
        entry.title = _("Re-review opinion given; the matter is concluded")
        entry.text_label, entry.text = _("Re-review opinion"), petition.re_review_opinion
    else:  # a kind added to PUBLIC_EVENT_KINDS later: its name and date only
        entry.title = event.get_kind_display()
    entry.facts = [(label, date_format(value) if isinstance(value, dt.date) else value) for label, value in entry.facts]
    return entry


def public_status(petition: Petition) -> PublicStatus:
    """Everything the tracking page shows of ``petition`` — and nothing else."""
    events = petition.events.filter(kind__in=PUBLIC_EVENT_KINDS).order_by("at", "pk")
    timeline = [_entry(event, petition) for event in events]
    state = petition.state
    due_label = _DUE_LABELS.get(state, "")
    return PublicStatus(
        number=petition.number,
        title=petition.title,
        query_code=petition.display_query_code,
        state=state,
        state_label=str(_PUBLIC_STATE_LABELS.get(state) or petition.get_state_display()),
        explanation=str(_STATE_EXPLANATIONS.get(state, "")),
        received_on=petition.received_on,
        channel=_label(Channel, petition.channel),
        due_label=str(due_label),
        due_on=petition.due_on if due_label else None,
        due_provisional=bool(due_label and petition.due_provisional),
        timeline=timeline,
    )
