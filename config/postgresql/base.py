"""Django's PostgreSQL backend, with parameters bound on the server and the hot path's statements prepared.

Bound on the client (Django's default for psycopg 3), every statement reaches PostgreSQL as new text to parse,
analyse and plan. A registration's statements are the same every time with other values: its inserts
(``config.rows``), the same-person look-up and the session's look-up. Marked ``config.rows.Prepared``, each is
prepared once per connection and then only executed — a generic plan, which for an insert or a look-up by key is the
only plan there is. On the benchmark data that cut PostgreSQL's CPU per registration by about a third.

Nothing else is prepared (``prepare_threshold`` stays off): a list or a search planned once for all values could
keep a plan that suits one unit and not another, so they are planned for their values each time, as before.

A connection pooler in front of PostgreSQL must keep prepared statements per client (PgBouncer 1.21 and later with
``max_prepared_statements``, or session pooling).
"""

from __future__ import annotations

from django.db.backends.postgresql import base

from config.rows import Prepared


class PreparingCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and isinstance(query, Prepared):
            prepare = True
        return super().execute(query, params, prepare=prepare, binary=binary)


# psycopg prepares a statement when asked to, or once it has run it ``prepare_threshold`` times; with the threshold
# at None (Django's default) it prepares nothing at all, asked or not. Never by count, then; only when asked.
ONLY_WHEN_ASKED = 2**62


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.settings_dict["OPTIONS"].get("server_side_binding") is True:
            params["cursor_factory"] = PreparingCursor
            if params.get("prepare_threshold") is None:
                params["prepare_threshold"] = ONLY_WHEN_ASKED
        return params
