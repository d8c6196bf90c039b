"""Writes of the public page: the throttle of wrong query codes (STYLE.md §1).

Petition writes from the public page (evaluation, review requests) are the actions of ``petitions.actions``,
called with ``actor=None``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import PortalThrottle
from .selectors import failure_window


def throttle_record_failure(*, ip: str, now: dt.datetime) -> PortalThrottle:
    """Count one wrong query code from ``ip``; a window that has ended starts again at ``now``.

    The row is locked (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE mode), so
    concurrent requests from several processes never lose a count.
    """
    window = failure_window()
    with transaction.atomic():
        row, created = PortalThrottle.objects.select_for_update().get_or_create(
            ip=ip, defaults={"window_start": now, "failures": 1}
        )
        if created:
            # Rows whose window ended are of no further use; removing them here keeps the table small.
            PortalThrottle.objects.filter(window_start__lte=now - window).exclude(pk=row.pk).delete()
            return row
        if row.window_start + window <= now:
            row.window_start, row.failures = now, 1
        else:
            row.failures += 1
        row.save(update_fields=["window_start", "failures"])
        return row
