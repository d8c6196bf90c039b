"""The ledger import: a .xlsx in the export's format becomes items, through the real actions.

Two passes. First every row is read and checked — each cell, then the row as a whole (what its state
requires, the order of its dates, the persons and the visit, everything ``validate_registration`` checks) —
and every problem is collected as (row number as Excel shows it, column heading, reason). Only a file with
no problem is saved, in one transaction: each row is registered with ``petition_register`` on its date of
receipt and its later steps are replayed with their historical dates (assign, sign for, extend, reply,
evaluate, review …) by ``RecordedFromLedger(user)``. A step that an action still refuses is reported against
its row and column, and the whole transaction is rolled back.

What the ledger does not say is filled in as follows (and shown on the ledger page):
- the unit signs for an assigned item on the day of acceptance; an extension is recorded as approved
  "per the ledger"; review and re-review requests get the reason "recorded from the ledger";
- in a collective visit the first five named petitioners are its representatives;
- "repeat petition: 是" links the item to the latest earlier item of the same petitioner (by ID number, or
  name and phone), which must exist in the database or earlier in the file;
- the computed columns (登记编号, 查询码, 决定期限, 办理期限, 当前期限, 是否超期) are ignored: numbers and
  query codes are new, due dates follow from the dates and the current time-limit policy;
- handed-back items (已退回) cannot be imported: the ledger does not say which unit handed them back.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import HIGHER_LEVEL_KINDS, UnitKind
from petitions import actions
from petitions.access import RecordedFromLedger, TransitionRefused, can_record_from_ledger
from petitions.actions import MAX_REPRESENTATIVES, PetitionerData, RegistrationData
from petitions.models import (
    Channel,
    ContentType,
    Petition,
    Petitioner,
    ReceivedLevel,
    ReplyOutcome,
    is_collective_visit,
)
from petitions.states import PetitionState
from workdays.models import DeadlinePolicy

from .columns import (
    BY_HEADING,
    COLUMNS,
    LEDGER_WORDS,
    PERSON_SEPARATOR,
    SHEET_TITLE,
    CellError,
    Lookups,
    heading_of,
    split_addresses,
)
from .progress import NO_PROGRESS, Progress

logger = logging.getLogger(__name__)

S = PetitionState
_ASSIGN_PATH = [S.ASSIGNED, S.HANDLING, S.REPLIED, S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RE_REVIEW, S.TERMINATED]
# The dates of an item's life, in the order in which they must fall.
_DATE_ORDER = [
    "received_on", "decided_on", "accepted_on", "replied_on", "review_requested_on", "review_decided_on",
    "re_review_requested_on", "re_review_decided_on",
]
# Cells whose presence depends on the state.
_STEP_KEYS = [
    "decided_on", "decline_reason", "forwarded_to", "responsible_unit", "deadline_class", "accepted_on",
    "extension_days", "extension_reason", "replied_on", "reply_outcome", "reply_text", "satisfaction",
    "review_requested_on", "review_decided_on", "review_opinion", "re_review_requested_on", "re_review_decided_on",
    "re_review_opinion",
]
# Fields of RegistrationData (as named in validate_registration's errors) → ledger keys.
_REGISTRATION_FIELDS = {
    "petitioners": "names", "accused_unit": "accused_unit", "received_on": "received_on", "title": "title",
    "content": "content", "headcount": "headcount", "fast_track": "fast_track",
}


def can_import_ledger(user) -> bool:
    """Bureau registrars and supervisors: the users who may record history through RecordedFromLedger."""
    return can_record_from_ledger(user)


@dataclass(frozen=True, order=True)
class RowError:
    row: int  # as Excel shows it (the headings are row 1); 0 for the file as a whole
    column: str  # heading, or "" for the whole row
    message: str


@dataclass
class LedgerRow:
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # key → parsed value (only non-empty cells)
    bad: set[str] = field(default_factory=set)  # keys whose cell could not be read

    def has(self, key: str) -> bool:
        return self.values.get(key) not in (None, "")

    def get(self, key: str, default=None):
        return self.values.get(key, default) if self.has(key) else default

    def usable(self, *keys: str) -> bool:
        return not any(key in self.bad for key in keys)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    petitions: list[Petition] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Reading ----------------------------------------------------------------------------------------------------------


def open_sheet(file, title: str = SHEET_TITLE):
    """The workbook and its sheet called ``title`` (else its first sheet); CellError when it is not a workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # any malformed upload: zip, XML or openpyxl errors alike
        logger.info("unreadable ledger upload", exc_info=True)
        raise CellError(_("The file cannot be read as an Excel workbook (.xlsx).")) from None
    sheet = workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]
    sheet.reset_dimensions()  # do not trust a stored size: read every row there is
    return workbook, sheet


