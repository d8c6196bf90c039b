"""Reads of the login throttle: the policy (``XINFANG["LOGIN_..."]``) and the lock that refuses a login now.

Wrong passwords are counted twice, for the account (the user name typed) and for the client address (the portal's
rule, ``portal.selectors.client_address``): the account's count stops guessing one password, the address's count
stops trying a few common passwords on many accounts. A township office may log in from behind one address, so the
address may fail several times as often as an account before it is locked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext

from .models import LoginScope, LoginThrottle


def max_failures(scope: str) -> int:
    """Wrong passwords within the window that lock the account, or the address."""
    name = "LOGIN_ACCOUNT_MAX_FAILURES" if scope == LoginScope.ACCOUNT else "LOGIN_ADDRESS_MAX_FAILURES"
    return int(settings.XINFANG[name])


def failure_window() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.XINFANG["LOGIN_FAILURE_WINDOW_SECONDS"]))


def lock_duration(lockouts: int) -> dt.timedelta:
    """How long a lock lasts when ``lockouts`` locks came before it in a row: longer each time, then capped."""
    minutes = settings.XINFANG["LOGIN_LOCK_MINUTES"]
    return dt.timedelta(minutes=minutes[min(lockouts, len(minutes) - 1)])


def lock_memory() -> dt.timedelta:
    """A quiet spell after which earlier locks are forgotten, and the next lock is again the shortest."""
    return dt.timedelta(seconds=int(settings.XINFANG["LOGIN_LOCK_RESET_SECONDS"]))


@dataclass(frozen=True)
class LoginLock:
    scope: str
    until: dt.datetime

    @property
    def message(self) -> str:
        """What the login page says, with the time the lock ends (the time of day, local time)."""
        time = time_format(timezone.localtime(self.until), "H:i")
        if self.scope == LoginScope.ACCOUNT:
            text = gettext("This account is temporarily locked after repeated wrong passwords. Please try again "
                           "after %(time)s, or ask the system administrator to unlock it.")
        else:
            text = gettext("Logins from your network are temporarily locked after repeated wrong passwords. Please "
                           "try again after %(time)s, or ask the system administrator to unlock them.")
        return text % {"time": time}


def login_throttles(*, username: str, address: str) -> dict[str, LoginThrottle]:
    """The rows counting wrong passwords for this account and from this address, by scope (none, one or both)."""
    rows = LoginThrottle.objects.filter(
        Q(scope=LoginScope.ACCOUNT, key=username) | Q(scope=LoginScope.ADDRESS, key=address)
    )
    return {row.scope: row for row in rows}


def login_lock(throttles: dict[str, LoginThrottle], *, now: dt.datetime) -> LoginLock | None:
    """The lock that refuses the login at ``now`` (the account's before the address's), or None."""
    for scope in (LoginScope.ACCOUNT, LoginScope.ADDRESS):
        row = throttles.get(scope)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            return LoginLock(scope=scope, until=row.locked_until)
    return None
