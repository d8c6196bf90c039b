"""Every write of case ownership and supervision is one of these functions (STYLE.md §1, §4).

Each checks permission and state, runs in one transaction, and appends a note to the item's history
(``petitions.events.record_event``) saying who did what, and on which day (``data["on"]``). The owning leader is
the item's own ``owning_leader``, named through ``petitions.actions.petition_set_owning_leader``.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from petitions.access import accuses
from petitions.actions import petition_set_owning_leader
from petitions.events import record_event
from petitions.models import EventKind, Petition

from . import access, rules
from .models import Bulletin, BulletinMention, Ownership, ReportBack, SupervisionNotice


def _today_now(on: dt.date | None):
    now = timezone.now()
    return (on or timezone.localdate(now)), now


def _note(petition, actor, now, today, text: str, data: dict) -> None:
    record_event(petition, EventKind.NOTE, actor=actor, at=now, note=text,
                 data={**data, "on": today.isoformat(), "supervision": data.get("supervision", "")})


def _text(value) -> str:
    return (value or "").strip()


# --- Case ownership ---------------------------------------------------------------------------------------------
#
# One ownership record serves a petition item and a screened dispute alike (包案五落实): ``ownership_record`` holds
# the rules of the five assurances; what differs — which row is locked, what the deadline may not precede, how the
# owning leader is named, where the history is written — is the subject's (``OwnedSubject``): ``OwnedPetition``
# here, ``screening.actions.OwnedDispute`` for disputes.


class OwnedSubject(Protocol):
    owning_leader_id: int | None

    def lock(self) -> None: ...  # select the row for update (inside the transaction); refresh owning_leader_id

    def check(self, errors: dict[str, list[str]], *, lead_unit, deadline) -> None: ...

    def ownership(self) -> Ownership | None: ...

    def new_ownership(self, **values) -> Ownership: ...

    def set_owning_leader(self, *, actor, leader, on: dt.date) -> None: ...

    def note(self, *, actor, now, today, text: str, complete: bool) -> None: ...


class OwnedPetition:
    def __init__(self, petition: Petition):
        self.petition = petition
        self.owning_leader_id = petition.owning_leader_id

    def lock(self) -> None:
        self.petition = Petition.objects.select_for_update().get(pk=self.petition.pk)
        self.owning_leader_id = self.petition.owning_leader_id

    def check(self, errors, *, lead_unit, deadline) -> None:
        p = self.petition
        if not p.accepted_on:
            raise ValidationError(_("Only an item accepted and assigned to a unit can be owned."))
        if lead_unit is not None and accuses(p, unit=lead_unit):
            errors.setdefault("lead_unit", []).append(
                _("This accusation is against “%(unit)s”; it can never lead its handling.") % {"unit": lead_unit})
        if deadline is not None and deadline < p.accepted_on:
            errors.setdefault("deadline", []).append(
                _("The deadline cannot be before the item was accepted (%(date)s).") % {"date": p.accepted_on})

    def ownership(self) -> Ownership | None:
        return Ownership.objects.filter(petition=self.petition).first()

    def new_ownership(self, **values) -> Ownership:
        return Ownership(petition=self.petition, **values)

    def set_owning_leader(self, *, actor, leader, on) -> None:
        self.petition = petition_set_owning_leader(actor=actor, petition=self.petition, leader=leader, on=on)
        self.owning_leader_id = self.petition.owning_leader_id

    def note(self, *, actor, now, today, text, complete) -> None:
        _note(self.petition, actor, now, today, text, {"supervision": "ownership", "complete": complete})


def ownership_record(
    *,
    actor,
    subject: OwnedSubject,
    owning_leader=None,
    lead_unit=None,
    handlers: str = "",
    deadline: dt.date | None = None,
    risk_measures: str = "",
    funds: str = "",
    on: dt.date | None = None,
) -> Ownership:
    """Record or change the five assurances of an item or a dispute (包案五落实).

    Any of them may be recorded before the others; the subject counts as owned from the day all five are in place
    (``completed_on``). Once it is owned an assurance can be changed but not removed.
    """
    if not access.may_record_ownership(actor):
        raise ValidationError(_("Only the petition bureau can record case ownership."))
    today, now = _today_now(on)
    errors: dict[str, list[str]] = {}
    if lead_unit is not None and not lead_unit.can_be_responsible:
        errors.setdefault("lead_unit", []).append(_("“%(unit)s” cannot lead the handling of an item.") % {"unit": lead_unit})
    handlers, risk_measures, funds = _text(handlers), _text(risk_measures), _text(funds)
    with transaction.atomic():
        subject.lock()
        subject.check(errors, lead_unit=lead_unit, deadline=deadline)
        ownership = subject.ownership()
        if ownership is not None and ownership.completed_on:
            removed = {
                "owning_leader": owning_leader is None and not subject.owning_leader_id,
                "lead_unit": lead_unit is None,
                "handlers": not handlers,
                "deadline": deadline is None,
                "risk_measures": not risk_measures,
                "funds": not funds,
            }
            for name, gone in removed.items():
                if gone:
                    errors.setdefault(name, []).append(
                        _("The item is owned: this assurance can be changed but not removed."))
        if errors:
            raise ValidationError(errors)
        if owning_leader is not None:
            subject.set_owning_leader(actor=actor, leader=owning_leader, on=today)
        if ownership is None:
            ownership = subject.new_ownership(created_at=now, created_by=access.user_of(actor))
        ownership.lead_unit, ownership.handlers, ownership.deadline = lead_unit, handlers, deadline
        ownership.risk_measures, ownership.funds = risk_measures, funds
        ownership.updated_at, ownership.updated_by = now, access.user_of(actor)
        missing = ownership.missing(subject.owning_leader_id or 0)
        if not missing and ownership.completed_on is None:
            ownership.completed_on = today
        ownership.save()
        with translation.override("zh-hans"):
            text = _("Case ownership: %(state)s. Lead unit %(unit)s, persons responsible %(handlers)s, deadline %(deadline)s.") % {
                "state": _("all five assurances in place") if not missing else
                _("not yet in place: %(missing)s") % {"missing": "、".join(str(a.label) for a in missing)},
                "unit": lead_unit or "—", "handlers": handlers or "—", "deadline": deadline or "—",
            }
        subject.note(actor=actor, now=now, today=today, text=text, complete=not missing)
    return ownership


def ownership_set(*, actor, petition: Petition, **assurances) -> Ownership:
    """Record or change the five assurances of a petition item (``ownership_record``)."""
    return ownership_record(actor=actor, subject=OwnedPetition(petition), **assurances)


# --- Supervision notices -----------------------------------------------------------------------------------------


def _next_serial(model, year: int) -> int:
    return (model.objects.filter(year=year).aggregate(m=Max("serial"))["m"] or 0) + 1


def notice_issue(
    *, actor, petition: Petition, due_on: dt.date, requirement: str, on: dt.date | None = None,
    serial: int | None = None,
) -> SupervisionNotice:
    """Issue a supervision notice (督办通知) on an item being handled: what is required, by when.

    It is numbered 督〔year〕n号 in the order of issue; ``serial`` keeps the number of a notice read from the ledger."""
    if not access.may_supervise(actor):
        raise ValidationError(_("Only the bureau's supervisors can issue supervision notices."))
    today, now = _today_now(on)
    requirement = _text(requirement)
    errors: dict[str, list[str]] = {}
    if not requirement:
        errors["requirement"] = [_("Please write what the notice requires.")]
    if due_on is None:
        errors["due_on"] = [_("Please give the due date.")]
    elif due_on < today:
        errors["due_on"] = [_("The due date cannot be before the day of issue (%(date)s).") % {"date": today}]
    if serial is not None and SupervisionNotice.objects.filter(year=today.year, serial=serial).exists():
        errors["number"] = [_("The number 督〔%(year)s〕%(serial)s号 is taken.") % {"year": today.year, "serial": serial}]
    if errors:
        raise ValidationError(errors)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                p = Petition.objects.select_for_update().get(pk=petition.pk)
                if not p.accepted_on or p.accepted_on > today:
                    raise ValidationError(_("Only an item accepted and assigned to a unit can be supervised."))
                if p.replied_on and p.replied_on < today and not p.is_open:
                    raise ValidationError(_("The item was closed on %(date)s; it can no longer be supervised.")
                                          % {"date": p.replied_on})
                if SupervisionNotice.objects.filter(petition=p, completed_on__isnull=True).exists():
                    raise ValidationError(_("The item already has an open supervision notice; complete it first."))
                notice = SupervisionNotice.objects.create(
                    petition=p, year=today.year, serial=serial or _next_serial(SupervisionNotice, today.year), issued_on=today,
                    issued_by=access.user_of(actor), due_on=due_on, requirement=requirement, created_at=now,
                )
                with translation.override("zh-hans"):
                    text = _("Supervision notice %(number)s, due %(date)s: %(requirement)s") % {
                        "number": notice.number, "date": due_on, "requirement": requirement}
                _note(p, actor, now, today, text, {"supervision": "notice", "notice": notice.pk})
                return notice
        except IntegrityError:  # another notice took the same serial at the same moment: draw again
            continue
    raise RuntimeError("could not number the supervision notice")


def notice_complete(*, actor, notice: SupervisionNotice, result: str, on: dt.date | None = None) -> SupervisionNotice:
    """Record that a notice's requirement was met (督办办结), with what was done."""
    if not access.may_supervise(actor):
        raise ValidationError(_("Only the bureau's supervisors can complete supervision notices."))
    today, now = _today_now(on)
    result = _text(result)
    if not result:
        raise ValidationError({"result": [_("Please say what was done.")]})
    with transaction.atomic():
        n = SupervisionNotice.objects.select_for_update().select_related("petition").get(pk=notice.pk)
        if n.completed_on is not None:
            raise ValidationError(_("This notice was already completed on %(date)s.") % {"date": n.completed_on})
        if today < n.issued_on:
            raise ValidationError({"on": [_("A notice cannot be completed before it was issued (%(date)s).")
                                          % {"date": n.issued_on}]})
        n.completed_on, n.completed_by, n.result = today, access.user_of(actor), result
        n.save(update_fields=["completed_on", "completed_by", "result"])
        with translation.override("zh-hans"):
            text = _("Supervision notice %(number)s completed (%(timing)s): %(result)s") % {
                "number": n.number, "result": result,
                "timing": _("on time") if today <= n.due_on else _("late")}
        _note(n.petition, actor, now, today, text, {"supervision": "notice_completed", "notice": n.pk})
    return n


