"""Synthetic petitions at scale (load tests, benchmarks): up to a million items in minutes.

Each item is drawn as a plan (``demo.plans``: what came in and the dated steps of its life) and turned into
its rows directly — the petition, its petitioners and parties, its events and its search text — in the state
the real actions would leave it in:

- every due date comes from the pure functions of ``workdays.deadlines`` with one loaded ``WorkCalendar`` and
  ``DeadlinePolicy`` (memoised: a million items share about a thousand receipt dates);
- the fields each step sets, and the event it appends (kind, states, note, data), mirror ``petitions.actions``;
  ``tests/demo/test_synthetic.py`` checks that a plan gives the same item through the actions and through here,
  and ``demo.checks`` that generated items are consistent.

Why not the actions themselves, item by item? Speed: an action locks the row, checks, saves and appends an
event, about a dozen queries per step; the demo county builds some 50 items a second that way, a million would
take half a week. Why not ``bulk_create``? Measured on SQLite with 100,000 items in the table: 555 µs per
petition with ``bulk_create`` (per-field preparation of model instances; SQLite's 999-variable limit allows 14
rows of 60 columns per INSERT) against 130 µs for the same rows as tuples with ``executemany``. Rows are
written here with ``executemany`` (SQLite) or ``COPY`` (PostgreSQL), under the column names of the models' own
metadata.

Throughput (2-core machine shared with other jobs, 100,000 items): about 1,900 items/s on SQLite and 1,850 on
PostgreSQL. Drawing an item costs about 300 µs of Python, writing it about 300 µs on SQLite (the petition row
with its 17 indexes ~100, four events ~65, the FTS5 bigram index ~60, petitioner and party ~40); a second
process draws while this one writes.

Primary keys are assigned here (the rows of one item refer to each other) and checked to be still free inside
each batch's transaction: run the generator on a database nobody else writes petitions to meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from queue import Empty

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Unit, UnitKind
from petitions import search
from petitions.models import (
    EventKind,
    Petition,
    Petitioner,
    PetitionEvent,
    PetitionParty,
    PetitionSearchText,
    ReplyOutcome,
    Via,
    is_collective_visit,
)
from petitions.query_codes import new_code
from petitions.states import TRANSITIONS, PetitionState

from .names import People
from .plans import (
    BUREAU,
    PETITIONER,
    RECORDED,
    SUPERVISOR,
    UNIT,
    ItemPlan,
    Planner,
    Reference,
    draw_due_in,
    draw_state_and_date,
)
from .seed import seed_categories, seed_units

S = PetitionState
YEARS = 3
OPEN_SHARE = 0.4
REPEAT_SHARE = 0.07

# The event each transition appends (petitions.actions).
EVENT_OF = {
    "answer": EventKind.ANSWERED,
    "decline": EventKind.DECLINED,
    "forward": EventKind.FORWARDED,
    "assign": EventKind.ASSIGNED,
    "sign_for": EventKind.SIGNED_FOR,
    "hand_back": EventKind.HANDED_BACK,
    "extend": EventKind.EXTENDED,
    "reply": EventKind.REPLIED,
    "evaluate": EventKind.EVALUATED,
    "request_review": EventKind.REVIEW_REQUESTED,
    "decide_review": EventKind.REVIEW_DECIDED,
    "request_re_review": EventKind.RE_REVIEW_REQUESTED,
    "decide_re_review": EventKind.RE_REVIEW_DECIDED,
}


# How a petitioner's evaluation or request came (petitions.actions._via): on the public page, or recorded by the
# bureau.
VIA_OF = {PETITIONER: Via.PUBLIC_PAGE, RECORDED: Via.BUREAU}


class ConcurrentWrite(Exception):
    """Someone else inserted rows while the generator was drawing a batch: its primary keys are taken."""


def ensure_reference_data() -> None:
    """Categories and units must exist; a database without places gets the demo county's units."""
    from .county import COUNTY, PLACES

    seed_categories()
    if not Unit.objects.filter(kind=UnitKind.BUREAU).exists():
        seed_units(COUNTY)
    if not Unit.objects.places().exists():
        seed_units(COUNTY, places=PLACES)


