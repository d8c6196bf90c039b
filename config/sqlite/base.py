"""Django's SQLite backend, with write transactions queued by the operating system instead of SQLite's busy handler.

Every transaction here begins ``IMMEDIATE`` (it takes SQLite's write lock at once). When another process holds that
lock, SQLite's busy handler sleeps and retries — 1, 2, 5, 10 … ms — so under several concurrent writers (gunicorn's
workers registering at the same time) the lock stood idle while waiting writers slept. Here a writer first takes an
exclusive ``flock`` on a file beside the database and holds it until its commit or rollback: the others wait in the
kernel and the next one starts the moment the lock is free. Autocommit statements outside a transaction do not take
it (they wait for SQLite's lock as before), and readers never wait (WAL). Without ``fcntl`` (Windows) or for an
in-memory database this is Django's backend unchanged.
"""

from __future__ import annotations

import os

from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writing = False

    def _writer_lock(self) -> int | None:
        if fcntl is None or self.is_in_memory_db():
            return None
        if self._writer_fd is None:
            self._writer_fd = os.open(f"{self.settings_dict['NAME']}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
        return self._writer_fd

    def _start_transaction_under_autocommit(self):
        fd = self._writer_lock()
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._writing = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_writing()
            raise

    def _end_writing(self):
        if self._writing:
            self._writing = False
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_writing()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_writing()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_writing()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None
