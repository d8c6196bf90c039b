"""Every SQL query of the statistics, and nothing else (STYLE.md §10).

Each function takes plain dates and id lists and returns plain counts, so that ``figures`` owns the definitions and
this layer can be replaced (e.g. by a pre-aggregated table) without touching them. Each query is one pass over a
range of one business-date column, read from a covering index (``petition_stats_*`` in ``Petition.Meta``: the
rows are never visited), with conditional aggregation for the few flags — never the event history, never an
item-by-item loop.

Each query groups by its date column and its dimensions, which are the columns its index starts with: SQLite, which
has no hash aggregation, then aggregates while it walks the index instead of sorting every row (the order of the
GROUP BY terms does not matter to it); PostgreSQL streams or hashes. The few thousand (day, dimension) rows are
summed here. The place index leads with the place, so that a unit's places are a few ranges of it.

=====================  ======================================  ===============================
function               rows read                               covering index
=====================  ======================================  ===============================
``intake``             received in the period                  ``petition_stats_received``,
                                                               ``petition_stats_category``,
                                                               ``petition_stats_place``
``decisions``          decided in the period                   ``petition_stats_decided``
``handling_by_unit``   accepted / due / replied in the period  ``petition_stats_accepted``,
                                                               ``petition_stats_due``,
                                                               ``petition_stats_replied``
``any_intake``         one row at most                         ``petition_received``
=====================  ======================================  ===============================

For the whole county ``intake`` and ``decisions`` read the daily rollups instead (``stats.models``, kept by the
triggers of ``stats/rollup.py``): a few tens of thousands of rows for a year, not every item; ``USE_ROLLUPS``
turns that off (tests compare both ways).

**A user's items.** The passes read ``source``: every item (``EVERY``: the petition table, the rollups for the
county), or the items a user may see (``Petition.objects.visible_to(user)``, chosen by
``stats.access.counted_items``), copied once by ``copy_of`` into a temporary table that every pass of the
computation then reads instead of the petition table. The access condition needs columns that no covering index
holds, so with it each pass would visit the rows of the user's items in the table — a unit's tens of thousands of
items spread over as many pages, eight times (3.5 s for the largest township at a million items on PostgreSQL);
copied once, they are read once (1.0 s). ``open_by_unit`` (few open items) applies the condition itself.

Rows are counted by their (never null) date column, not by the primary key: a PostgreSQL index holds only its own
columns, and ``COUNT(id)`` would send every row back to the table. The default ordering of ``Petition`` is cleared
(``order_by()``) everywhere: it would otherwise enter the GROUP BY.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from petitions.models import ContentType, DeclineReason, Petition, Via
from petitions.states import PetitionState

from .models import CategoryDay, DecisionDay, IntakeDay, PlaceDay

# The whole county's intake and decisions are read from the daily rollups that the database triggers keep
# (``stats/rollup.py``). Tests turn this off to compare them with the direct passes over the petition table.
USE_ROLLUPS = True

# Mirrors ``Petition.is_evaluable`` (tests/stats check that both agree): accusations (not suitable for
# disclosure) and items that went to a legal procedure are not evaluated.
EVALUABLE = ~Q(content_type=ContentType.ACCUSATION) & ~Q(decline_reason=DeclineReason.LEGAL_PROCEDURE)

# The outcome of a decision, read from the state the item is in now (the states after each decision).
DECISION_OUTCOMES = {
    PetitionState.ANSWERED: "answered",
    PetitionState.DECLINED: "declined",
    PetitionState.FORWARDED: "forwarded",
    PetitionState.RETURNED: "returned",
}  # every other state of a decided item follows an assignment: "assigned"


@dataclass(frozen=True)
class IntakeGroup:
    """Items received in the period that share the dimensions below; ``persons`` is the sum of headcounts."""

    channel: str
    received_level: str
    is_collective: bool
    is_repeat: bool
    content_type: str
    items: int
    persons: int


@dataclass(frozen=True)
class Intake:
    """Items received in the period: by the volume dimensions, and (items, persons) per category and per place."""

    groups: list[IntakeGroup]
    by_category: dict[int, tuple[int, int]] = field(default_factory=dict)
    by_place: dict[int, tuple[int, int]] = field(default_factory=dict)
    # The same groups per calendar month of receipt ((year, month) → groups), from the same pass.
    by_month: dict[tuple[int, int], list[IntakeGroup]] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """Which items the passes read: every item (``table`` None), or a user's, copied into the temporary ``table``."""

    table: str | None = None

    @property
    def every_item(self) -> bool:
        return self.table is None


