"""What the dispute-screening figures cost the dashboard, at a year's disputes far above a county's (issue 13).

    DATABASE_URL=sqlite:////tmp/screening-bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/screening-bench.sqlite3 .venv/bin/python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/screening-bench.sqlite3 .venv/bin/python bench/bench_screening.py --disputes 20000

Adds ``--disputes`` synthetic disputes (each with one attempt; about 80% resolved) to the database's year, then, in
one process, times (median of 5 after a warm-up) the whole dashboard request of the bureau and, within it, the
screening part (``stats.screening.compute`` over the disputes the user sees), and reports the share. Run it only
on a scratch database: it writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from organisation.models import User  # noqa: E402
from screening.models import Dispute, DisputeType, ResolutionAttempt  # noqa: E402
from stats import screening  # noqa: E402
from stats.periods import Period  # noqa: E402


def add_disputes(n: int, year: int) -> None:
    rng = random.Random(13)
    template = Dispute.objects.select_related("responsible_unit").first()
    if template is None:
        raise SystemExit("load the demo first (manage.py load_demo)")
    places = list(Dispute.objects.values_list("place_id", "responsible_unit_id").distinct())
    types = list(DisputeType.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    serial = (Dispute.objects.filter(year=year).order_by("-serial").values_list("serial", flat=True).first() or 0)
    now = timezone.now()
    batch, attempts = [], []
    for i in range(n):
        found = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        place, unit = rng.choice(places)
        resolved = rng.random() < 0.8
        batch.append(Dispute(
            year=year, serial=serial + i + 1, found_by_unit_id=unit, found_on=found, place_id=place,
            type_id=rng.choice(types), title="基准测试纠纷", description="基准测试", people_involved=rng.randint(2, 9),
            risk_level="low", responsible_unit_id=unit, due_on=found + dt.timedelta(days=30),
            state="resolved" if resolved else "under_way", resolved_on=found + dt.timedelta(days=10) if resolved else None,
            created_at=now, created_by_id=template.created_by_id))
        if len(batch) == 2000 or i == n - 1:
            created = Dispute.objects.bulk_create(batch)
            if connection.vendor == "sqlite" or any(d.pk is None for d in created):
                created = list(Dispute.objects.filter(year=year, serial__gt=serial + i + 1 - len(batch))
                               .order_by("serial"))
            for d in created:
                if d.state == "resolved":
                    attempts.append(ResolutionAttempt(
                        dispute=d, method="peoples", by="调委会", on=d.resolved_on, result="resolved", text="调解",
                        recorded_by_id=template.created_by_id, recorded_at=now))
            ResolutionAttempt.objects.bulk_create(attempts)
            batch, attempts = [], []


def median_ms(run, rounds: int = 5) -> float:
    run()
    times = []
    for _n in range(rounds):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--disputes", type=int, default=20000)
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    args = parser.parse_args()
    if args.disputes:
        add_disputes(args.disputes, args.year)
    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.get(username="supervisor")
    client = Client()
    client.force_login(user)
    url = f"/stats/?kind=year&year={args.year}"
    assert client.get(url).status_code == 200
    visible = Dispute.objects.visible_to(user)
    dashboard = median_ms(lambda: client.get(url))
    part = median_ms(lambda: screening.compute(Period.year(args.year), None, disputes=visible))
    found = screening.compute(Period.year(args.year), None, disputes=visible).found
    print(f"{connection.vendor}: {found} disputes found in {args.year}; dashboard {dashboard:.0f} ms, "
          f"screening figures {part:.0f} ms ({part / dashboard:.0%} of the page)")


if __name__ == "__main__":
    main()