# --- Reports back to the higher body -------------------------------------------------------------------------------


def report_back_record(
    *, actor, petition: Petition, sent_on: dt.date, reference: str = "", sent_by=None, on: dt.date | None = None
) -> ReportBack:
    """Record that the completion report (办结报告) on an item from a higher body was sent back up."""
    if not access.may_report_back(actor):
        raise ValidationError(_("Only the petition bureau can record a report sent to a higher body."))
    today, now = _today_now(on)
    if sent_on is None:
        raise ValidationError({"sent_on": [_("Please give the date the report was sent.")]})
    if sent_on > today:
        raise ValidationError({"sent_on": [_("The date sent cannot be in the future.")]})
    with transaction.atomic():
        p = Petition.objects.select_for_update().get(pk=petition.pk)
        if not rules.is_from_above(p):
            raise ValidationError(_("Only an item assigned or forwarded by a higher body is reported back up."))
        if not p.replied_on:
            raise ValidationError(_("The item is not closed yet: the completion report follows the reply."))
        if sent_on < p.replied_on:
            raise ValidationError({"sent_on": [_("The report cannot be sent before the reply (%(date)s).")
                                               % {"date": p.replied_on}]})
        if ReportBack.objects.filter(petition=p).exists():
            raise ValidationError(_("The completion report of this item has already been recorded as sent."))
        report = ReportBack.objects.create(
            petition=p, sent_on=sent_on, sent_by=sent_by or access.user_of(actor), reference=_text(reference),
            recorded_at=now, recorded_by=access.user_of(actor),
        )
        with translation.override("zh-hans"):
            text = _("Completion report sent to %(body)s on %(date)s.") % {"body": p.source_body or "—", "date": sent_on}
        _note(p, actor, now, today, text, {"supervision": "report_back"})
    return report