EVERY = Source()

# The columns of the petition table that the passes read (a pass that reads another one fails on the copy: add it).
COPIED_COLUMNS = (
    "received_on", "received_level", "channel", "is_collective", "is_repeat", "content_type", "headcount",
    "category_id", "place_id", "decided_on", "state", "decision_due_on", "accepted_on", "handling_due_on",
    "replied_on", "responsible_unit_id", "satisfaction", "evaluated_at", "decline_reason", "evaluation_via",
)


@contextlib.contextmanager
def copy_of(items):
    """The ``Source`` for ``items`` (a ``Petition`` queryset; None: every item) while the block runs: the items'
    counted columns copied once into a temporary table, dropped afterwards.

    On PostgreSQL the copy and the passes run in one transaction and the table goes with its commit or rollback
    (``ON COMMIT DROP``; a pooler in transaction mode keeps them on one server connection). On SQLite they run in
    autocommit mode — a transaction here takes the writers' lock (``config/sqlite``) — and the table is dropped at
    the end; a temporary table is the connection's own, so nothing else sees it or waits for it.
    """
    if items is None:
        yield EVERY
        return
    connection = connections[items.db]
    table = connection.ops.quote_name(f"stats_items_{secrets.token_hex(6)}")
    sql, params = items.order_by().values_list(*COPIED_COLUMNS).query.get_compiler(items.db).as_sql()
    if connection.vendor == "postgresql":
        with transaction.atomic(using=items.db):
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TEMPORARY TABLE {table} ON COMMIT DROP AS {sql}", params)
            yield Source(table)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {table} AS {sql}", params)
    try:
        yield Source(table)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _petitions(unit_field: str | None = None, unit_ids: Collection[int] | None = None):
    qs = Petition.objects.order_by()
    if unit_ids is not None:
        qs = qs.filter(**{f"{unit_field}__in": list(unit_ids)})
    return qs


