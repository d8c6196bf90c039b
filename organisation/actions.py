"""Writes of the login throttle (STYLE.md §1): count a wrong password, forget an account's count when it logs in,
unlock. Every lock, refusal and unlock is logged to ``organisation.security``.

A lock lasts the next of ``XINFANG["LOGIN_LOCK_MINUTES"]`` (1, 5, 15, 60 minutes, the last repeating): each time the
limit of wrong passwords is reached again before a quiet day has passed, the lock is longer.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import LoginScope, LoginThrottle
from .selectors import failure_window, lock_duration, lock_memory, max_failures

security = logging.getLogger("organisation.security")


def login_record_failure(*, username: str, address: str, now: dt.datetime) -> dict[str, LoginThrottle]:
    """Count one wrong password for ``username`` and from ``address``; lock either when it reaches its limit.

    Each row is locked (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE mode), so concurrent
    failures in several processes never lose a count; the account's row is always locked before the address's, so
    two such transactions never wait for each other.
    """
    security.info("Wrong password for account %r from %s", username, address)
    with transaction.atomic():
        counted = {scope: _count(scope, key, now=now)
                   for scope, key in ((LoginScope.ACCOUNT, username), (LoginScope.ADDRESS, address))}
        # Rows quiet for longer than the lock memory have nothing left to say (their locks ended long ago).
        LoginThrottle.objects.filter(last_failure__lte=now - lock_memory()).delete()
    for row, locked_now in counted.values():
        if locked_now:
            security.warning("Login locked for %s %r until %s (lock %d in a row)", row.scope, row.key,
                             timezone.localtime(row.locked_until).isoformat(timespec="seconds"), row.lockouts)
    return {scope: row for scope, (row, _locked_now) in counted.items()}


def _count(scope: str, key: str, *, now: dt.datetime) -> tuple[LoginThrottle, bool]:
    """The row with this failure counted, and whether it locked the account or address."""
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(scope=scope, key=key, window_start=now, last_failure=now)], ignore_conflicts=True
    )
    row = LoginThrottle.objects.select_for_update().get(scope=scope, key=key)
    if row.locked_until is not None and row.locked_until > now:
        return row, False  # locked by a concurrent request meanwhile: the lock stands as it is
    if row.last_failure <= now - lock_memory():
        row.lockouts = 0
    if row.failures == 0 or row.window_start + failure_window() <= now:
        row.failures, row.window_start = 1, now
    else:
        row.failures += 1
    row.last_failure = now
    locks = row.failures >= max_failures(scope)
    if locks:
        row.locked_until = now + lock_duration(row.lockouts)
        row.lockouts += 1
        row.failures = 0  # the next count starts with the first wrong password after the lock
    row.save(update_fields=["failures", "window_start", "last_failure", "locked_until", "lockouts"])
    return row, locks


def login_record_refusal(*, username: str, address: str, scope: str) -> None:
    """A login tried during a lock: refused without looking at the password, and not counted."""
    security.info("Login refused during a lock of the %s: account %r from %s", scope, username, address)


def login_record_success(*, username: str) -> None:
    """The account's own password was typed: its count and earlier locks are forgotten (the address's are not,
    or any one valid account would let its holder go on guessing others' passwords from the same address)."""
    LoginThrottle.objects.filter(scope=LoginScope.ACCOUNT, key=username).delete()


def login_unlock(*, actor, throttles: QuerySet[LoginThrottle]) -> int:
    """An administrator lifts locks (and forgets their counts): the accounts or addresses may log in at once."""
    with transaction.atomic():
        unlocked = list(throttles.select_for_update().values_list("pk", "scope", "key"))
        LoginThrottle.objects.filter(pk__in=[pk for pk, _scope, _key in unlocked]).delete()
    for _pk, scope, key in unlocked:
        security.warning("Login unlocked for %s %r by %s", scope, key, actor.get_username())
    return len(unlocked)