def _read_headings(cells) -> tuple[dict[int, str], list[RowError]]:
    """Column index → heading; errors for unknown, repeated and missing columns."""
    errors, positions, seen = [], {}, set()
    for index, value in enumerate(cells):
        heading = str(value).strip() if value is not None else ""
        if not heading:
            continue
        if heading not in BY_HEADING:
            errors.append(RowError(1, heading, _("Unknown column; the headings must be those of the ledger export.")))
        elif heading in seen:
            errors.append(RowError(1, heading, _("This column appears twice.")))
        else:
            seen.add(heading)
            positions[index] = heading
    for column in COLUMNS:
        if column.required and column.heading not in seen:
            errors.append(RowError(1, column.heading, _("This column is missing.")))
    return positions, errors


def _parse_row(number: int, cells, positions: dict[int, str], lookups: Lookups, errors: list[RowError]):
    row = LedgerRow(number)
    for index, heading in positions.items():
        column = BY_HEADING[heading]
        if not column.imported:
            continue
        raw = cells[index] if index < len(cells) else None
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if column.required:
                row.bad.add(column.key)
                errors.append(RowError(number, heading, _("This cell must not be empty.")))
            continue
        try:
            row.values[column.key] = column.parse(raw, lookups)
        except CellError as exc:
            row.bad.add(column.key)
            errors.append(RowError(number, heading, str(exc)))
    for column in COLUMNS:  # a required column that is absent altogether was reported with the headings
        if column.required and column.heading not in positions.values():
            row.bad.add(column.key)
    return row


def read_ledger(file, *, today: dt.date, progress: Progress = NO_PROGRESS) -> tuple[list[LedgerRow], list[RowError]]:
    """Every non-empty data row, parsed cell by cell, and the errors found on the way."""
    try:
        workbook, sheet = open_sheet(file)
    except CellError as exc:
        return [], [RowError(0, "", str(exc))]
    try:
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            return [], [RowError(0, "", _("The workbook is empty."))]
        positions, errors = _read_headings(first)
        if errors:
            return [], errors
        lookups = Lookups.load(today)
        parsed = []
        for number, cells in enumerate(rows, start=2):
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in cells):
                continue
            parsed.append(_parse_row(number, cells, positions, lookups, errors))
            progress.read(len(parsed))
        if not parsed:
            errors.append(RowError(0, "", _("The ledger has no rows to import.")))
        return parsed, errors
    finally:
        workbook.close()


# --- Checking a row as a whole ----------------------------------------------------------------------------------------


def _expected_steps(state: str) -> dict[str, bool]:
    """The step cells an item in ``state`` has: key → required (False: allowed but optional)."""
    expected: dict[str, bool] = {}
    if state in (S.ANSWERED, S.DECLINED, S.FORWARDED):
        expected["decided_on"] = True
    if state == S.DECLINED:
        expected["decline_reason"] = True
    if state == S.FORWARDED:
        expected["forwarded_to"] = True
    if state == S.ANSWERED:
        expected.update(replied_on=True, reply_text=True, reply_outcome=False, satisfaction=False)
    if state in _ASSIGN_PATH:
        rank = _ASSIGN_PATH.index(state)
        expected.update(decided_on=False, responsible_unit=True, accepted_on=True, deadline_class=False)
        if rank >= 1:
            expected.update(extension_days=False, extension_reason=False)
        if rank >= 2:
            expected.update(replied_on=True, reply_outcome=True, reply_text=True, satisfaction=False)
        if rank >= 3:
            expected["review_requested_on"] = True
        if rank >= 4:
            expected.update(review_decided_on=True, review_opinion=True)
        if rank >= 5:
            expected["re_review_requested_on"] = True
        if rank >= 6:
            expected.update(re_review_decided_on=True, re_review_opinion=True)
    return expected