# --- Bulletins ---------------------------------------------------------------------------------------------------------


def bulletin_issue(*, actor, period, as_of: dt.date | None = None, on: dt.date | None = None) -> Bulletin:
    """Issue a supervision bulletin (督查通报) for ``period``: its text is composed from the figures as of ``as_of``
    and kept as issued, with the units it commends and criticises."""
    from . import bulletins

    if not access.may_supervise(actor):
        raise ValidationError(_("Only the bureau's supervisors can issue bulletins."))
    today, now = _today_now(on)
    as_of = as_of or today
    if period.start > as_of:
        raise ValidationError({"period": [_("The period has not started yet.")]})
    draft = bulletins.draft(period, as_of=as_of)
    # Issued today: now; recorded for an earlier day (the demo, a ledger): that day in office hours.
    issued_at = now if today == timezone.localdate(now) else timezone.make_aware(
        dt.datetime.combine(today, dt.time(10, 0)))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                bulletin = Bulletin.objects.create(
                    year=today.year, serial=_next_serial(Bulletin, today.year), title=draft.title,
                    period_key=str(period), period_start=period.start, period_end=period.end, as_of=as_of,
                    text="\n".join(draft.paragraphs), issued_by=access.user_of(actor), issued_at=issued_at,
                )
                BulletinMention.objects.bulk_create(
                    [BulletinMention(bulletin=bulletin, unit=u, kind="praised") for u in draft.praised]
                    + [BulletinMention(bulletin=bulletin, unit=u, kind="criticised") for u in draft.criticised]
                )
                return bulletin
        except IntegrityError:
            continue
    raise RuntimeError("could not number the bulletin")
