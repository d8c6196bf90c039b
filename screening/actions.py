"""Every write of the screening register is one of these functions (STYLE.md §1, §4).

Each checks permission and input, runs in one transaction, locks the row it changes and appends a
``ScreeningEvent`` (``_event``). The pages and the ledger import call the same functions. Bad input raises
``ValidationError({field: [message, …]})`` in Chinese; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisation.models import TOWNSHIP_KINDS, Role, Unit, UnitKind
from petitions.access import refuse_accused, user_of
from petitions.actions import RegistrationData, petition_register
from petitions.events import record_event
from petitions.identity import normalise_phone, validate_id_number
from petitions.models import EventKind, Petition
from supervision.actions import ownership_record
from workdays import deadlines
from workdays.calendar import WorkCalendar
from workdays.models import DeadlinePolicy

from . import access
from .models import (
    AttemptResult,
    CampaignKind,
    CampaignUnit,
    Dispute,
    DisputeParty,
    DisputePetition,
    DisputeState,
    DisputeType,
    Incident,
    IncidentAction,
    LinkKind,
    Method,
    OfficerReport,
    ReportState,
    ResolutionAttempt,
    RiskLevel,
    ScreeningCampaign,
    ScreeningEvent,
    ScreeningEventKind,
    Urgency,
)

Kind = ScreeningEventKind
MAX_CAMPAIGN_DAYS = 184  # a campaign is a sweep of weeks or months, not a standing register
DEFAULT_RESOLUTION_DAYS = 30  # the due date offered when none is given (a month to resolve)
MAX_PARTIES = 20


class ScreeningRefused(PermissionDenied):
    pass


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ScreeningRefused(message)


def _today_now(on: dt.date | None):
    now = timezone.now()
    return (on or timezone.localdate(now)), now


def _event(kind: str, subject, *, actor, at: dt.datetime, note: str = "", data: dict | None = None) -> ScreeningEvent:
    """Append one event to the history of ``subject`` (a campaign, dispute, report or incident)."""
    return ScreeningEvent.objects.create(kind=kind, subject=subject_key(subject), at=at, actor=user_of(actor),
                                         note=note, data=data or {})


def subject_key(obj) -> str:
    """The ``ScreeningEvent.subject`` of a record, for its history."""
    prefix = {ScreeningCampaign: "campaign", Dispute: "dispute", OfficerReport: "report", Incident: "incident"}
    return f"{prefix[type(obj)]}:{obj.pk}"


def _required(errors: dict, **values) -> None:
    for name, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.setdefault(name, []).append(_("This field is required."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _next_serial(model, year: int) -> int:
    return (model.objects.filter(year=year).aggregate(m=Max("serial"))["m"] or 0) + 1


def _in_future(errors: dict, name: str, day: dt.date | None, today: dt.date) -> None:
    if day is not None and day > today:
        errors.setdefault(name, []).append(_("The date cannot be in the future."))


# --- Campaigns ---------------------------------------------------------------------------------------------------


@dataclass
class CampaignData:
    kind: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    units: list[Unit]
    focus_topics: str = ""


def _validate_campaign(data: CampaignData) -> dict:
    errors: dict[str, list[str]] = {}
    _required(errors, name=data.name, starts_on=data.starts_on, ends_on=data.ends_on)
    if data.kind not in CampaignKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of campaign."))
    if data.starts_on and data.ends_on:
        if data.ends_on < data.starts_on:
            errors.setdefault("ends_on", []).append(_("The period cannot end before it starts."))
        elif (data.ends_on - data.starts_on).days + 1 > MAX_CAMPAIGN_DAYS:
            errors.setdefault("ends_on", []).append(
                _("A campaign covers at most %(n)s days.") % {"n": MAX_CAMPAIGN_DAYS})
    if not data.units:
        errors.setdefault("units", []).append(_("Choose the units that must screen."))
    for unit in data.units:
        if unit.kind not in access.SCREENING_UNIT_KINDS:
            errors.setdefault("units", []).append(
                _("“%(unit)s” is not a township or department: it cannot screen in a campaign.") % {"unit": unit})
    return errors


def _refuse_duplicate(data: CampaignData, exclude: int | None = None) -> None:
    if ScreeningCampaign.objects.filter(name=data.name.strip(), starts_on=data.starts_on).exclude(pk=exclude).exists():
        raise ValidationError({"name": [_("A campaign of this name starting on %(date)s exists already.")
                                        % {"date": data.starts_on.isoformat()}]})


def campaign_create(*, actor, data: CampaignData) -> ScreeningCampaign:
    """Set up a screening campaign and the units that must report on it."""
    _refuse_unless(access.may_keep_campaigns(actor), _("Only the petition bureau can set up screening campaigns."))
    errors = _validate_campaign(data)
    _raise(errors)
    with transaction.atomic():
        _refuse_duplicate(data)
        now = timezone.now()
        campaign = ScreeningCampaign.objects.create(
            kind=data.kind, name=data.name.strip(), starts_on=data.starts_on, ends_on=data.ends_on,
            focus_topics=data.focus_topics.strip(), created_by=user_of(actor), created_at=now)
        CampaignUnit.objects.bulk_create(CampaignUnit(campaign=campaign, unit=u) for u in _unique(data.units))
        _event(Kind.CAMPAIGN_CREATED, campaign, actor=actor, at=now, data={
            "kind": data.kind, "name": campaign.name, "starts_on": data.starts_on.isoformat(),
            "ends_on": data.ends_on.isoformat(), "units": [u.pk for u in data.units]})
        return campaign


def _unique(units):
    """The units once each, in the order given."""
    return list({u.pk: u for u in units}.values())


def campaign_correct(*, actor, campaign: ScreeningCampaign, data: CampaignData) -> ScreeningCampaign:
    """Correct a campaign's name, period, focus topics or units; a unit that has reported cannot be taken off."""
    _refuse_unless(access.may_keep_campaigns(actor), _("Only the petition bureau can set up screening campaigns."))
    errors = _validate_campaign(data)
    _raise(errors)
    with transaction.atomic():
        campaign = ScreeningCampaign.objects.select_for_update().get(pk=campaign.pk)
        _refuse_duplicate(data, exclude=campaign.pk)
        wanted = {u.pk for u in data.units}
        dropped = campaign.unit_reports.exclude(unit_id__in=wanted)
        reported = dropped.filter(reported_on__isnull=False).select_related("unit").first()
        if reported is not None:
            raise ValidationError({"units": [_("“%(unit)s” has reported already; it cannot be taken off the campaign.")
                                             % {"unit": reported.unit}]})
        outside = campaign.disputes.exclude(found_on__gte=data.starts_on, found_on__lte=data.ends_on).first()
        if outside is not None:
            raise ValidationError({"starts_on": [_("Dispute %(number)s, found on %(date)s, would fall outside the "
                                                   "period.") % {"number": outside.number, "date": outside.found_on}]})
        old = {"kind": campaign.kind, "name": campaign.name, "starts_on": campaign.starts_on.isoformat(),
               "ends_on": campaign.ends_on.isoformat(), "focus_topics": campaign.focus_topics,
               "units": sorted(campaign.unit_reports.values_list("unit_id", flat=True))}
        dropped.delete()
        have = set(campaign.unit_reports.values_list("unit_id", flat=True))
        CampaignUnit.objects.bulk_create(CampaignUnit(campaign=campaign, unit=u) for u in _unique(data.units)
                                         if u.pk not in have)
        campaign.kind, campaign.name = data.kind, data.name.strip()
        campaign.starts_on, campaign.ends_on, campaign.focus_topics = data.starts_on, data.ends_on, data.focus_topics.strip()
        campaign.save(update_fields=["kind", "name", "starts_on", "ends_on", "focus_topics"])
        _event(Kind.CAMPAIGN_CHANGED, campaign, actor=actor, at=timezone.now(), data={"old": old, "new": {
            "kind": campaign.kind, "name": campaign.name, "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(), "focus_topics": campaign.focus_topics, "units": sorted(wanted)}})
        return campaign


def campaign_report(*, actor, campaign: ScreeningCampaign, unit: Unit, nil: bool = False, note: str = "",
                    on: dt.date | None = None) -> CampaignUnit:
    """A unit reports that it has screened: "nil" (零报告) when it found nothing, otherwise with its disputes
    registered in the campaign. A report can be corrected (the event keeps the old one)."""
    today, now = _today_now(on)
    _refuse_unless(access.may_report_for(actor, unit), _("You can report only your own unit's screening."))
    with transaction.atomic():
        row = CampaignUnit.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
        if row is None:
            raise ValidationError({"unit": [_("“%(unit)s” is not one of the campaign's units.") % {"unit": unit}]})
        if today < campaign.starts_on:
            raise ValidationError({"reported_on": [_("The campaign starts on %(date)s; it cannot be reported on "
                                                     "before.") % {"date": campaign.starts_on}]})
        found = campaign.disputes.filter(found_by_unit=unit).count()
        if nil and found:
            raise ValidationError({"nil": [_("%(unit)s has registered %(n)s disputes in this campaign: the report "
                                             "cannot be nil.") % {"unit": unit, "n": found}]})
        if not nil and not found:
            raise ValidationError({"nil": [_("No dispute of %(unit)s is registered in this campaign: register the "
                                             "disputes found first, or report nil.") % {"unit": unit}]})
        old = {"reported_on": row.reported_on.isoformat() if row.reported_on else None, "nil": row.is_nil,
               "note": row.note}
        row.reported_on, row.reported_by, row.is_nil, row.note = today, user_of(actor), nil, note.strip()
        row.save(update_fields=["reported_on", "reported_by", "is_nil", "note"])
        _event(Kind.UNIT_REPORTED, campaign, actor=actor, at=now, data={
            "unit": unit.pk, "unit_name": unit.name, "nil": nil, "disputes": found, "on": today.isoformat(),
            "old": old})
        return row


# --- Disputes ----------------------------------------------------------------------------------------------------


@dataclass
class PartyData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    side: str = ""


@dataclass
class DisputeData:
    found_on: dt.date
    found_by_unit: Unit
    place: Unit
    type: DisputeType
    title: str
    description: str
    responsible_unit: Unit
    people_involved: int = 1
    risk_level: str = RiskLevel.LOW
    is_major: bool = False
    due_on: dt.date | None = None
    place_detail: str = ""
    campaign: ScreeningCampaign | None = None
    persons: list[PartyData] = field(default_factory=list)


def _clean_parties(persons: list[PartyData], today: dt.date, errors: dict) -> list[PartyData]:
    out = []
    if len(persons) > MAX_PARTIES:
        errors.setdefault("parties", []).append(_("At most %(n)s parties.") % {"n": MAX_PARTIES})
    for i, p in enumerate(persons, start=1):
        prefix = _("Party %(n)s: ") % {"n": i}
        name = (p.name or "").strip()
        if not name:
            errors.setdefault("parties", []).append(prefix + _("the name is required."))
            continue
        id_number = phone = ""
        if (p.id_number or "").strip():
            try:
                id_number = validate_id_number(p.id_number, today=today)
            except ValidationError as exc:
                errors.setdefault("parties", []).extend(prefix + m for m in exc.messages)
        if (p.phone or "").strip():
            try:
                phone = normalise_phone(p.phone)
            except ValidationError as exc:
                errors.setdefault("parties", []).extend(prefix + m for m in exc.messages)
        out.append(PartyData(name=name[:50], id_number=id_number, phone=phone, address=(p.address or "").strip()[:200],
                             side=(p.side or "").strip()[:40]))
    return out


def _validate_dispute(data: DisputeData, today: dt.date) -> tuple[dict, list[PartyData]]:
    errors: dict[str, list[str]] = {}
    _required(errors, found_on=data.found_on, found_by_unit=data.found_by_unit, place=data.place, type=data.type,
              title=data.title, description=data.description, responsible_unit=data.responsible_unit)
    _in_future(errors, "found_on", data.found_on, today)
    if data.place is not None and data.place.kind not in (*TOWNSHIP_KINDS, UnitKind.COMMUNITY):
        errors.setdefault("place", []).append(_("The place is a township, or a village or community."))
    if data.responsible_unit is not None and not data.responsible_unit.can_be_responsible:
        errors.setdefault("responsible_unit", []).append(
            _("“%(unit)s” cannot be responsible for resolving a dispute.") % {"unit": data.responsible_unit})
    if data.people_involved is None or data.people_involved < 1:
        errors.setdefault("people_involved", []).append(_("At least one person is involved."))
    if data.risk_level not in RiskLevel.values:
        errors.setdefault("risk_level", []).append(_("Choose the risk level."))
    if data.due_on is not None and data.found_on is not None and data.due_on < data.found_on:
        errors.setdefault("due_on", []).append(_("The due date cannot be before the day the dispute was found."))
    if data.campaign is not None and data.found_on is not None and not (
            data.campaign.starts_on <= data.found_on <= data.campaign.ends_on):
        errors.setdefault("campaign", []).append(
            _("A dispute found on %(date)s is outside the campaign's period (%(start)s to %(end)s).")
            % {"date": data.found_on, "start": data.campaign.starts_on, "end": data.campaign.ends_on})
    if data.type is not None and not data.type.is_active:
        errors.setdefault("type", []).append(_("This type is no longer in use."))
    persons = _clean_parties(data.persons, today, errors)
    return errors, persons


def _dispute_values(d: Dispute) -> dict:
    return {"found_on": d.found_on.isoformat(), "found_by_unit": d.found_by_unit_id, "place": d.place_id,
            "place_detail": d.place_detail, "type": d.type_id, "title": d.title, "description": d.description,
            "people_involved": d.people_involved, "risk_level": d.risk_level, "is_major": d.is_major,
            "responsible_unit": d.responsible_unit_id, "due_on": d.due_on.isoformat(), "campaign": d.campaign_id}


def dispute_register(*, actor, data: DisputeData, on: dt.date | None = None, _report: OfficerReport | None = None
                     ) -> Dispute:
    """Register a dispute found by screening (in a campaign or outside one)."""
    today, now = _today_now(on)
    _refuse_unless(access.may_register_disputes(actor), _("You may not register disputes."))
    errors, persons = _validate_dispute(data, today)
    _raise(errors)
    if not access.may_register_for(actor, found_by=data.found_by_unit, responsible=data.responsible_unit):
        raise ValidationError({"responsible_unit": [
            _("A unit registers the disputes it found, to be resolved by itself or a unit under it.")]})
    due_on = data.due_on or data.found_on + dt.timedelta(days=DEFAULT_RESOLUTION_DAYS)
    with transaction.atomic():
        year = data.found_on.year
        dispute = Dispute.objects.create(
            year=year, serial=_next_serial(Dispute, year), campaign=data.campaign, found_by_unit=data.found_by_unit,
            found_on=data.found_on, place=data.place, place_detail=data.place_detail.strip(), type=data.type,
            title=data.title.strip(), description=data.description.strip(), people_involved=data.people_involved,
            risk_level=data.risk_level, is_major=data.is_major, responsible_unit=data.responsible_unit,
            due_on=due_on, created_at=now, created_by=user_of(actor))
        DisputeParty.objects.bulk_create(
            DisputeParty(dispute=dispute, position=i, **vars(p)) for i, p in enumerate(persons))
        _event(Kind.DISPUTE_FOUND, dispute, actor=actor, at=now, data={
            **_dispute_values(dispute), "persons": len(persons), "report": _report.pk if _report else None})
        return dispute


def dispute_correct(*, actor, dispute: Dispute, data: DisputeData, on: dt.date | None = None) -> Dispute:
    """Correct what was registered of a dispute (the event keeps the old values; persons are replaced)."""
    today, now = _today_now(on)
    _refuse_unless(access.may_resolve(actor, dispute), _("You may not change this dispute."))
    errors, persons = _validate_dispute(data, today)
    if data.due_on is None:
        errors.setdefault("due_on", []).append(_("This field is required."))
    _raise(errors)
    with transaction.atomic():
        d = Dispute.objects.select_for_update().get(pk=dispute.pk)
        old = _dispute_values(d)
        old_parties = list(d.dispute_parties.values("name", "side"))
        for name in ("found_on", "found_by_unit", "place", "type", "people_involved", "risk_level", "is_major",
                     "responsible_unit", "due_on", "campaign"):
            setattr(d, name, getattr(data, name))
        d.place_detail, d.title, d.description = data.place_detail.strip(), data.title.strip(), data.description.strip()
        d.save()
        d.dispute_parties.all().delete()
        DisputeParty.objects.bulk_create(DisputeParty(dispute=d, position=i, **vars(p)) for i, p in enumerate(persons))
        _event(Kind.DISPUTE_CHANGED, d, actor=actor, at=now, data={
            "old": old, "new": _dispute_values(d), "old_parties": old_parties,
            "new_parties": [{"name": p.name, "side": p.side} for p in persons]})
        return d


@dataclass
class AttemptData:
    method: str
    by: str
    on: dt.date
    result: str
    text: str
    also_methods: list[str] = field(default_factory=list)
    escalated_to: str = ""


def dispute_attempt(*, actor, dispute: Dispute, data: AttemptData) -> ResolutionAttempt:
    """Record one attempt to resolve a dispute, and where that leaves it: resolved (化解), still under way, or not
    resolvable at this level (escalated, to whom)."""
    today = timezone.localdate()
    _refuse_unless(access.may_resolve(actor, dispute), _("You may not record the resolution of this dispute."))
    errors: dict[str, list[str]] = {}
    _required(errors, by=data.by, on=data.on, text=data.text)
    if data.method not in Method.values:
        errors.setdefault("method", []).append(_("Choose how the dispute was handled."))
    bad = [m for m in data.also_methods if m not in Method.values]
    if bad:
        errors.setdefault("also_methods", []).append(_("Unknown method: %(m)s.") % {"m": "、".join(bad)})
    if data.result not in AttemptResult.values:
        errors.setdefault("result", []).append(_("Choose the result."))
    if data.result == AttemptResult.ESCALATED and not data.escalated_to.strip():
        errors.setdefault("escalated_to", []).append(_("Say to whom the dispute was escalated."))
    _in_future(errors, "on", data.on, today)
    _raise(errors)
    with transaction.atomic():
        d = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if not d.is_open:
            raise ValidationError(_("Dispute %(number)s is %(state)s: reopen it first.")
                                  % {"number": d.number, "state": d.get_state_display()})
        if data.on < d.found_on:
            raise ValidationError({"on": [_("The attempt cannot be before the dispute was found (%(date)s).")
                                          % {"date": d.found_on}]})
        now = timezone.now()
        attempt = ResolutionAttempt.objects.create(
            dispute=d, method=data.method, also_methods=[m for m in dict.fromkeys(data.also_methods)
                                                         if m != data.method],
            by=data.by.strip(), on=data.on, result=data.result, text=data.text.strip(),
            escalated_to=data.escalated_to.strip() if data.result == AttemptResult.ESCALATED else "",
            recorded_by=user_of(actor), recorded_at=now)
        fields = ["state"]
        if data.result == AttemptResult.RESOLVED:
            d.state, d.resolved_on = DisputeState.RESOLVED, data.on
            fields.append("resolved_on")
        elif data.result == AttemptResult.ESCALATED:
            d.state, d.escalated_on, d.escalated_to = DisputeState.ESCALATED, data.on, attempt.escalated_to
            fields += ["escalated_on", "escalated_to"]
        d.save(update_fields=fields)
        _event(Kind.ATTEMPT, d, actor=actor, at=now, note=attempt.text, data={
            "attempt": attempt.pk, "method": attempt.method, "also_methods": attempt.also_methods, "by": attempt.by,
            "on": data.on.isoformat(), "result": data.result, "escalated_to": attempt.escalated_to,
            "state": d.state})
        return attempt


def dispute_reopen(*, actor, dispute: Dispute, reason: str, due_on: dt.date, on: dt.date | None = None) -> Dispute:
    """Reopen a resolved (or escalated) dispute that flared up again: it is being resolved once more, by a new due
    date. Its earlier attempts stay in its history; it counts as resolved again only after a new resolution."""
    today, now = _today_now(on)
    _refuse_unless(access.may_resolve(actor, dispute), _("You may not reopen this dispute."))
    errors: dict[str, list[str]] = {}
    _required(errors, reason=reason, due_on=due_on)
    if due_on is not None and due_on < today:
        errors.setdefault("due_on", []).append(_("The new due date cannot be in the past."))
    _raise(errors)
    with transaction.atomic():
        d = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if d.is_open:
            raise ValidationError(_("Dispute %(number)s is still being resolved.") % {"number": d.number})
        old = {"state": d.state, "resolved_on": d.resolved_on.isoformat() if d.resolved_on else None,
               "escalated_on": d.escalated_on.isoformat() if d.escalated_on else None,
               "escalated_to": d.escalated_to, "due_on": d.due_on.isoformat()}
        d.state, d.resolved_on, d.escalated_on, d.escalated_to = DisputeState.UNDER_WAY, None, None, ""
        d.due_on, d.times_reopened = due_on, d.times_reopened + 1
        d.save(update_fields=["state", "resolved_on", "escalated_on", "escalated_to", "due_on", "times_reopened"])
        _event(Kind.REOPENED, d, actor=actor, at=now, note=reason.strip(),
               data={"old": old, "due_on": due_on.isoformat(), "on": today.isoformat()})
        return d


class OwnedDispute:
    """A dispute as the subject of ``supervision.actions.ownership_record`` (the one ownership of the system)."""

    def __init__(self, dispute: Dispute):
        self.dispute = dispute
        self.owning_leader_id = dispute.owning_leader_id

    def lock(self) -> None:
        self.dispute = Dispute.objects.select_for_update().get(pk=self.dispute.pk)
        self.owning_leader_id = self.dispute.owning_leader_id

    def check(self, errors, *, lead_unit, deadline) -> None:
        d = self.dispute
        if not d.is_open:
            raise ValidationError(_("Only a dispute being resolved can be owned."))
        if deadline is not None and deadline < d.found_on:
            errors.setdefault("deadline", []).append(
                _("The deadline cannot be before the dispute was found (%(date)s).") % {"date": d.found_on})

    def ownership(self):
        from supervision.models import Ownership

        return Ownership.objects.filter(dispute=self.dispute).first()

    def new_ownership(self, **values):
        from supervision.models import Ownership

        return Ownership(dispute=self.dispute, **values)

    def set_owning_leader(self, *, actor, leader, on) -> None:
        if not leader.is_active or not leader.has_role(Role.LEADER):
            raise ValidationError({"owning_leader": [_("“%(user)s” is not a leader.") % {"user": leader}]})
        if self.dispute.owning_leader_id != leader.pk:
            previous = self.dispute.owning_leader_id
            self.dispute.owning_leader = leader
            self.dispute.is_major = True
            self.dispute.save(update_fields=["owning_leader", "is_major"])
            self.owning_leader_id = leader.pk
            _event(Kind.OWNERSHIP, self.dispute, actor=actor, at=timezone.now(),
                   note=_("Owning leader: %(leader)s") % {"leader": leader},
                   data={"owning_leader": leader.pk, "previous_owning_leader": previous, "on": on.isoformat()})

    def note(self, *, actor, now, today, text, complete) -> None:
        _event(Kind.OWNERSHIP, self.dispute, actor=actor, at=now, note=text,
               data={"complete": complete, "on": today.isoformat()})


def dispute_ownership_set(*, actor, dispute: Dispute, **assurances):
    """The five assurances of a major dispute (包案五落实): the same record and rules as for petition items."""
    _refuse_unless(access.may_own(actor), _("Only the petition bureau can record case ownership."))
    return ownership_record(actor=actor, subject=OwnedDispute(dispute), **assurances)


# --- Disputes and petition items -----------------------------------------------------------------------------


def _link(dispute: Dispute, petition: Petition, kind: str, *, actor, now) -> DisputePetition:
    link = DisputePetition.objects.create(dispute=dispute, petition=petition, kind=kind, linked_at=now,
                                          linked_by=user_of(actor))
    event_kind = Kind.PETITION_REGISTERED if kind == LinkKind.REGISTERED else Kind.PETITION_LINKED
    _event(event_kind, dispute, actor=actor, at=now, data={"petition": petition.pk, "number": petition.number})
    with translation.override("zh-hans"):
        note = _("Linked to dispute %(number)s of the screening register.") % {"number": dispute.number}
    record_event(petition, EventKind.NOTE, actor=actor, at=now, note=note,
                 data={"dispute": dispute.pk, "on": timezone.localdate(now).isoformat()})
    return link


def dispute_link_petition(*, actor, dispute: Dispute, petition: Petition) -> DisputePetition:
    """A registrar links an existing petition item to a dispute (both pages then show the other)."""
    _refuse_unless(access.may_link_petitions(actor), _("Only the petition bureau's registrars can link items."))
    with transaction.atomic():
        d = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if DisputePetition.objects.filter(dispute=d, petition=petition).exists():
            raise ValidationError({"petition": [_("%(number)s is linked to this dispute already.")
                                                % {"number": petition.number}]})
        refuse_accused(petition, field_name="petition", unit=d.responsible_unit)
        return _link(d, petition, LinkKind.LINKED, actor=actor, now=timezone.now())


def dispute_register_petition(*, actor, dispute: Dispute, data: RegistrationData) -> Petition:
    """The dispute becomes a petition item: registered through ``petition_register`` and linked both ways."""
    _refuse_unless(access.may_link_petitions(actor), _("Only the petition bureau's registrars can register items."))
    with transaction.atomic():
        d = Dispute.objects.select_for_update().get(pk=dispute.pk)
        petition = petition_register(actor=actor, data=data)
        _link(d, petition, LinkKind.REGISTERED, actor=actor, now=timezone.now())
        return petition


def party_reveal(*, actor, dispute: Dispute, party: DisputeParty, field_name: str) -> str:
    """The full ID or phone number of a party, for those who may see it; each reveal is logged."""
    if field_name not in ("id_number", "phone"):
        raise ValidationError(_("Unknown field."))
    _refuse_unless(access.may_reveal_parties(actor, dispute), _("You may not see full numbers of this dispute."))
    _event(Kind.REVEALED, dispute, actor=actor, at=timezone.now(), data={"party": party.pk, "field": field_name})
    return getattr(party, field_name)


# --- Information officers' reports ----------------------------------------------------------------------------


@dataclass
class ReportData:
    what: str
    where: str
    people_involved: int = 1
    urgency: str = Urgency.NORMAL


def township_of(unit: Unit) -> Unit | None:
    """The township (sub-district, management office) above a village or community."""
    node = unit
    while node is not None and node.kind not in TOWNSHIP_KINDS:
        node = node.parent
    return node


def report_submit(*, actor, data: ReportData, at: dt.datetime | None = None) -> OfficerReport:
    """An information officer reports a dispute or a lead in a few words; the township must screen it within the
    policy's working days. ``at``: when it was reported, if not now (a report typed in later, the demo's year)."""
    _refuse_unless(access.may_submit_reports(actor), _("Only a village or community information officer can "
                                                       "submit reports here."))
    officer = user_of(actor)
    errors: dict[str, list[str]] = {}
    _required(errors, what=data.what, where=data.where)
    if data.people_involved is None or data.people_involved < 1:
        errors.setdefault("people_involved", []).append(_("At least one person is involved."))
    if data.urgency not in Urgency.values:
        errors.setdefault("urgency", []).append(_("Choose how urgent it is."))
    township = township_of(officer.unit)
    if township is None:
        errors.setdefault("__all__", []).append(_("Your village or community is not under a township: ask the "
                                                  "administrator to correct the unit tree."))
    now = timezone.now()
    if at is not None and at > now:
        errors.setdefault("__all__", []).append(_("The time cannot be in the future."))
    _raise(errors)
    now = at or now
    today = timezone.localdate(now)
    due = deadlines.report_screening_due(today, DeadlinePolicy.current(), WorkCalendar.load())
    with transaction.atomic():
        report = OfficerReport.objects.create(
            officer=officer, community=officer.unit, township=township, reported_at=now, reported_on=today,
            what=data.what.strip(), where=data.where.strip()[:120], people_involved=data.people_involved,
            urgency=data.urgency, screen_due_on=due.date, screen_due_provisional=due.provisional)
        _event(Kind.REPORT_SUBMITTED, report, actor=actor, at=now,
               data={"urgency": data.urgency, "people_involved": data.people_involved})
        return report


def _lock_waiting(actor, report: OfficerReport) -> OfficerReport:
    _refuse_unless(access.may_screen(actor, report), _("Only the township can screen this report."))
    r = OfficerReport.objects.select_for_update().select_related("township").get(pk=report.pk)
    if r.state != ReportState.SUBMITTED:
        raise ValidationError(_("This report has been screened already (%(state)s).") % {"state": r.get_state_display()})
    return r


def report_accept(*, actor, report: OfficerReport, data: DisputeData, on: dt.date | None = None) -> Dispute:
    """Accept a report as a new dispute (registered with what the township found out)."""
    today, now = _today_now(on)
    with transaction.atomic():
        r = _lock_waiting(actor, report)
        dispute = dispute_register(actor=actor, data=data, on=today, _report=r)
        r.state, r.screened_on, r.screened_by, r.dispute = ReportState.ACCEPTED, today, user_of(actor), dispute
        r.save(update_fields=["state", "screened_on", "screened_by", "dispute"])
        _event(Kind.REPORT_ACCEPTED, r, actor=actor, at=now, data={"dispute": dispute.pk, "number": dispute.number})
        return dispute


def report_merge(*, actor, report: OfficerReport, dispute: Dispute, on: dt.date | None = None) -> OfficerReport:
    """The report is about a dispute already known: it is added to that dispute's history."""
    today, now = _today_now(on)
    with transaction.atomic():
        r = _lock_waiting(actor, report)
        if not (Dispute.objects.visible_to(user_of(actor)).filter(pk=dispute.pk).exists()):
            raise ValidationError({"dispute": [_("Choose a dispute of your township.")]})
        r.state, r.screened_on, r.screened_by, r.dispute = ReportState.MERGED, today, user_of(actor), dispute
        r.save(update_fields=["state", "screened_on", "screened_by", "dispute"])
        _event(Kind.REPORT_MERGED, r, actor=actor, at=now, data={"dispute": dispute.pk, "number": dispute.number})
        _event(Kind.REPORT_MERGED, dispute, actor=actor, at=now, note=r.what, data={"report": r.pk})
        return r


def report_close(*, actor, report: OfficerReport, reason: str, on: dt.date | None = None) -> OfficerReport:
    """Close a report that is no dispute (settled on the spot, a misunderstanding …), with the reason."""
    today, now = _today_now(on)
    if not (reason or "").strip():
        raise ValidationError({"close_reason": [_("Say why the report is closed.")]})
    with transaction.atomic():
        r = _lock_waiting(actor, report)
        r.state, r.screened_on, r.screened_by, r.close_reason = ReportState.CLOSED, today, user_of(actor), reason.strip()
        r.save(update_fields=["state", "screened_on", "screened_by", "close_reason"])
        _event(Kind.REPORT_CLOSED, r, actor=actor, at=now, note=r.close_reason)
        return r


# --- Emergency linkage ---------------------------------------------------------------------------------------


@dataclass
class IncidentData:
    title: str
    description: str
    happened_at: dt.datetime
    place: Unit
    units_mobilised: list[Unit]
    people_involved: int = 1
    place_detail: str = ""
    disputes: list[Dispute] = field(default_factory=list)
    petitions: list[Petition] = field(default_factory=list)


def _validate_incident(data: IncidentData, now: dt.datetime) -> dict:
    errors: dict[str, list[str]] = {}
    _required(errors, title=data.title, description=data.description, happened_at=data.happened_at, place=data.place)
    if data.happened_at is not None and data.happened_at > now:
        errors.setdefault("happened_at", []).append(_("The time cannot be in the future."))
    if not data.units_mobilised:
        errors.setdefault("units_mobilised", []).append(_("Choose the units mobilised."))
    if data.people_involved is None or data.people_involved < 1:
        errors.setdefault("people_involved", []).append(_("At least one person is involved."))
    return errors


def incident_start(*, actor, data: IncidentData, at: dt.datetime | None = None) -> Incident:
    """Start the emergency linkage for an incident (启动应急联动); ``at``: when it was started, if not now."""
    _refuse_unless(access.may_start_linkage(actor), _("You may not start the emergency linkage."))
    now = timezone.now()
    errors = _validate_incident(data, at or now)
    if at is not None and at > now:
        errors.setdefault("__all__", []).append(_("The time cannot be in the future."))
    _raise(errors)
    now = at or now
    with transaction.atomic():
        today = timezone.localdate(now)
        incident = Incident.objects.create(
            year=today.year, serial=_next_serial(Incident, today.year), title=data.title.strip(),
            description=data.description.strip(), happened_at=data.happened_at, place=data.place,
            place_detail=data.place_detail.strip(), people_involved=data.people_involved, started_on=today,
            started_at=now, started_by=user_of(actor))
        incident.units_mobilised.set(data.units_mobilised)
        _set_links(actor, incident, data)
        _event(Kind.INCIDENT_STARTED, incident, actor=actor, at=now, data={
            "title": incident.title, "units": [u.pk for u in data.units_mobilised],
            "disputes": [d.pk for d in data.disputes], "petitions": [p.pk for p in data.petitions]})
        return incident


def _set_links(actor, incident: Incident, data: IncidentData) -> None:
    user = user_of(actor)
    seen_disputes = set(Dispute.objects.visible_to(user).filter(pk__in=[d.pk for d in data.disputes])
                        .values_list("pk", flat=True))
    seen_items = set(Petition.objects.visible_to(user).filter(pk__in=[p.pk for p in data.petitions])
                     .values_list("pk", flat=True))
    errors = {}
    if len(seen_disputes) != len({d.pk for d in data.disputes}):
        errors["disputes"] = [_("Link only disputes you can see.")]
    if len(seen_items) != len({p.pk for p in data.petitions}):
        errors["petitions"] = [_("Link only petition items you can see.")]
    _raise(errors)
    incident.disputes.set(data.disputes)
    incident.petitions.set(data.petitions)


def incident_correct(*, actor, incident: Incident, data: IncidentData) -> Incident:
    _refuse_unless(access.may_work_incident(actor, incident), _("You may not change this emergency linkage."))
    now = timezone.now()
    errors = _validate_incident(data, now)
    _raise(errors)
    with transaction.atomic():
        i = Incident.objects.select_for_update().get(pk=incident.pk)
        old = {"title": i.title, "description": i.description, "happened_at": i.happened_at.isoformat(),
               "place": i.place_id, "people_involved": i.people_involved,
               "units": sorted(i.units_mobilised.values_list("pk", flat=True))}
        i.title, i.description, i.happened_at = data.title.strip(), data.description.strip(), data.happened_at
        i.place, i.place_detail, i.people_involved = data.place, data.place_detail.strip(), data.people_involved
        i.save()
        i.units_mobilised.set(data.units_mobilised)
        _set_links(actor, i, data)
        _event(Kind.INCIDENT_CHANGED, i, actor=actor, at=now, data={"old": old, "new": {
            "title": i.title, "happened_at": i.happened_at.isoformat(), "place": i.place_id,
            "people_involved": i.people_involved, "units": sorted(u.pk for u in data.units_mobilised)}})
        return i


def incident_act(*, actor, incident: Incident, at: dt.datetime, text: str, unit: Unit | None = None
                 ) -> IncidentAction:
    """Record an action taken in the linkage (the actions are listed in the order taken)."""
    _refuse_unless(access.may_work_incident(actor, incident), _("You may not record actions of this linkage."))
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    _required(errors, at=at, text=text)
    if at is not None and at > now:
        errors.setdefault("at", []).append(_("The time cannot be in the future."))
    _raise(errors)
    with transaction.atomic():
        i = Incident.objects.select_for_update().get(pk=incident.pk)
        if not i.is_active:
            raise ValidationError(_("The linkage has been stood down."))
        if at < i.happened_at:
            raise ValidationError({"at": [_("An action cannot be before the incident (%(at)s).")
                                          % {"at": timezone.localtime(i.happened_at).strftime("%Y-%m-%d %H:%M")}]})
        action = IncidentAction.objects.create(incident=i, at=at, unit=unit, text=text.strip(),
                                               recorded_by=user_of(actor), recorded_at=now)
        _event(Kind.INCIDENT_ACTION, i, actor=actor, at=now, note=action.text,
               data={"at": at.isoformat(), "unit": unit.pk if unit else None})
        return action


def incident_stand_down(*, actor, incident: Incident, result: str, at: dt.datetime | None = None) -> Incident:
    """Stand the linkage down (解除), with its result."""
    _refuse_unless(access.may_work_incident(actor, incident), _("You may not stand this linkage down."))
    now = timezone.now()
    at = at or now
    if not (result or "").strip():
        raise ValidationError({"result": [_("Write the result of the linkage.")]})
    if at > now:
        raise ValidationError({"at": [_("The time cannot be in the future.")]})
    with transaction.atomic():
        i = Incident.objects.select_for_update().get(pk=incident.pk)
        if not i.is_active:
            raise ValidationError(_("The linkage has been stood down already."))
        if at < i.started_at:
            raise ValidationError({"at": [_("The linkage cannot be stood down before it started.")]})
        i.stood_down_at, i.stood_down_by, i.result = at, user_of(actor), result.strip()
        i.save(update_fields=["stood_down_at", "stood_down_by", "result"])
        _event(Kind.INCIDENT_STOOD_DOWN, i, actor=actor, at=now, note=i.result, data={"at": at.isoformat()})
        return i