def _state_problems(row: LedgerRow, state: str) -> list[tuple[str, str]]:
    if state == S.RETURNED:
        return [("state", _(
            "Handed-back items cannot be imported: the ledger does not say which unit handed them back. "
            "Import the item as “%(registered)s” and decide it again."
        ) % {"registered": LEDGER_WORDS[PetitionState][S.REGISTERED]})]
    label = LEDGER_WORDS[PetitionState][state]
    expected, problems = _expected_steps(state), []
    for key in _STEP_KEYS:
        if key in row.bad:
            continue
        if row.has(key) and key not in expected:
            problems.append((key, _("An item that is “%(state)s” cannot have this; check the state or clear the cell.")
                             % {"state": label}))
        elif expected.get(key) and not row.has(key):
            problems.append((key, _("An item that is “%(state)s” needs this.") % {"state": label}))
    if row.has("extension_days") != row.has("extension_reason") and row.usable("extension_days", "extension_reason"):
        missing = "extension_reason" if row.has("extension_days") else "extension_days"
        problems.append((missing, _("An extension needs both its number of days and its reason.")))
    return problems


def _both(row: LedgerRow, *keys: str) -> bool:
    return all(row.has(key) for key in keys) and row.usable(*keys)


def _date_problems(row: LedgerRow, today: dt.date) -> list[tuple[str, str]]:
    problems, previous = [], None
    for key in _DATE_ORDER:
        if key in row.bad or not row.has(key):
            continue
        value = row.values[key]
        if value > today:
            problems.append((key, _("The date %(date)s is in the future.") % {"date": value.isoformat()}))
        if previous and value < row.values[previous]:
            problems.append((key, _("%(this)s (%(date)s) is before %(other)s (%(other_date)s).") % {
                "this": heading_of(key), "date": value.isoformat(),
                "other": heading_of(previous), "other_date": row.values[previous].isoformat(),
            }))
        previous = key
    state = row.get("state")
    if state == S.ANSWERED and _both(row, "decided_on", "replied_on"):
        if row.values["decided_on"] != row.values["replied_on"]:
            problems.append(("replied_on", _("An item answered on the spot is replied to on the day of the decision.")))
    if state in _ASSIGN_PATH and _both(row, "decided_on", "accepted_on"):
        if row.values["decided_on"] != row.values["accepted_on"]:
            problems.append(
                ("decided_on", _("For an accepted and assigned item the decision date is the acceptance date."))
            )
    return problems


def _people(row: LedgerRow, policy) -> tuple[list[PetitionerData], list[tuple[str, str]]]:
    names = row.get("names", [])
    count, problems, columns = len(names), [], {}
    for key in ("id_numbers", "phones"):
        columns[key] = row.get(key, [])
        if columns[key] and len(columns[key]) != count and key not in row.bad:
            problems.append((key, _("%(names)s petitioners are named but %(values)s values are given; separate them "
                                    "with “%(sep)s” in the order of the names.")
                             % {"names": count, "values": len(columns[key]), "sep": PERSON_SEPARATOR}))
    addresses = split_addresses(row.get("addresses", ""), count) if row.has("addresses") else []
    if addresses and len(addresses) != count:
        problems.append(("addresses", _("%(names)s petitioners are named but %(values)s addresses are given; "
                                        "separate them with “；” in the order of the names.")
                         % {"names": count, "values": len(addresses)}))
    if problems:
        return [], problems
    collective = _is_collective(row, policy)
    people, seen = [], set()
    for index, name in enumerate(names):
        person = PetitionerData(
            name=name,
            id_number=columns["id_numbers"][index] if columns["id_numbers"] else "",
            phone=columns["phones"][index] if columns["phones"] else "",
            address=addresses[index] if addresses else "",
            is_representative=collective and index < MAX_REPRESENTATIVES,
        )
        if not person.id_number and person.phone:
            if (person.name, person.phone) in seen:
                problems.append(("names", _("“%(name)s” with the same phone number is named twice.") % {"name": name}))
            seen.add((person.name, person.phone))
        people.append(person)
    return people, problems


