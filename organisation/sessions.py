"""Django's database sessions, loaded with one plain query.

Building the ORM query for the session row was about a tenth of a short request's time; the row and everything else
are Django's own (``django.contrib.sessions.backends.db``).

The same query reads the reference data's revision token, which every request of a logged-in user reads next
(``organisation.revision``): one round trip instead of two.

A session ends after ``SESSION_COOKIE_AGE`` without a request. Rather than writing the row on every request
(``SESSION_SAVE_EVERY_REQUEST``), a request writes it again — pushing its expiry back to a full age from now — only
when it was last written more than ``XINFANG["SESSION_REFRESH_SECONDS"]`` ago, which the same query tells by its
expiry. An idle session therefore ends between ``SESSION_COOKIE_AGE`` minus the refresh interval and
``SESSION_COOKIE_AGE`` after its last request.
"""

import datetime as dt

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from config import rows

from . import revision


def _refresh_due_before(now: dt.datetime) -> dt.datetime:
    """A row expiring before this was written more than the refresh interval ago."""
    return now + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - int(settings.XINFANG["SESSION_REFRESH_SECONDS"]))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = timezone.now()
        adapt = connection.ops.adapt_datetimefield_value
        row = rows.execute(
            connection,
            f"SELECT session_data, ({revision.TOKEN_QUERY}), expire_date < %s FROM {model._meta.db_table} "  # noqa: S608
            "WHERE session_key = %s AND expire_date > %s",
            [adapt(_refresh_due_before(now)), self.session_key, adapt(now)],
        )
        if row is None:
            self._session_key = None
            return None
        if connection.alias == revision.connection.alias:
            revision.read_with_request(row[1])
        if row[2]:
            self.modified = True  # saved again at the end of the request (SessionMiddleware), with a new expiry
        return model(session_key=self.session_key, session_data=row[0])
