"""Worklist and search selections built on the queryset methods (STYLE.md §8)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from organisation.models import Role, Unit

from . import search
from .identity import normalise_phone, validate_id_number
from .models import Category, Petition, Petitioner, ReceivedLevel
from .query_codes import normalise
from .states import PetitionState

BUREAU_DESK_STATES = (
    PetitionState.REGISTERED,
    PetitionState.RETURNED,
    PetitionState.UNDER_REVIEW,
    PetitionState.UNDER_RE_REVIEW,
)
UNIT_DESK_STATES = (PetitionState.ASSIGNED, PetitionState.HANDLING)


@dataclass(frozen=True)
class Tab:
    key: str
    label: str


def worklist_tabs(user) -> list[Tab]:
    from django.utils.translation import gettext as _

    return [
        Tab("mine", _("My items")),
        Tab("unit", _("My unit's items") if not user.is_bureau_staff else _("Awaiting the bureau")),
        Tab("due_soon", _("Due within 3 days")),
        Tab("overdue", _("Overdue")),
        Tab("supervised", _("Supervised")),
        Tab("all", _("All items")),
    ]


DUE_ORDERED_TABS = ("mine", "unit", "due_soon", "overdue")


def worklist(user, tab: str, today: dt.date):
    """The items of one worklist tab, before filters; always within what ``user`` may see.

    Every tab but "all" holds open items only and is ordered by due date, most urgent first.
    """
    items = _worklist(user, tab, today)
    return items.order_by("due_on", "pk") if tab in DUE_ORDERED_TABS else items


def _awaiting(user, items):
    """Open items waiting for ``user``'s side: a unit handler's unit must sign for, handle or reply to them
    (a review after the unit's reply is the bureau's business); the bureau and leaders follow every open item."""
    if user.is_bureau_staff or user.has_role(Role.LEADER) or not user.unit_id:
        return items.open()
    return items.open().filter(responsible_unit_id=user.unit_id, state__in=UNIT_DESK_STATES)


def _worklist(user, tab: str, today: dt.date):
    items = Petition.objects.visible_to(user)
    if tab == "mine":
        mine = Q(pk__in=[])  # nothing, for a user of none of the roles below
        if user.has_role(Role.LEADER):  # only a leader owns items; for others the OR cost the due-date order
            mine |= Q(owning_leader_id=user.pk)
        if user.has_role(Role.REGISTRAR):
            mine |= Q(registered_by_id=user.pk)
        if user.has_role(Role.UNIT_HANDLER) and user.unit_id:
            mine |= Q(responsible_unit_id=user.unit_id, state__in=UNIT_DESK_STATES)
        if user.has_role(Role.SUPERVISOR) and user.is_bureau_staff:
            mine |= Q(state__in=BUREAU_DESK_STATES)
        return items.open().filter(mine)
    if tab == "unit":
        if user.is_bureau_staff:
            return items.open().filter(state__in=BUREAU_DESK_STATES)
        return _awaiting(user, items).filter(responsible_unit_id=user.unit_id)
    if tab == "due_soon":
        return _awaiting(user, items).due_soon(today)
    if tab == "overdue":
        return _awaiting(user, items).overdue(today)
    if tab == "supervised":  # items with an open supervision notice, nearest notice due date first
        from supervision.selectors import supervised_items

        return supervised_items(user, items, today)
    return items


# The date column that "received from / to" apply to (the statistics count each figure on its own business date).
DATED_COLUMNS = {
    "": "received_on",
    "decided": "decided_on",
    "accepted": "accepted_on",
    "handling_due": "handling_due_on",
    "replied": "replied_on",
}
NO_UNIT = 0  # the responsible-unit filter's value for "not assigned to a unit yet"
SKIP_LEVELS = (ReceivedLevel.CITY, ReceivedLevel.PROVINCE, ReceivedLevel.CAPITAL)


def apply_filters(items, filters: dict, today: dt.date | None = None, *, user):
    """Narrow ``items`` by the cleaned FilterForm data (``today`` for the overdue and due-soon filters): every
    item of the list as one queryset (counts, exports). A list page reads ``select(...).page(n)`` instead."""
    return select(items, filters, today, user=user).queryset()


def select(items, filters: dict, today: dt.date | None = None, *, user) -> Selection:
    """The list that the cleaned FilterForm data asks for, before paging; ``items`` are within what ``user`` may
    see, and a search by a person reads only the items whose petitioners ``user`` may see."""
    column = DATED_COLUMNS[filters.get("dated") or ""]
    simple = {
        "state": "state",
        "channel": "channel",
        "content_type": "content_type",
        "unit": "responsible_unit_id",
        "place": "place_id",
        "received_from": f"{column}__gte",
        "received_to": f"{column}__lte",
    }
    lookups = {target: filters[name] for name, target in simple.items() if filters.get(name)}
    items = items.filter(**lookups)
    if filters.get("unit") == NO_UNIT:
        items = items.filter(responsible_unit__isnull=True)
    if filters.get("category"):
        # The category and its sub-categories as a list of ids, not a join: the planner then knows how many items
        # each holds (a join made it walk a large unit's every item for a category it has none of).
        family = Category.objects.filter(Q(pk=filters["category"]) | Q(parent_id=filters["category"]))
        items = items.filter(category_id__in=list(family.values_list("pk", flat=True)))
    level = filters.get("received_level")
    if level:
        items = items.filter(received_level__in=SKIP_LEVELS) if level == "skip" else items.filter(received_level=level)
    for name, field in (("collective", "is_collective"), ("repeat", "is_repeat")):
        if filters.get(name):
            items = items.filter(**{field: filters[name] == "yes"})
    if filters.get("due"):
        today = today or timezone.localdate()
        items = items.overdue(today) if filters["due"] == "overdue" else items.due_soon(today)
    for name, field in (("place_within", "place"), ("unit_within", "responsible_unit")):
        if filters.get(name):
            root = Unit.objects.filter(pk=filters[name]).values_list("path", flat=True).first() or "-"
            items = items.filter(**{f"{field}__path__startswith": root})
    if filters.get("q"):
        return matching_query(items, filters["q"], user=user)
    return Selection(items)


# What a search box holds when it is a phone number: digits with spaces or dashes, perhaps an extension (转 8001).
_PHONE = re.compile(r"^\+?\d[\d\s-]{3,}\d(\s*(转|分机|ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE)


def matching_query(items, q: str, *, user) -> Selection:
    """Free search: a query code, an ID number, a phone number, a petitioner's name, or words of the content.

    A search by a person (ID number, phone, name) is reading who the petitioners are: it reads only the items whose
    petitioners ``user`` may see (``with_petitioner``). Whether a name is searched as a person or as words depends
    on those items alone, so that the answer never tells that an accuser of that name exists.
    """
    q = q.strip()
    code = normalise(q)
    if code:
        return Selection(items.filter(query_code=code))
    candidate_id = q.upper()
    if len(candidate_id) == 18:
        try:
            number = validate_id_number(candidate_id)
        except Exception:  # not an ID number: search it as words
            number = None
        if number:
            persons = Petitioner.objects.filter(id_number=number).values("pk")
            return Selection(items.with_petitioner(persons, seen_by=user))
    if _PHONE.match(q):
        try:
            phone = normalise_phone(q)
        except ValidationError:
            phone = ""
        if phone:
            persons = Petitioner.objects.known_by(phone=phone).values("pk")
            return Selection(items.with_petitioner(persons, seen_by=user))
    if len(q) <= 4:
        by_name = items.with_petitioner(Petitioner.objects.known_by(name=q).values("pk"), seen_by=user)
        if by_name.exists():
            return Selection(by_name)
    return Selection(items, phrase=q)


PAGE_SIZE = 30


@dataclass
class Page:
    """A page without COUNT(*): one extra row tells whether there is a next page (fast at a million items)."""

    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class Selection:
    """The items of a list before paging, and the words of a content search if there is one.

    The words are kept apart from ``items`` so that a page of a content search is read newest first from the
    full-text index (``search.newest_ids``) instead of filtering every match; ``queryset()`` is the same list as
    one queryset, for counts and exports.
    """

    items: QuerySet
    phrase: str = ""

    def queryset(self) -> QuerySet:
        if not self.phrase:
            return self.items
        return search.matching(self.items, self.phrase).order_by("-pk")  # newest registered first

    def page(self, number: int, size: int | None = None, rows: QuerySet | None = None) -> Page:
        """Page ``number``: its ids first (no joins, so the database only filters, orders and stops early), then
        those rows from ``rows`` (e.g. with their related objects; by default the bare items)."""
        number = max(1, number)
        size = size or PAGE_SIZE
        start = (number - 1) * size
        if self.phrase:
            ids = search.newest_ids(self.items, self.phrase, start, size + 1)
        else:
            ids = list(self.items.values_list("pk", flat=True)[start : start + size + 1])
        has_next = len(ids) > size
        ids = ids[:size]
        # The ids were chosen within the list's filters and the access rule: the rows are read by id alone.
        rows = Petition.objects.all() if rows is None else rows
        by_id = {item.pk: item for item in rows.order_by().filter(pk__in=ids)}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, has_next)


@dataclass(frozen=True)
class EarlierItem:
    """An item of a person like the one being registered, and why it is shown."""

    petition: Petition
    reasons: tuple[str, ...]


def earlier_items_of(user, *, name: str = "", id_number: str = "", phone: str = "", address: str = "",
                     limit: int = 20) -> list[EarlierItem]:
    """While registering: the items, newest first and in every channel, of the persons recorded with the ID number
    typed, or with the name and phone, or with the name and address — each with the rules it matched — among the
    items ``user`` may read and whose petitioners ``user`` may see (``with_petitioner``)."""
    from django.utils.translation import gettext as _

    from .models import PetitionParty

    name, address, id_number = name.strip(), " ".join(address.split()), id_number.strip().upper()
    rules = []  # (what the person's record must say, why the item is shown)
    if id_number:
        rules.append(({"id_number": id_number}, _("same ID number")))
    if name and phone:
        rules.append(({"name": name, "phone": phone}, _("same name and phone")))
    if name and address:
        rules.append(({"name": name, "address": address}, _("same name and address")))
    if not rules:
        return []
    condition = Q()
    for fields, _reason in rules:
        condition |= Q(**fields)  # each branch has its index: PostgreSQL and SQLite read their union
    reasons_of: dict[int, list[str]] = {}
    for person in Petitioner.objects.filter(condition).only("id_number", "name", "phone", "address")[:50]:
        reasons_of[person.pk] = [reason for fields, reason in rules
                                 if all(getattr(person, field) == value for field, value in fields.items())]
    if not reasons_of:
        return []
    items = list(Petition.objects.visible_to(user).with_petitioner(list(reasons_of), seen_by=user)
                 .for_list().order_by("-received_on", "-pk")[:limit])
    by_item: dict[int, dict[str, None]] = {}
    for petition_id, petitioner_id in PetitionParty.objects.filter(
            petition__in=items, petitioner_id__in=list(reasons_of)).values_list("petition_id", "petitioner_id"):
        by_item.setdefault(petition_id, {}).update(dict.fromkeys(reasons_of[petitioner_id]))
    return [EarlierItem(item, tuple(by_item.get(item.pk, ()))) for item in items]
