"""Reference data kept in each process until it changes: units, staff users, categories, the deadline policy and
the working-day calendar.

Every request reads some of them (the user and his unit, the forms' option lists, the policy and calendar behind
every due date), and they change a few times a day at most. Rather than asking the database for them on every
request, a process keeps what it has read, tagged with the *revision token*: database triggers on their tables draw
a new random token into the one row of ``organisation_referencerevision`` whenever a row of them is inserted,
updated or deleted — by the application, the admin site, an import, a bulk update or raw SQL alike — in the
transaction of the change. A process reads the token once per request (one primary-key look-up) and builds again
whatever was kept under another token, so every request sees the reference data as committed when it started,
as if it had read it itself.

Nothing read inside a transaction is kept: it may be a change of that transaction, not committed, perhaps rolled
back. Tests, which run inside a transaction, therefore read through; ``tests/organisation/test_revision.py`` tests
the keeping itself.

The triggers are (re)installed after every ``migrate`` (``ensure``): SQLite drops a table's triggers when a
migration rebuilds the table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import post_delete, post_save

from config import rows

TABLE = "organisation_referencerevision"
# The models whose rows are reference data: a change to any of them changes the token.
MODELS = ("organisation.Unit", "organisation.User", "petitions.Category", "workdays.DeadlinePolicy",
          "workdays.CalendarOverride")
# Columns no kept value depends on, whose updates alone leave the token as it is: every login writes the user's
# last_login, and would otherwise make every process read all the reference data again.
UNKEPT = {"organisation.User": ("last_login",)}

T = TypeVar("T")
_UNREAD = object()
_kept: dict[str, tuple[int, object]] = {}  # key -> (token it was built under, value)
_request = threading.local()  # token: read once per request; in_request: whether one is running on this thread


TOKEN_QUERY = f"SELECT token FROM {TABLE} WHERE id = 1"  # noqa: S608 (a constant)


def token() -> int | None:
    """The current revision token (None when the row is missing, e.g. after a flush: then nothing is kept)."""
    memo = getattr(_request, "token", _UNREAD)
    if memo is not _UNREAD:
        return memo
    row = rows.execute(connection, TOKEN_QUERY, [])
    value = row[0] if row else None
    read_with_request(value)
    return value


def read_with_request(value: int | None) -> None:
    """The token as a query of this request read it (the session's look-up reads it too): kept for the rest of the
    request, unless it was read already."""
    if getattr(_request, "in_request", False) and getattr(_request, "token", _UNREAD) is _UNREAD:
        _request.token = value


def kept(key: str, build: Callable[[], T]) -> T:
    """``build()``'s value, kept in this process until the reference data changes. The value is shared by every
    request of the process: treat it as read-only."""
    if connection.in_atomic_block:
        return build()
    current = token()
    if current is None:
        return build()
    hit = _kept.get(key)
    if hit is not None and hit[0] == current:
        return hit[1]
    value = build()
    # Built after the token was read, so from data at least as new as the token says: safe to keep under it.
    _kept[key] = (current, value)
    return value


def forget(sender=None, update_fields=None, **_kwargs) -> None:
    """Drop what this process keeps and read the token again (a change made in this process, in this request)."""
    if sender is not None and update_fields and set(update_fields) <= set(UNKEPT.get(sender._meta.label, ())):
        return  # e.g. a login: the same change leaves the token as it is (the triggers)
    _kept.clear()
    _request.token = _UNREAD


def _request_started(**_kwargs) -> None:
    _request.in_request = True
    _request.token = _UNREAD


def _request_finished(**_kwargs) -> None:
    _request.in_request = False
    _request.token = _UNREAD


def connect_signals() -> None:
    request_started.connect(_request_started, dispatch_uid="revision-request-started")
    request_finished.connect(_request_finished, dispatch_uid="revision-request-finished")
    for label in MODELS:
        model = apps.get_model(label)
        post_save.connect(forget, sender=model, dispatch_uid=f"revision-forget-save-{label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"revision-forget-delete-{label}")


def _random(vendor: str) -> str:
    return "(random() * 9.2e18)::bigint" if vendor == "postgresql" else "random()"


def _trigger_sql(vendor: str, tables: dict[str, list[str] | None]) -> list[str]:
    """``tables``: each table and the columns whose update changes the token (None: any)."""
    bump = (f"INSERT INTO {TABLE} (id, token) VALUES (1, {_random(vendor)}) "
            f"ON CONFLICT (id) DO UPDATE SET token = excluded.token;")

    def update(columns):
        return f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"

    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION reference_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {bump} RETURN NULL; END $$",
            *(statement for table, columns in tables.items() for statement in (
                f"DROP TRIGGER IF EXISTS {table}_revision ON {table}",
                f"CREATE TRIGGER {table}_revision AFTER INSERT OR {update(columns)} OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION reference_revision_bump()",
            )),
        ]
    return [
        statement
        for table, columns in tables.items()
        for event in ("INSERT", "UPDATE", "DELETE")
        for statement in (
            f"DROP TRIGGER IF EXISTS {table}_revision_{event.lower()}",
            f"CREATE TRIGGER {table}_revision_{event.lower()} AFTER "
            f"{update(columns) if event == 'UPDATE' else event} ON {table} BEGIN {bump} END",
        )
    ]


def _watched_columns(model) -> list[str] | None:
    unkept = UNKEPT.get(model._meta.label)
    if not unkept:
        return None
    return [f.column for f in model._meta.concrete_fields if f.name not in unkept]


def ensure(using: str = "default", **_kwargs) -> None:
    """Install the triggers where they are missing and draw a new token (after every ``migrate``)."""
    from django.db import connections

    conn = connections[using]
    existing = set(conn.introspection.table_names())
    if TABLE not in existing:
        return  # migrating backwards past the table
    models = [apps.get_model(label) for label in MODELS]
    tables = {m._meta.db_table: _watched_columns(m) for m in models if m._meta.db_table in existing}
    with conn.cursor() as cursor:
        for statement in _trigger_sql(conn.vendor, tables):
            cursor.execute(statement)
        # A new token: whatever changed while the triggers were missing is read again by every process.
        cursor.execute(f"INSERT INTO {TABLE} (id, token) VALUES (1, {_random(conn.vendor)}) "
                       "ON CONFLICT (id) DO UPDATE SET token = excluded.token")
    forget()
