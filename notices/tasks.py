"""Background tasks of the outbox, run by the task worker (``manage.py db_worker``)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from . import delivery, outbox


@task()
def deliver(message_id: int) -> str:
    return delivery.deliver(message_id)


@task()
def tick() -> None:
    """Every few minutes: the day's alerts once the morning hour is reached, then whatever is due. It enqueues its
    successor first, so that a failing run does not stop the next."""
    now = timezone.now()
    if default_task_backend.supports_defer:
        minutes = int(settings.XINFANG.get("NOTICE_TICK_MINUTES", 5))
        tick.using(run_after=now + dt.timedelta(minutes=minutes)).enqueue()
    if timezone.localtime(now).hour >= int(settings.XINFANG.get("NOTICE_DAILY_HOUR", 8)):
        outbox.daily(now=now)
    delivery.deliver_due(now=now)