def _headcount(row: LedgerRow) -> int:
    if row.has("headcount"):
        return row.values["headcount"]
    if row.get("channel") == Channel.VISIT:
        return max(1, len(row.get("names", [])))
    return 1


def _is_collective(row: LedgerRow, policy) -> bool:
    return is_collective_visit(row.get("channel"), _headcount(row), policy)


def _visit_problems(row: LedgerRow, policy) -> list[tuple[str, str]]:
    if not row.usable("channel", "headcount"):
        return []
    problems = []
    if row.get("channel") != Channel.VISIT and _headcount(row) > 1:
        problems.append(("headcount", _("Only visits count persons; any other channel counts as 1 person.")))
    if row.has("is_collective") and row.usable("is_collective"):
        collective = _is_collective(row, policy)
        if row.values["is_collective"] != collective:
            problems.append(("is_collective", _(
                "A visit of %(n)s or more persons is a collective visit; this row says otherwise."
            ) % {"n": policy.collective_threshold}))
    return problems


def _unit_problems(row: LedgerRow) -> list[tuple[str, str]]:
    problems = []
    accused = row.get("accused_unit")
    for key in ("responsible_unit", "forwarded_to"):
        unit = row.get(key)
        if unit is not None and accused is not None and unit.pk == accused.pk:
            problems.append((key, _("This accusation is against “%(unit)s”; it can never be sent to that unit.")
                             % {"unit": unit}))
    unit = row.get("responsible_unit")
    if unit is not None and (unit.kind == UnitKind.BUREAU or unit.kind in HIGHER_LEVEL_KINDS):
        problems.append(("responsible_unit", _("“%(unit)s” cannot be a responsible unit.") % {"unit": unit}))
    if row.has("satisfaction") and row.get("content_type") == ContentType.ACCUSATION:
        problems.append(("satisfaction", _("Accusations are not open to a satisfaction evaluation.")))
    if row.has("reply_outcome") and row.get("state") == S.ANSWERED and row.get("reply_outcome") != ReplyOutcome.EXPLAIN:
        problems.append(("reply_outcome", _("An answer on the spot is recorded as “%(explain)s”.")
                         % {"explain": LEDGER_WORDS[ReplyOutcome][ReplyOutcome.EXPLAIN]}))
    return problems


def _registration(row: LedgerRow, people: list[PetitionerData], repeat_of=None) -> RegistrationData:
    return RegistrationData(
        channel=row.values["channel"],
        received_on=row.values["received_on"],
        title=row.values["title"],
        content=row.values["content"],
        content_type=row.values["content_type"],
        category=row.values["category"],
        place=row.values["place"],
        petitioners=people,
        headcount=_headcount(row),
        received_level=row.get("received_level", ReceivedLevel.OWN),
        accused_unit=row.get("accused_unit"),
        accused_person=row.get("accused_person", ""),
        repeat_of=repeat_of,
        fast_track=row.get("fast_track", False),
    )


_REGISTRATION_KEYS = ("channel", "received_on", "title", "content", "content_type", "category", "place", "names",
                      "headcount", "received_level", "accused_unit", "accused_person", "id_numbers", "phones",
                      "addresses", "fast_track")


