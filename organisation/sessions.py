"""Django's database sessions, loaded with one plain query.

Building the ORM query for the session row was about a tenth of a short request's time; the row, the expiry rule and
everything else are Django's own (``django.contrib.sessions.backends.db``).

The same query reads the reference data's revision token, which every request of a logged-in user reads next
(``organisation.revision``): one round trip instead of two.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from config import rows

from . import revision


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        row = rows.execute(
            connection,
            f"SELECT session_data, ({revision.TOKEN_QUERY}) FROM {model._meta.db_table} "  # noqa: S608
            "WHERE session_key = %s AND expire_date > %s",
            [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        if row is None:
            self._session_key = None
            return None
        if connection.alias == revision.connection.alias:
            revision.read_with_request(row[1])
        return model(session_key=self.session_key, session_data=row[0])