class _Columns:
    """Column names of a model in field order, and each field's position in a row."""

    def __init__(self, model):
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        self.names = [f.column for f in self.fields]
        for index, f in enumerate(self.fields):
            setattr(self, f.attname, index)

    def default_row(self) -> list:
        row = []
        for f in self.fields:
            if f.has_default() and not callable(f.default):
                row.append(f.default)
            elif f.null:
                row.append(None)
            elif f.get_internal_type() in ("CharField", "TextField"):
                row.append("")
            else:
                row.append(None)
        return row


@dataclass
class Batch:
    petitions: list
    petitioners: list
    parties: list
    events: list
    search: list
    first_petition_id: int
    first_petitioner_id: int
    states: dict


class RowMaker:
    """Turns plans into rows, step by step as the actions would change the item."""

    def __init__(self, ref: Reference, vendor: str):
        self.ref = ref
        self.dl = ref.deadlines
        self.P = _Columns(Petition)
        self.template = self.P.default_row()
        self.tz = timezone.get_default_timezone()
        if vendor == "sqlite":
            # Django stores dates as ISO text and aware datetimes as naive UTC text on SQLite.
            self.date = dt.date.isoformat
            self.moment = self._sqlite_moment
        else:
            self.date = lambda d: d
            self.moment = self._aware_moment
        self._bases: dict[dt.date, dt.datetime] = {}
        self.petitioner_label = _("Petitioner")
        self.labels: dict[int | None, str] = {None: self.petitioner_label}
        bureau = next((u for u in ref.by_id.values() if u.kind == UnitKind.BUREAU), None)
        self.bureau_label = bureau.name if bureau else ""

    # ---- time -------------------------------------------------------------------------------------------

    def _base(self, day: dt.date) -> dt.datetime:
        """08:00 local time on ``day``, in UTC without tzinfo."""
        base = self._bases.get(day)
        if base is None:
            local = dt.datetime(day.year, day.month, day.day, 8, tzinfo=self.tz)
            base = self._bases[day] = local.astimezone(dt.UTC).replace(tzinfo=None)
        return base

    def _sqlite_moment(self, day: dt.date, minute: int) -> str:
        return (self._base(day) + dt.timedelta(minutes=minute)).isoformat(" ")

    def _aware_moment(self, day: dt.date, minute: int) -> dt.datetime:
        return (self._base(day) + dt.timedelta(minutes=minute)).replace(tzinfo=dt.UTC)

    # ---- who acted ----------------------------------------------------------------------------------------

    def actor(self, who: str, unit_id: int | None, index: int):
        """(user id, label) as record_event would write them."""
        ref = self.ref
        if who == PETITIONER:
            return None, self.petitioner_label
        if who == UNIT:
            user = ref.handlers.get(unit_id)
            if user is None:
                return None, ref.by_id[unit_id].name if unit_id in ref.by_id else ""
        elif who == SUPERVISOR:
            user = ref.supervisors[0] if ref.supervisors else None
        else:  # BUREAU, RECORDED
            user = ref.registrars[index % len(ref.registrars)] if ref.registrars else None
        if user is None:
            return None, self.bureau_label
        label = self.labels.get(user.pk)
        if label is None:
            label = self.labels[user.pk] = f"{user.unit.name} {user}" if user.unit_id else str(user)
        return user.pk, label

    # ---- one item -----------------------------------------------------------------------------------------

    def petition(self, plan: ItemPlan, pid: int, code: str, repeat_of_id: int | None, events: list) -> list:
        """The petition's row after all its steps; its events are appended to ``events``."""
        P, dl, d, data = self.P, self.dl, self.date, plan.data
        row = self.template.copy()
        r = data.received_on
        is_visit = data.channel == "visit"
        headcount = data.headcount if is_visit else 1
        decision = dl.decision(r, data.fast_track)
        row[P.id] = pid
        row[P.query_code] = code
        row[P.channel] = data.channel
        row[P.received_on] = d(r)
        row[P.received_level] = data.received_level
        row[P.headcount] = headcount
        row[P.is_collective] = is_collective_visit(data.channel, data.headcount, self.ref.policy)
        row[P.source] = data.source
        row[P.source_body_id] = data.source_body.pk if data.source_body else None
        row[P.source_reference] = data.source_reference
        row[P.source_due_on] = d(data.source_due_on) if data.source_due_on else None
        row[P.title] = data.title.strip()
        row[P.content] = data.content.strip()
        row[P.content_type] = data.content_type
        row[P.category_id] = data.category.pk
        row[P.place_id] = data.place.pk
        row[P.accused_unit_id] = data.accused_unit.pk if data.accused_unit else None
        row[P.accused_person] = data.accused_person.strip()
        row[P.is_repeat] = repeat_of_id is not None
        row[P.repeat_of_id] = repeat_of_id
        row[P.registered_at] = self.moment(r, plan.minute)
        registrar_id, registrar_label = self.actor(BUREAU, None, pid)
        row[P.registered_by_id] = registrar_id
        row[P.decision_due_on] = d(decision.date)
        row[P.decision_due_provisional] = decision.provisional
        row[P.fast_track] = data.fast_track
        row[P.due_on] = d(decision.date)
        row[P.due_provisional] = decision.provisional
        events.append((pid, EventKind.REGISTERED, row[P.registered_at], registrar_id, registrar_label, "",
                       S.REGISTERED, "", json.dumps({"on": r.isoformat(), "channel": data.channel,
                                                     "headcount": headcount, "fast_track": data.fast_track,
                                                     "repeat_of": repeat_of_id})))
        state = S.REGISTERED
        # Native values of the fields later steps read.
        unit_id = None
        original_due = handling_due = None
        for step in plan.steps:
            on, args, name = step.on, step.args, step.name
            note, extra = "", {}
            who_unit = unit_id
            if name == "answer":
                row[P.decided_on] = row[P.replied_on] = d(on)
                row[P.reply_text] = note = args["answer"]
                row[P.reply_outcome] = ReplyOutcome.EXPLAIN
                row[P.due_on], row[P.due_provisional] = None, False
            elif name == "decline":
                row[P.decided_on], row[P.decline_reason], row[P.decision_note] = d(on), args["reason"], args["note"]
                note, extra = args["note"], {"reason": args["reason"]}
                row[P.due_on], row[P.due_provisional] = None, False
            elif name == "forward":
                unit = args["to_unit"]
                row[P.decided_on], row[P.forwarded_to_id], row[P.decision_note] = d(on), unit.pk, args["note"]
                note, extra = args["note"], {"to_unit": unit.pk, "to_unit_name": unit.name}
                row[P.due_on], row[P.due_provisional] = None, False
            elif name == "assign":
                unit, cls, leader = args["unit"], args["deadline_class"], args["owning_leader"]
                due = dl.handling(on, cls, data.fast_track, data.source_due_on)
                unit_id = unit.pk
                row[P.decided_on] = row[P.accepted_on] = d(on)
                row[P.responsible_unit_id] = unit_id
                row[P.deadline_class] = cls
                row[P.decision_note] = note = args["note"]
                objection = dl.objection(on)
                row[P.objection_due_on], row[P.objection_due_provisional] = d(objection.date), objection.provisional
                original_due = handling_due = due.date
                row[P.handling_due_on] = row[P.original_handling_due_on] = d(due.date)
                row[P.handling_due_provisional] = due.provisional
                row[P.signed_for_on] = None
                if leader is not None:
                    row[P.owning_leader_id] = leader.pk
                row[P.due_on], row[P.due_provisional] = d(due.date), due.provisional
                extra = {"unit": unit.pk, "unit_name": unit.name, "deadline_class": cls,
                         "handling_due_on": due.date.isoformat(), "provisional": due.provisional,
                         "objection_due_on": objection.date.isoformat(), "objection_provisional": objection.provisional}
            elif name == "sign_for":
                row[P.signed_for_on] = d(on)
            elif name == "hand_back":
                unit = self.ref.by_id[unit_id]
                row[P.responsible_unit_id] = unit_id = None
                row[P.handling_due_on] = row[P.original_handling_due_on] = row[P.objection_due_on] = None
                row[P.handling_due_provisional] = row[P.objection_due_provisional] = False
                row[P.accepted_on] = row[P.signed_for_on] = None
                row[P.extension_days], row[P.extension_reason] = None, ""
                original_due = handling_due = None
                row[P.due_on], row[P.due_provisional] = d(decision.date), decision.provisional
                note, extra = args["reason"], {"unit": unit.pk, "unit_name": unit.name}
            elif name == "extend":
                due = dl.extended(original_due, args["days"])
                handling_due = due.date
                row[P.extension_days], row[P.extension_reason] = args["days"], args["reason"]
                row[P.handling_due_on], row[P.handling_due_provisional] = d(due.date), due.provisional
                row[P.due_on], row[P.due_provisional] = d(due.date), due.provisional
                note = args["reason"]
                extra = {"days": args["days"], "approved_by": args["approved_by"],
                         "handling_due_on": due.date.isoformat(), "provisional": due.provisional}
            elif name == "reply":
                row[P.replied_on], row[P.reply_outcome], row[P.reply_text] = d(on), args["outcome"], args["text"]
                review = dl.review_request(on)
                row[P.review_request_due_on], row[P.review_request_due_provisional] = d(review.date), review.provisional
                row[P.due_on], row[P.due_provisional] = None, False
                extra = {"outcome": args["outcome"], "on_time": bool(handling_due and on <= handling_due)}
            elif name == "evaluate":
                row[P.satisfaction], row[P.evaluation_comment] = args["rating"], args["comment"]
                row[P.evaluated_at] = self.moment(on, step.minute)
                row[P.evaluation_via] = via = VIA_OF[step.actor]
                note, extra = args["comment"], {"rating": args["rating"], "via": via}
            elif name == "request_review":
                due = dl.review_decision(on)
                row[P.review_requested_on], row[P.review_reason] = d(on), args["reason"]
                row[P.review_requested_via] = via = VIA_OF[step.actor]
                row[P.due_on], row[P.due_provisional] = d(due.date), due.provisional
                note, extra = args["reason"], {"via": via}
            elif name == "decide_review":
                row[P.review_decided_on], row[P.review_opinion] = d(on), args["opinion"]
                re_review = dl.re_review_request(on)
                row[P.re_review_request_due_on] = d(re_review.date)
                row[P.re_review_request_due_provisional] = re_review.provisional
                row[P.due_on], row[P.due_provisional] = None, False
                note = args["opinion"]
            elif name == "request_re_review":
                due = dl.re_review_decision(on)
                row[P.re_review_requested_on], row[P.re_review_reason] = d(on), args["reason"]
                row[P.re_review_requested_via] = via = VIA_OF[step.actor]
                row[P.due_on], row[P.due_provisional] = d(due.date), due.provisional
                note, extra = args["reason"], {"via": via}
            elif name == "decide_re_review":
                row[P.re_review_decided_on], row[P.re_review_opinion] = d(on), args["opinion"]
                row[P.due_on], row[P.due_provisional] = None, False
                note = args["opinion"]
            else:  # pragma: no cover - a new transition must be mirrored here
                raise ValueError(f"unknown step {name}")
            target = TRANSITIONS[name].target
            new_state = target or state
            actor_id, label = self.actor(step.actor, who_unit, pid)
            extra["on"] = on.isoformat()
            events.append((pid, EVENT_OF[name], self.moment(on, step.minute), actor_id, label, state, new_state,
                           note, json.dumps(extra)))
            state = new_state
        row[P.state] = state
        return row


