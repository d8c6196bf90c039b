"""Reads of the public page: the client's throttle state, the item behind a query code and what may be shown of it.

What the petitioner sees is decided here and nowhere else (DESIGN.md §3 public disclosure, §7): the dates
of registration, forwarding and assignment (with the receiving unit), the acceptance decision, the extension
with its reason and new due date, and the handling, review and re-review opinions — taken from the events
whose kind is public. Internal notes, hand-backs, instructions, staff names, the accused unit and every
petitioner's personal data stay out.

**The guard against guessing** (docs/security.md has the whole arithmetic). The query code is the petitioner's
credential: 12 symbols of 30, S = 30^12 ≈ 5.3·10^17 codes. Among N items a random guess finds one with
probability N/S (1.9·10^-12 at a million items), so what matters is how many wrong codes the page answers in a
year, from any number of addresses. The rules, with the defaults of ``XINFANG``:

- **Allowance per address** (an IPv4 address, an IPv6 /64): 5 wrong codes within a 24-hour window, plus one for
  every distinct item found from the address within 30 days (at most 100). A township office that finds 30 items
  may mistype 35 codes a day before anything happens; a guesser with one real code gets one more.
- **A growing delay, not a lock**: beyond the allowance each wrong code makes the address wait 1, 2, 4 … minutes,
  at most an hour — at most 34 wrong codes in 24 hours from an address without credit.
- **The page-wide budget**: 600 wrong codes per clock hour from all addresses together. Once it is spent, an
  address without credit waits for the next hour; addresses with credit keep their allowance. An item credits at
  most 3 addresses within 30 days, so one known code cannot lend credit to a crowd (a botnet, IPv6 /64s).

So at most 600 × 8,760 ≈ 5.3·10^6 wrong codes a year get an answer from addresses without credit, however many
there are, plus 3k × (34 + k) a day from the addresses credited by k codes an attacker knows: at a million items
about 10^-5 codes found per year (one in about 90,000 years). The check precedes the look-up, so requests
that run at the same moment can each pass it: at most one more per worker process and window.

A wrong or malformed code always gets the same answer; a waiting client gets 429 without the code being looked at.
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

from .models import PortalFailureHour, PortalLookup, PortalThrottle

# ---------------------------------------------------------------- throttle


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


def _setting(name: str) -> int:
    return int(settings.XINFANG[name])


def max_failures() -> int:
    """Wrong codes an address may enter in a window before any delay, without credit."""
    return _setting("PORTAL_MAX_FAILURES")


def failure_window() -> dt.timedelta:
    return dt.timedelta(seconds=_setting("PORTAL_FAILURE_WINDOW_SECONDS"))


def credit_period() -> dt.timedelta:
    return dt.timedelta(days=_setting("PORTAL_CREDIT_DAYS"))


def credit_addresses_per_item() -> int:
    return _setting("PORTAL_CREDIT_ADDRESSES_PER_ITEM")


def delay_after(excess: int) -> dt.timedelta:
    """The wait after the ``excess``-th wrong code beyond the allowance: the first delay, doubled each time, at
    most the longest delay."""
    first, longest = _setting("PORTAL_FIRST_DELAY_SECONDS"), _setting("PORTAL_MAX_DELAY_SECONDS")
    return dt.timedelta(seconds=min(longest, first * 2 ** min(excess - 1, 32)))


def page_wide_budget() -> int:
    """Wrong codes per clock hour from all addresses together, beyond which only addresses with credit may try."""
    return _setting("PORTAL_GLOBAL_FAILURES_PER_HOUR")


def hour_of(now: dt.datetime) -> dt.datetime:
    """The clock hour (UTC) that ``now`` falls in: the page-wide budget's window."""
    return now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def credit(ip: str, *, now: dt.datetime) -> int:
    """The distinct items found with their right codes from ``ip`` within the credit period (at most the cap)."""
    found = PortalLookup.objects.filter(ip=ip, at__gt=now - credit_period())
    return found[: _setting("PORTAL_CREDIT_MAX")].count()


def allowance(ip: str, *, now: dt.datetime) -> int:
    """Wrong codes ``ip`` may enter within a window before it must wait: the free ones and one per item found."""
    return max_failures() + credit(ip, now=now)


def page_wide_failures(now: dt.datetime) -> int:
    return PortalFailureHour.objects.filter(hour=hour_of(now)).values_list("failures", flat=True).first() or 0


@dataclass(frozen=True)
class Wait:
    """Why and how long a client must wait before it may try a code again."""

    seconds: int
    page_wide: bool = False  # the page-wide budget of the hour is spent (not this address's own doing)

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.seconds / 60))
        if self.page_wide:
            return ngettext(
                "Too many wrong query codes are being entered on this page at present. Please try again in "
                "%(minutes)s minute, or ask the petition bureau.",
                "Too many wrong query codes are being entered on this page at present. Please try again in "
                "%(minutes)s minutes, or ask the petition bureau.",
                minutes,
            ) % {"minutes": minutes}
        return ngettext(
            "Too many wrong query codes were entered from your network. Please try again in %(minutes)s minute.",
            "Too many wrong query codes were entered from your network. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}


def _seconds(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def throttle_wait(ip: str, *, now: dt.datetime) -> Wait | None:
    """Whether ``ip`` must wait before trying a code (None: it may try now). Decided without the code.

    - its own delay: wrong codes beyond its allowance (``actions.throttle_record_failure``);
    - the page-wide budget: once the hour's wrong codes from all addresses reach it, an address without credit
      waits for the next hour, so that no number of addresses together can guess faster than the budget.
    """
    next_try_at = PortalThrottle.objects.filter(ip=ip).values_list("next_try_at", flat=True).first()
    if next_try_at is not None and next_try_at > now:
        return Wait(_seconds(next_try_at, now))
    if page_wide_failures(now) >= page_wide_budget() and not credit(ip, now=now):
        return Wait(_seconds(hour_of(now) + dt.timedelta(hours=1), now), page_wide=True)
    return None


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



def _due(data: dict, provisional_key: str = "provisional"):
    """The handling due date an event recorded, marked when it rests on a year without calendar data."""
    day = _date(data.get("handling_due_on"))
    if day is None or not data.get(provisional_key):
        return day
    return _("%(date)s (provisional)") % {"date": date_format(day, "DATE_FORMAT")}


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
        if _due(data):
            entry.facts.append((_("Written reply due by"), _due(data)))
    elif kind == EventKind.EXTENDED:
        entry.title = _("Handling time extended")
        if data.get("days"):
            entry.facts.append((_("Extended by"), ngettext("%(n)s day", "%(n)s days", data["days"]) % {"n": data["days"]}))
        if _due(data):
            entry.facts.append((_("New due date"), _due(data)))
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