def _fetch(qs, source: Source = EVERY) -> list[tuple]:
    """The rows of a ``values_list()`` query as the database driver returns them, read from ``source``.

    A year's passes return some 100,000 (day, dimension) rows; Django's per-value conversion of them (dates parsed
    from text on SQLite, counts through ``int()``) would cost more than the queries. Counts come back as integers
    from both databases; flags are normalised with ``bool()`` and days with ``_day()`` where they are used.
    A pass over the petition table alone reads a user's copy by the copy's name in its place.
    """
    sql, params = qs.query.get_compiler(qs.db).as_sql()
    if not source.every_item:
        sql = sql.replace(connections[qs.db].ops.quote_name(Petition._meta.db_table), source.table)
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.lru_cache(maxsize=4096)
def _day(value) -> dt.date:
    """A date column's value as a date (SQLite returns ISO text, PostgreSQL a date)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _pairs(qs, key: str, source: Source) -> dict[int, tuple[int, int]]:
    """(items, persons) per ``key``, summed over the days."""
    totals: dict[int, list[int]] = {}
    for _day_value, value, n, persons in _fetch(
        qs.values_list("received_on", key).annotate(n=Count("received_on"), persons=Sum("headcount")), source
    ):
        total = totals.setdefault(value, [0, 0])
        total[0] += n
        total[1] += persons
    return {value: (n, persons) for value, (n, persons) in totals.items()}


def intake(
    start: dt.date, end: dt.date, place_ids: Collection[int] | None = None, *, breakdowns: bool = True,
    source: Source = EVERY,
) -> Intake:
    """Items of ``source`` received from ``start`` to ``end`` (inclusive) whose place is in ``place_ids`` (None:
    all).

    ``breakdowns=False`` leaves out the counts per category and per place (comparisons need only the volume).
    Every item of the whole county is read from the daily rollups (``stats.models``), anything narrower from the
    petition table (or the user's copy).
    """
    if place_ids is None and source.every_item and USE_ROLLUPS:
        return _intake_from_rollups(start, end, breakdowns=breakdowns)
    received = _petitions("place_id", place_ids).filter(received_on__range=(start, end))
    dimensions = ("received_level", "channel", "is_collective", "is_repeat", "content_type")
    groups, by_month = _intake_groups(_fetch(
        received.values_list("received_on", *dimensions).annotate(n=Count("received_on"), persons=Sum("headcount")),
        source,
    ))
    if not breakdowns:
        return Intake(groups, by_month=by_month)
    return Intake(groups, by_category=_pairs(received, "category_id", source),
                  by_place=_pairs(received, "place_id", source), by_month=by_month)


def _intake_groups(rows) -> tuple[list[IntakeGroup], dict[tuple[int, int], list[IntakeGroup]]]:
    """The groups of the period and of each month, from (day, level, channel, collective, repeat, content type,
    items, persons) rows."""
    totals: dict[tuple, list[int]] = {}
    monthly: dict[tuple[int, int], dict[tuple, list[int]]] = {}
    for day_value, level, channel, collective, repeat, content_type, n, persons in rows:
        day = _day(day_value)
        key = (level, channel, bool(collective), bool(repeat), content_type)
        for counts in (totals, monthly.setdefault((day.year, day.month), {})):
            total = counts.setdefault(key, [0, 0])
            total[0] += n
            total[1] += persons
    return _groups(totals), {month: _groups(counts) for month, counts in sorted(monthly.items())}


def _intake_from_rollups(start: dt.date, end: dt.date, *, breakdowns: bool) -> Intake:
    """``intake`` for the whole county from the daily counts: a few thousand rows instead of every item.

    Rows whose counts went back to 0 (every item of them moved or deleted) are left out, as the direct passes
    never see them.
    """
    days = {"day__range": (start, end)}
    groups, by_month = _intake_groups(_fetch(
        IntakeDay.objects.filter(**days).exclude(items=0).values_list(
            "day", "received_level", "channel", "is_collective", "is_repeat", "content_type", "items", "persons")
    ))
    if not breakdowns:
        return Intake(groups, by_month=by_month)

    def pairs(model, key):
        rows = _fetch(model.objects.filter(**days).values_list(key).annotate(
            n=Sum("items"), persons=Sum("persons")).filter(n__gt=0))
        return {value: (n, persons) for value, n, persons in rows}

    return Intake(groups, by_category=pairs(CategoryDay, "category_id"), by_place=pairs(PlaceDay, "place_id"),
                  by_month=by_month)


def _groups(totals: dict[tuple, list[int]]) -> list[IntakeGroup]:
    return [
        IntakeGroup(channel=channel, received_level=level, is_collective=collective, is_repeat=repeat,
                    content_type=content_type, items=n, persons=persons)
        for (level, channel, collective, repeat, content_type), (n, persons) in totals.items()
    ]


def intake_by_place(start: dt.date, end: dt.date, place_ids: Collection[int] | None = None
                    ) -> dict[int, list[IntakeGroup]]:
    """The intake groups of ``intake`` per place of the problem (for the tables by unit): one pass."""
    dimensions = ("received_level", "channel", "is_collective", "is_repeat", "content_type")
    rows = (
        _petitions("place_id", place_ids).filter(received_on__range=(start, end))
        # Grouped by day first and counted by the date, like ``intake``: the covering index is walked in order.
        .values_list("received_on", "place_id", *dimensions).annotate(n=Count("received_on"), persons=Sum("headcount"))
    )
    per_place: dict[int, dict[tuple, list[int]]] = {}
    for _day, place_id, *key, n, persons in rows:
        total = per_place.setdefault(place_id, {}).setdefault(tuple(key), [0, 0])
        total[0] += n
        total[1] += persons
    return {place_id: _groups(totals) for place_id, totals in per_place.items()}


def open_by_unit(on: dt.date, soon_until: dt.date, responsible_ids: Collection[int] | None = None, *, items=None
                 ) -> dict[int | None, dict[str, int]]:
    """Open items now, of ``items`` (a ``Petition`` queryset; None: every item), per responsible unit (None: not
    assigned, at the bureau's desk): ``overdue`` (current due date before ``on``) and ``due_soon`` (due from ``on``
    to ``soon_until``) — the worklists' own queryset methods."""
    open_items = (Petition.objects if items is None else items).order_by().open()
    if responsible_ids is not None:
        open_items = open_items.filter(responsible_unit_id__in=list(responsible_ids))
    rows = open_items.filter(due_on__lte=soon_until).values_list("responsible_unit_id").annotate(
        overdue=Count("pk", filter=Q(due_on__lt=on)), due_soon=Count("pk", filter=Q(due_on__gte=on)),
    )
    return {unit_id: {"overdue": overdue, "due_soon": due_soon} for unit_id, overdue, due_soon in rows}


def any_intake(start: dt.date, end: dt.date, *, source: Source = EVERY) -> bool:
    """Whether any item at all (any place, any channel) of ``source`` was received from ``start`` to ``end``."""
    return bool(_fetch(_petitions().filter(received_on__range=(start, end)).values_list("received_on")[:1], source))


def _no_decisions() -> dict[str, int]:
    return {"total": 0, "on_time": 0, "assigned": 0, **{outcome: 0 for outcome in DECISION_OUTCOMES.values()}}


def _decision_rows(start: dt.date, end: dt.date, place_ids: Collection[int] | None, *keys: str,
                   source: Source = EVERY) -> list[tuple]:
    return _fetch(
        _petitions("place_id", place_ids)
        .filter(decided_on__range=(start, end))
        .values_list("decided_on", *keys, "state")
        .annotate(n=Count("decided_on"), on_time=Count("decided_on", filter=Q(decided_on__lte=F("decision_due_on")))),
        source,
    )


def _add_decisions(counts: dict[str, int], state: str, n: int, on_time: int) -> None:
    counts["total"] += n
    counts["on_time"] += on_time
    counts[DECISION_OUTCOMES.get(state, "assigned")] += n


def decisions(start: dt.date, end: dt.date, place_ids: Collection[int] | None = None, *, source: Source = EVERY
              ) -> dict[str, int]:
    """The bureau's decisions on items of ``source`` dated from ``start`` to ``end``: how many, how many within the
    limit, and what they were.

    The outcome is the state the item is in: answered on the spot, declined, forwarded, handed back by the unit
    and waiting for a new decision, or — any later state — accepted and assigned. Every item of the whole county is
    read from the daily rollups, anything narrower from the petition table (or the user's copy).
    """
    counts = _no_decisions()
    if place_ids is None and source.every_item and USE_ROLLUPS:
        rows = _fetch(DecisionDay.objects.filter(day__range=(start, end)).values_list("state").annotate(
            n=Sum("decisions"), on_time=Sum("on_time")).filter(n__gt=0))
        for state, n, on_time in rows:
            _add_decisions(counts, state, n, on_time)
        return counts
    for _day_value, state, n, on_time in _decision_rows(start, end, place_ids, source=source):
        _add_decisions(counts, state, n, on_time)
    return counts


def decisions_by_place(start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """The counts of ``decisions`` per place of the problem, every place in one pass."""
    per_place: dict[int, dict[str, int]] = {}
    for _day_value, place_id, state, n, on_time in _decision_rows(start, end, None, "place_id"):
        _add_decisions(per_place.setdefault(place_id, _no_decisions()), state, n, on_time)
    return per_place


def _start_of_day_after(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _add_counts(result: dict, unit_id: int | None, names, values) -> None:
    counts = result.setdefault(unit_id, {})
    for name, value in zip(names, values, strict=True):
        counts[name] = counts.get(name, 0) + value


def _by_unit(qs, day_field: str, result: dict, source: Source, **aggregates) -> None:
    names = list(aggregates)
    rows = _fetch(qs.values_list(day_field, "responsible_unit_id").annotate(**aggregates), source)
    for _day_value, unit_id, *values in rows:
        _add_counts(result, unit_id, names, values)


def handling_by_unit(
    start: dt.date,
    cutoff: dt.date,
    *,
    overdue_on: dt.date,
    evaluated_by: dt.date,
    responsible_ids: Collection[int] | None = None,
    source: Source = EVERY,
) -> dict[int | None, dict[str, int]]:
    """Handling counts of the items of ``source`` per responsible unit (None: items the bureau answered on the
    spot). Three passes:

    - items accepted and assigned from ``start`` to ``cutoff``: ``assigned``; of them replied by the cutoff:
      ``assigned_closed``;
    - items whose handling due date (extended, if extended) is from ``start`` to ``cutoff``: replied by the due
      date ``on_time``; replied later but by the cutoff ``late``; not replied by the cutoff and due before
      ``overdue_on`` ``overdue`` (an item due on ``overdue_on`` itself and not replied yet is still pending and in
      none of them);
    - items replied from ``start`` to ``cutoff`` (on the spot or after handling): ``replied``, ``answered`` (on the
      spot), ``eligible`` for evaluation, ``evaluated`` by the end of ``evaluated_by``, and each rating.
    """
    units = ("responsible_unit_id", responsible_ids)
    result: dict[int | None, dict[str, int]] = {}
    _by_unit(
        _petitions(*units).filter(accepted_on__range=(start, cutoff)), "accepted_on", result, source,
        assigned=Count("accepted_on"), assigned_closed=Count("accepted_on", filter=Q(replied_on__lte=cutoff)),
    )
    not_replied = Q(replied_on__isnull=True) | Q(replied_on__gt=cutoff)
    _by_unit(
        _petitions(*units).filter(handling_due_on__range=(start, cutoff)), "handling_due_on", result, source,
        on_time=Count("handling_due_on", filter=Q(replied_on__lte=F("handling_due_on"))),
        late=Count("handling_due_on", filter=Q(replied_on__gt=F("handling_due_on"), replied_on__lte=cutoff)),
        overdue=Count("handling_due_on", filter=not_replied & Q(handling_due_on__lt=overdue_on)),
    )
    evaluated = EVALUABLE & Q(evaluated_at__lt=_start_of_day_after(evaluated_by))
    replied = _petitions(*units).filter(replied_on__range=(start, cutoff))
    rows = _fetch(replied.values_list("replied_on", "responsible_unit_id", "satisfaction").annotate(
        replied=Count("replied_on"),
        answered=Count("replied_on", filter=Q(accepted_on__isnull=True)),
        eligible=Count("replied_on", filter=EVALUABLE),
        evaluated=Count("replied_on", filter=evaluated),
        on_query_page=Count("replied_on", filter=evaluated & Q(evaluation_via=Via.PUBLIC_PAGE)),
    ), source)
    counted = ("replied", "answered", "eligible")
    for _day_value, unit_id, satisfaction, n, answered, eligible, evaluated_count, on_page in rows:
        _add_counts(result, unit_id, counted, (n, answered, eligible))
        if satisfaction:
            _add_counts(result, unit_id, ("evaluated", satisfaction, "on_query_page"),
                        (evaluated_count, evaluated_count, on_page))
    for counts in result.values():
        counts["due"] = sum(counts.get(name, 0) for name in ("on_time", "late", "overdue"))
    return result