def check_row(row: LedgerRow, *, today: dt.date, policy) -> list[RowError]:
    """Everything about one row that does not depend on the other rows."""
    problems: list[tuple[str, str]] = []
    if row.has("state") and row.usable("state"):
        problems += _state_problems(row, row.values["state"])
    problems += _date_problems(row, today)
    too_long = row.has("extension_days") and row.values["extension_days"] > policy.max_extension_days
    if too_long and row.usable("extension_days"):
        problems.append(("extension_days", _("An extension is 1 to %(n)s days.") % {"n": policy.max_extension_days}))
    problems += _visit_problems(row, policy)
    problems += _unit_problems(row)
    if row.usable(*_REGISTRATION_KEYS):
        people, person_problems = _people(row, policy)
        problems += person_problems
        if not person_problems:
            reported = {key for key, _message in problems}
            for name, messages in actions.validate_registration(
                _registration(row, people), today=today, policy=policy
            ).items():
                key = _REGISTRATION_FIELDS.get(name, "")
                if key not in reported:  # the same cell is not reported twice in other words
                    problems += [(key, message) for message in messages]
    seen, errors = set(), []
    for key, message in problems:
        if (key, message) not in seen:
            seen.add((key, message))
            errors.append(RowError(row.number, heading_of(key), message))
    return errors


# --- Repeat petitions -------------------------------------------------------------------------------------------------


def _person_keys(row: LedgerRow) -> set[tuple]:
    names, ids, phones = row.get("names", []), row.get("id_numbers", []), row.get("phones", [])
    keys = set()
    for index, name in enumerate(names):
        id_number = ids[index] if index < len(ids) else ""
        phone = phones[index] if index < len(phones) else ""
        if id_number:
            keys.add(("id", id_number))
        elif phone:
            keys.add(("name_phone", name, phone))
    return keys


def _same_persons(row: LedgerRow) -> list[int]:
    ids: list[int] = []
    for key in _person_keys(row):
        if key[0] == "id":
            found = Petitioner.objects.same_person(id_number=key[1])
        else:
            found = Petitioner.objects.same_person(name=key[1], phone=key[2])
        ids += found.values_list("pk", flat=True)
    return ids


def _earlier_item(row: LedgerRow, user) -> Petition | None:
    """The latest item of the same petitioner received on or before this row's date (among those whose petitioners
    ``user``, the importer, may see: the one identity rule)."""
    persons = _same_persons(row)
    if not persons:
        return None
    return (
        Petition.objects.with_petitioner(persons, seen_by=user)
        .filter(received_on__lte=row.values["received_on"])
        .order_by("-received_on", "-pk")
        .first()
    )


def _save_order(rows: list[LedgerRow]) -> list[LedgerRow]:
    return sorted(rows, key=lambda row: (row.values["received_on"], row.number))


def check_repeats(rows: list[LedgerRow], *, skip: set[int], user) -> list[RowError]:
    """A repeat petition must follow an earlier item of the same petitioner, in the database or the file.

    Rows numbered in ``skip`` already have errors: they count as earlier items but are not checked.
    """
    errors, seen = [], set()
    for row in _save_order([row for row in rows if row.has("received_on") and row.usable("received_on")]):
        keys = _person_keys(row) if row.usable("names", "id_numbers", "phones") else set()
        if row.number not in skip and row.get("is_repeat") and not (keys & seen) and _earlier_item(row, user) is None:
            errors.append(RowError(row.number, heading_of("is_repeat"), _(
                "No earlier item of the same petitioner (by ID number, or name and phone) received on or before "
                "%(date)s was found, neither in the system nor higher up in this file."
            ) % {"date": row.values["received_on"].isoformat()}))
        seen |= keys
    return errors


# --- Saving -----------------------------------------------------------------------------------------------------------


class _StepFailed(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems)
        self.problems = problems


def _step(key: str, function, fields: dict[str, str] | None = None, **kwargs):
    """Run one action; a refusal is reported against the ledger column ``key``.

    ``fields`` maps the field names of the action's ValidationError to ledger keys where they differ.
    """
    try:
        return function(**kwargs)
    except TransitionRefused as exc:
        raise _StepFailed([(key, str(exc))]) from None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise _StepFailed([
                ((fields or {}).get(name, key), message)
                for name, messages in exc.message_dict.items() for message in messages
            ]) from None
        raise _StepFailed([(key, message) for message in exc.messages]) from None


