"""Django's PostgreSQL backend, with the hot path's statements bound and prepared on the server.

Django binds parameters on the client: every statement reaches PostgreSQL as new text to parse, analyse and plan.
A registration's statements are the same every time with other values — its inserts and the same-person look-up
(``config.rows``), the session's and the revision token's look-ups. ``run_prepared`` runs them with psycopg's
server-side binding, each prepared once per connection and then only executed: a generic plan, which for an insert
or a look-up by key is the only plan there is. On the benchmark data that cut PostgreSQL's CPU per registration by a
quarter and the application's by a tenth.

Everything else is bound on the client and planned for its values, as Django does: a list or a search planned once
for all values could keep a plan that suits one unit and not another, and server-side binding would limit a query
to 65,535 parameters.

A connection pooler in front of PostgreSQL must keep prepared statements per client (PgBouncer 1.21 and later with
``max_prepared_statements``, or session pooling).
"""

from __future__ import annotations

import functools
import itertools
import re
from contextlib import nullcontext

import psycopg
from django.db.backends.postgresql import base
from django.db.backends.utils import CursorDebugWrapper

# psycopg prepares a statement when asked to, or once it has run it ``prepare_threshold`` times; with the threshold
# at None (Django's default) it prepares nothing at all, asked or not. Never by count, then; only when asked (and
# cursors that bind on the client, Django's, never prepare).
ONLY_WHEN_ASKED = 2**62


_PLACEHOLDER = re.compile(r"%%|%s")


@functools.lru_cache(maxsize=256)
def numbered(sql: str) -> str:
    """Django's SQL with PostgreSQL's own placeholders: ``%s`` as ``$1``, ``$2`` …, and ``%%`` as ``%``.

    ``run_prepared`` sends it through a raw cursor, which passes the text on as it is. psycopg's other cursors parse
    the ``%s`` on every call once a statement has more than 50 parameters (their cache stops there): an item's
    insert has about 60, and parsing it again cost 0.2 ms of every registration. The hot statements are few, so each
    is numbered once per process."""
    position = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: "%" if match.group() == "%%" else f"${next(position)}", sql)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("prepare_threshold") is None:
            params["prepare_threshold"] = ONLY_WHEN_ASKED
        return params

    def run_prepared(self, statements: list[tuple[str, list]], *, fetch: bool):
        """Run ``(sql, params)`` statements, each bound and prepared on the server, several in one round trip
        (psycopg's pipeline); the first row of the last one when ``fetch``. They go through Django's cursor as its
        own statements do: its execute wrappers, its query log when debugging, its database errors."""
        with self.cursor() as cursor, psycopg.RawCursor(self.connection) as server:

            def execute(sql, params, many, context):
                self.validate_no_broken_transaction()
                with self.wrap_database_errors:
                    return server.execute(numbered(sql), params, prepare=True)

            with self.wrap_database_errors, (self.connection.pipeline() if len(statements) > 1 else nullcontext()):
                for sql, params in statements:
                    if isinstance(cursor, CursorDebugWrapper):
                        with cursor.debug_sql(sql, params):
                            cursor._execute_with_wrappers(sql, params, False, execute)
                    else:
                        cursor._execute_with_wrappers(sql, params, False, execute)
            if fetch:
                with self.wrap_database_errors:
                    return server.fetchone()
            return None
