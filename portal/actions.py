"""Writes of the public page: the counts behind the guard against guessing query codes (STYLE.md §1).

The rule itself — the allowance, the growing delay and the page-wide budget, with its arithmetic — is described in
``portal/selectors.py`` and docs/security.md. Petition writes from the public page (evaluation, review requests) are
the actions of ``petitions.actions``, called with ``actor=None``.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from .models import PortalFailureHour, PortalLookup, PortalThrottle
from .selectors import allowance, credit_addresses_per_item, credit_period, delay_after, failure_window, hour_of


def throttle_record_failure(*, ip: str, now: dt.datetime) -> PortalThrottle:
    """Count one wrong query code from ``ip``, and for the page as a whole.

    A window that has ended starts again at ``now``. Beyond the address's allowance (``selectors.allowance``) each
    wrong code sets the address's next try further off: the first delay, doubled each time, at most the longest.
    The row is locked (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE mode), so concurrent
    requests from several processes never lose a count; the page-wide count is one ``UPDATE … + 1``.
    """
    window = failure_window()
    with transaction.atomic():
        row, created = PortalThrottle.objects.select_for_update().get_or_create(
            ip=ip, defaults={"window_start": now, "failures": 1}
        )
        if created:
            # Rows whose window ended and whose delay is over are of no further use; removing them here keeps the
            # table small.
            PortalThrottle.objects.filter(window_start__lte=now - window).filter(
                Q(next_try_at__isnull=True) | Q(next_try_at__lte=now)
            ).exclude(pk=row.pk).delete()
        elif row.window_start + window <= now:
            row.window_start, row.failures = now, 1
        else:
            row.failures += 1
        excess = row.failures - allowance(ip, now=now)
        if excess > 0:
            # A later time only: a concurrent failure may have set a longer delay already.
            row.next_try_at = max(now + delay_after(excess), row.next_try_at or now)
        row.save(update_fields=["window_start", "failures", "next_try_at"])
        _count_page_wide(now)
        return row


def _count_page_wide(now: dt.datetime) -> None:
    hour = hour_of(now)
    if PortalFailureHour.objects.filter(hour=hour).update(failures=F("failures") + 1):
        return
    try:
        with transaction.atomic():
            PortalFailureHour.objects.create(hour=hour, failures=1)
    except IntegrityError:  # another process counted the hour's first failure at the same moment
        PortalFailureHour.objects.filter(hour=hour).update(failures=F("failures") + 1)
        return
    # The hour's first failure: earlier hours and credit older than the credit period are of no further use.
    PortalFailureHour.objects.filter(hour__lt=hour).delete()
    PortalLookup.objects.filter(at__lte=now - credit_period()).delete()


def throttle_record_success(*, ip: str, petition, now: dt.datetime) -> None:
    """Credit ``ip`` with ``petition``, found with its right code (``selectors.credit``).

    An item credits at most ``PORTAL_CREDIT_ADDRESSES_PER_ITEM`` addresses within the credit period (the
    petitioner's home, the township office, the bureau): a known code looked up from a crowd of addresses earns
    credit for a few of them only. A right code never takes earlier wrong ones away.
    """
    since = now - credit_period()
    if PortalLookup.objects.filter(ip=ip, petition=petition, at__gt=since).update(at=now):
        return
    others = PortalLookup.objects.filter(petition=petition, at__gt=since).exclude(ip=ip)
    if others.count() >= credit_addresses_per_item():
        return
    PortalLookup.objects.update_or_create(ip=ip, petition=petition, defaults={"at": now})