def _replay(row: LedgerRow, actor, policy) -> Petition:
    v, state = row.values, row.values["state"]
    people, _problems = _people(row, policy)
    repeat_of = _earlier_item(row, actor) if row.get("is_repeat") else None
    p = _step("", actions.petition_register, fields=_REGISTRATION_FIELDS, actor=actor,
              data=_registration(row, people, repeat_of), on=v["received_on"])
    if state == S.ANSWERED:
        p = _step("decided_on", actions.petition_answer, actor=actor, petition=p, answer=v["reply_text"],
                  on=v["decided_on"])
    elif state == S.DECLINED:
        p = _step("decline_reason", actions.petition_decline, actor=actor, petition=p, reason=v["decline_reason"],
                  on=v["decided_on"])
    elif state == S.FORWARDED:
        p = _step("forwarded_to", actions.petition_forward, actor=actor, petition=p, to_unit=v["forwarded_to"],
                  on=v["decided_on"])
    elif state in _ASSIGN_PATH:
        accepted = v["accepted_on"]
        p = _step("responsible_unit", actions.petition_assign, actor=actor, petition=p, unit=v["responsible_unit"],
                  deadline_class=row.get("deadline_class", ""), on=accepted)
        if state != S.ASSIGNED:
            p = _step("accepted_on", actions.petition_sign_for, actor=actor, petition=p, on=accepted)
        if row.has("extension_days"):
            p = _step("extension_days", actions.petition_extend, actor=actor, petition=p, days=v["extension_days"],
                      reason=v["extension_reason"], approved_by=_("Approved as recorded in the ledger"), on=accepted)
        if row.has("replied_on"):
            p = _step("replied_on", actions.petition_reply, actor=actor, petition=p, outcome=v["reply_outcome"],
                      text=v["reply_text"], on=v["replied_on"])
    if row.has("satisfaction"):
        p = _step("satisfaction", actions.petition_evaluate, actor=actor, petition=p, rating=v["satisfaction"],
                  on=v["replied_on"])
    recorded = _("Recorded from the ledger.")
    if row.has("review_requested_on"):
        p = _step("review_requested_on", actions.petition_request_review, actor=actor, petition=p, reason=recorded,
                  on=v["review_requested_on"])
    if row.has("review_decided_on"):
        p = _step("review_decided_on", actions.petition_decide_review, actor=actor, petition=p,
                  opinion=v["review_opinion"], on=v["review_decided_on"])
    if row.has("re_review_requested_on"):
        p = _step("re_review_requested_on", actions.petition_request_re_review, actor=actor, petition=p,
                  reason=recorded, on=v["re_review_requested_on"])
    if row.has("re_review_decided_on"):
        p = _step("re_review_decided_on", actions.petition_decide_re_review, actor=actor, petition=p,
                  opinion=v["re_review_opinion"], on=v["re_review_decided_on"])
    return p


def import_ledger(file, *, user, today: dt.date | None = None, progress: Progress = NO_PROGRESS) -> ImportResult:
    """Check the whole file; if it has no problem, save every row in one transaction.

    Everything is read and checked before the transaction begins: on SQLite the write lock is held only while the
    rows are saved."""
    if not can_import_ledger(user):
        raise PermissionDenied("only bureau registrars and supervisors may import a ledger")
    today = today or timezone.localdate()
    policy = DeadlinePolicy.current()
    rows, errors = read_ledger(file, today=today, progress=progress)
    for checked, row in enumerate(rows, start=1):
        errors += check_row(row, today=today, policy=policy)
        progress.checked(checked, len(rows))
    errors += check_repeats(rows, skip={error.row for error in errors}, user=user)
    if errors:
        return ImportResult(errors=_sorted(errors))
    actor, saved = RecordedFromLedger(user), []
    progress.saving(len(rows))
    with transaction.atomic():
        for done, row in enumerate(_save_order(rows), start=1):
            try:
                with transaction.atomic():
                    saved.append(_replay(row, actor, policy))
            except _StepFailed as exc:
                errors += [RowError(row.number, heading_of(key), message) for key, message in exc.problems]
            progress.saved(done, len(rows))
        if errors:
            transaction.set_rollback(True)
            return ImportResult(errors=_sorted(errors))
    return ImportResult(petitions=saved)


_COLUMN_POSITION = {column.heading: index for index, column in enumerate(COLUMNS)}


def _sorted(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.row, _COLUMN_POSITION.get(e.column, -1), e.message))

