"""The kinds of record an attachment can belong to, and for each: the one access rule that finds it (404
otherwise), who may add to it, which kinds of paper it keeps, whether its petitioner's materials are confidential
to the user, and the history its adding and withdrawing are written to. Every path to an attachment — its page
panel, adding, withdrawing, opening — goes through the owner's entry here; no second rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse

from petitions.access import user_of

from .models import AttachmentKind as K


@dataclass(frozen=True)
class Owner:
    key: str  # in the URL: /attachments/<key>/<pk>/add/
    field: str  # Attachment's foreign key
    kinds: tuple[str, ...]  # what this record keeps, the first the form's default
    visible: Callable[[object], QuerySet]  # the record's own access rule
    may_add: Callable[[object, Model], bool]
    sees_identity: Callable[[object, Model], bool]  # may open the petitioner's own materials
    record_event: Callable[..., None]  # (obj, added: bool, *, actor, at, note, data)
    url: Callable[[Model], str]

    def choices(self):
        return [(value, label) for value, label in K.choices if value in self.kinds]


# --- petition items -------------------------------------------------------------------------------------------


def _petitions(user):
    from petitions.models import Petition

    return Petition.objects.visible_to(user).select_related("responsible_unit")


def _petition_may_add(user, petition) -> bool:
    """The bureau desk, and the handlers of the responsible unit (its handling opinion, what it collected)."""
    from organisation.models import Role
    from petitions.access import works_the_bureau_desk

    user = user_of(user)
    unit = petition.responsible_unit
    return works_the_bureau_desk(user) or bool(
        user.has_role(Role.UNIT_HANDLER) and user.unit_id and unit is not None and unit.path.startswith(user.unit.path))


def _petition_identity(user, petition) -> bool:
    """An accuser's letter and evidence carry the accuser's identity (``petitions.access.can_see_identity``)."""
    from petitions.access import can_see_identity

    return can_see_identity(user_of(user), petition)


def _petition_event(petition, added: bool, *, actor, at, note, data) -> None:
    from petitions.events import record_event
    from petitions.models import EventKind

    kind = EventKind.ATTACHMENT_ADDED if added else EventKind.ATTACHMENT_WITHDRAWN
    record_event(petition, kind, actor=actor, at=at, note=note, data=data)


# --- disputes (screening) -------------------------------------------------------------------------------------


def _disputes(user):
    from screening.models import Dispute

    return Dispute.objects.visible_to(user).select_related("responsible_unit")


def _dispute_may_add(user, dispute) -> bool:
    """Who records its resolution: the bureau desk and the responsible unit's handlers."""
    from screening.access import may_resolve

    return may_resolve(user, dispute)


def _dispute_event(dispute, added: bool, *, actor, at, note, data) -> None:
    from screening.actions import _event
    from screening.models import ScreeningEventKind

    kind = ScreeningEventKind.ATTACHMENT_ADDED if added else ScreeningEventKind.ATTACHMENT_WITHDRAWN
    _event(kind, dispute, actor=actor, at=at, note=note, data=data)


# --- reception records ----------------------------------------------------------------------------------------


def _records(user):
    from reception.models import ReceptionRecord

    return ReceptionRecord.objects.visible_to(user)


def _record_may_add(user, record) -> bool:
    """Who keeps the reception register: the bureau desk."""
    from reception.access import can_write

    return can_write(user_of(user))


def _record_event(record, added: bool, *, actor, at, note, data) -> None:
    from reception.actions import _event
    from reception.models import ReceptionEvent

    kind = ReceptionEvent.Kind.ATTACHMENT_ADDED if added else ReceptionEvent.Kind.ATTACHMENT_WITHDRAWN
    _event(kind, f"record:{record.pk}", actor=user_of(actor), at=at, note=note, data=data)


# --- joint meetings -------------------------------------------------------------------------------------------


def _meetings(user):
    from meetings.models import JointMeeting

    return JointMeeting.objects.visible_to(user)


def _meeting_may_add(user, meeting) -> bool:
    from meetings.actions import can_edit_meetings

    return can_edit_meetings(user_of(user))


def _meeting_event(meeting, added: bool, *, actor, at, note, data) -> None:
    from meetings.models import MeetingEvent, MeetingEventKind

    kind = MeetingEventKind.ATTACHMENT_ADDED if added else MeetingEventKind.ATTACHMENT_WITHDRAWN
    MeetingEvent.objects.create(meeting=meeting, kind=kind, actor=user_of(actor), at=at, data={**data, "note": note})


def _all(user, obj) -> bool:
    """Whoever sees the record sees what is kept with it (its parties' numbers stay masked on the page)."""
    return True


OWNERS = {
    owner.field: owner for owner in (
        Owner("item", "petition", (K.LETTER, K.EVIDENCE, K.OPINION, K.OTHER), _petitions, _petition_may_add,
              _petition_identity, _petition_event, lambda p: reverse("petitions:detail", args=[p.pk])),
        Owner("dispute", "dispute", (K.EVIDENCE, K.PHOTO, K.AGREEMENT, K.OPINION, K.OTHER), _disputes,
              _dispute_may_add, _all, _dispute_event, lambda d: reverse("screening:dispute_detail", args=[d.pk])),
        Owner("reception", "reception_record", (K.LETTER, K.EVIDENCE, K.MINUTES, K.OTHER), _records,
              _record_may_add, _all, _record_event, lambda r: reverse("reception:record", args=[r.pk])),
        Owner("meeting", "meeting", (K.MINUTES, K.OPINION, K.OTHER), _meetings, _meeting_may_add, _all,
              _meeting_event, lambda m: reverse("meetings:detail", args=[m.pk])),
    )
}
BY_KEY = {owner.key: owner for owner in OWNERS.values()}


def owner_of(obj) -> Owner:
    """The entry for a record (an item, a dispute, a reception record, a meeting)."""
    from .models import Attachment

    for field, owner in OWNERS.items():
        if Attachment._meta.get_field(field).related_model is type(obj):
            return owner
    raise TypeError(f"attachments are not kept with {type(obj).__name__}")


def of_attachment(attachment) -> Owner:
    return OWNERS[attachment.owner_field]