class Generator:
    """Draws ``count`` items over the last three years and writes them in batches, one transaction each."""

    def __init__(self, *, seed: int = 1, today: dt.date | None = None, batch: int = 5000, progress=None,
                 years: int = YEARS, open_share: float = OPEN_SHARE):
        self.seed, self.batch, self.progress = seed, batch, progress
        self.today = today or timezone.localdate()
        self.days = 365 * years
        self.open_share = open_share
        self.vendor = connection.vendor

    def run(self, count: int, *, pipeline: bool | None = None) -> dict:
        """Generate ``count`` items. With ``pipeline`` (the default for more than one batch where processes can
        fork), a second process draws the next batch while this one writes the last: drawing and writing each
        take about half of the time, and this way they overlap. The items are the same either way."""
        started = time.perf_counter()
        ensure_reference_data()
        ref = Reference()
        rng = random.Random(self.seed)
        taken_ids = set(Petitioner.objects.exclude(id_number="").values_list("id_number", flat=True))
        self.codes = set(Petition.objects.values_list("query_code", flat=True))
        self.planner = Planner(ref, rng, self.today, People(rng, taken_ids))
        self.rows = RowMaker(ref, self.vendor)
        self.ref, self.rng = ref, rng
        first_petition = (Petition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_petitioner = (Petitioner.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        if pipeline is None:
            pipeline = count > self.batch and "fork" in multiprocessing.get_all_start_methods()
        batches = (self._forked_batches if pipeline else self._batches)(count, first_petition, first_petitioner)
        states: dict[str, int] = {}
        done, write_seconds = 0, 0.0
        with self._bulk_session():
            for batch in batches:
                t0 = time.perf_counter()
                self.write(batch)
                write_seconds += time.perf_counter() - t0
                for state, k in batch.states.items():
                    states[state] = states.get(state, 0) + k
                done += len(batch.petitions)
                if self.progress:
                    self.progress(done, count, time.perf_counter() - started)
        seconds = time.perf_counter() - started
        return {"count": done, "seconds": seconds, "rate": done / seconds if seconds else 0.0,
                "write_seconds": write_seconds, "states": states}

    def _batches(self, count: int, next_petition: int, next_petitioner: int):
        done = 0
        while done < count:
            batch = self.draw(min(self.batch, count - done), next_petition, next_petitioner)
            next_petition += len(batch.petitions)
            next_petitioner += len(batch.petitioners)
            done += len(batch.petitions)
            yield batch

    def _forked_batches(self, count: int, next_petition: int, next_petitioner: int):
        """The batches of ``_batches``, drawn in a forked child process (it never touches the database)."""
        context = multiprocessing.get_context("fork")
        queue = context.Queue(maxsize=2)
        producer = context.Process(
            target=_produce, args=(self, count, next_petition, next_petitioner, queue), daemon=True
        )
        producer.start()
        try:
            received = 0
            while received < count:
                try:
                    kind, payload = queue.get(timeout=10)
                except Empty:
                    if producer.is_alive():
                        continue
                    raise RuntimeError(
                        f"the drawing process ended without its batches (exit code {producer.exitcode})"
                    ) from None
                if kind == "error":
                    raise RuntimeError(f"the drawing process failed:\n{payload}")
                received += len(payload.petitions)
                yield payload
            producer.join()
        finally:
            if producer.is_alive():
                producer.terminate()
                producer.join()

    @contextmanager
    def _bulk_session(self):
        """A larger page cache for this connection while it writes (SQLite; the index pages of a million items)."""
        if self.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (previous,) = cursor.fetchone()
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")

    # ---- drawing --------------------------------------------------------------------------------------------

    def _code(self) -> str:
        codes = self.codes
        while True:
            code = new_code()
            if code not in codes:
                codes.add(code)
                return code

    def draw(self, n: int, first_petition_id: int, first_petitioner_id: int) -> Batch:
        rng, planner, rows, today = self.rng, self.planner, self.rows, self.today
        petitions, petitioners, parties, events, texts_ = [], [], [], [], []
        plans: list[ItemPlan] = []
        person_ids: dict[tuple, tuple] = {}  # the people of this batch, by ID number (or name and phone): id, name, phone, address
        states: dict[str, int] = {}
        pid, next_person = first_petition_id, first_petitioner_id
        for _item in range(n):
            state, received = draw_state_and_date(rng, today, self.days, self.open_share)
            repeat = None
            if plans and rng.random() < REPEAT_SHARE:
                original_index = rng.randrange(len(plans))
                original = plans[original_index]
                if original.data.received_on < received and original.data.headcount == 1:
                    repeat = (original_index, original)
            due_in = draw_due_in(rng, state)
            plan = planner.plan(state, received, repeat=repeat, due_in=due_in)
            if plan.repeat_of is not None and plan.data.received_on <= plans[plan.repeat_of].data.received_on:
                plan = planner.plan(state, received, due_in=due_in)
            plans.append(plan)
            repeat_of_id = first_petition_id + plan.repeat_of if plan.repeat_of is not None else None
            row = rows.petition(plan, pid, self._code(), repeat_of_id, events)
            petitions.append(row)
            final = row[rows.P.state]
            states[final] = states.get(final, 0) + 1
            for position, person in enumerate(plan.data.petitioners):
                key = (person.id_number,) if person.id_number else (person.name, person.phone)
                known = person_ids.get(key)
                if known is None:
                    known = person_ids[key] = (next_person, person.name, person.phone, person.address)
                    next_person += 1
                    petitioners.append((known[0], person.name, person.id_number, person.phone, person.address,
                                        row[rows.P.registered_at]))
                # The party records the person as the record says (the first item of the batch that named him).
                parties.append((pid, known[0], *known[1:], person.is_representative, position))
            texts_.append((pid, search.document(row[rows.P.title], row[rows.P.content])))
            pid += 1
        return Batch(petitions, petitioners, parties, events, texts_, first_petition_id, first_petitioner_id, states)

    # ---- writing ------------------------------------------------------------------------------------------

    def write(self, batch: Batch) -> None:
        P = self.rows.P
        tables = [
            (Petitioner._meta.db_table, ["id", "name", "id_number", "phone", "address", "created_at"],
             batch.petitioners),
            (P.table, P.names, batch.petitions),
            (PetitionParty._meta.db_table,
             ["petition_id", "petitioner_id", "name", "phone", "address", "is_representative", "position"],
             batch.parties),
            (PetitionEvent._meta.db_table, ["petition_id", "kind", "at", "actor_id", "actor_label", "from_state",
                                            "to_state", "note", "data"], batch.events),
            (PetitionSearchText._meta.db_table, ["petition_id", "bigrams"], batch.search),
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            self._check_free(cursor, batch)
            for table, columns, rows in tables:
                if rows:
                    self._insert(cursor, table, columns, rows)
            if self.vendor == "sqlite" and batch.search:
                # The FTS5 index of petitions.search: rowid = petition id, the same bigram text.
                cursor.execute(
                    "INSERT INTO petition_fts(rowid, bigrams) SELECT petition_id, bigrams "
                    f"FROM {PetitionSearchText._meta.db_table} WHERE petition_id BETWEEN %s AND %s",
                    [batch.first_petition_id, batch.first_petition_id + len(batch.petitions) - 1],
                )
            elif self.vendor == "postgresql":
                for model in (Petition, Petitioner):
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )

    def _check_free(self, cursor, batch: Batch) -> None:
        if self.vendor == "postgresql":
            # Keep other writers of petitions out until the batch commits (readers are not blocked).
            cursor.execute(f"LOCK TABLE {Petition._meta.db_table}, {Petitioner._meta.db_table} IN EXCLUSIVE MODE")
        for model, first in ((Petition, batch.first_petition_id), (Petitioner, batch.first_petitioner_id)):
            cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")
            (highest,) = cursor.fetchone()
            if highest is not None and highest >= first:
                raise ConcurrentWrite(
                    f"{model._meta.db_table}: id {first} is taken (another process inserted rows meanwhile)"
                )

    def _insert(self, cursor, table: str, columns: list[str], rows: list) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({placeholders})",
                               rows)


def _produce(generator: Generator, count: int, next_petition: int, next_petitioner: int, queue) -> None:
    """The drawing process: puts ("batch", Batch) for each batch, or ("error", traceback) and stops."""
    try:
        for batch in generator._batches(count, next_petition, next_petitioner):
            queue.put(("batch", batch))
    except BaseException:  # report everything to the writing process, which raises it
        queue.put(("error", traceback.format_exc()))
