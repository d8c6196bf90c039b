"""The daily rollups against the direct passes, on a copy of the benchmark data (never on the data of record).

    XINFANG_DATA_DIR=/tmp/copy .venv/bin/python bench/bench_rollup.py            # SQLite copy
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/copy .venv/bin/python bench/bench_rollup.py

Reports, in this process:
- a year's full statistics (``compute(Period.parse(year), as_of=…)``, as ``bench_stats.py`` times it) from the
  rollups and from the direct passes (``queries.USE_ROLLUPS = False``, main's queries), in alternating rounds;
  the two results must be equal;
- registration (``actions.petition_register``, each in its own transaction) and assignment with the triggers and
  without them (dropped for the batch), in alternating batches: the cost the triggers add. The items registered stay
  in the copy; the triggers are put back and the rollups refilled at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 27))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--registrations", type=int, default=100, help="per batch")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection

    from organisation.models import Unit
    from petitions import actions
    from petitions.access import RecordedFromLedger
    from petitions.models import Category
    from stats import queries, rollup
    from stats.figures import compute
    from stats.periods import Period
    from stats.serialize import as_dict

    period = Period.parse(str(args.year))
    result = {"db": connection.vendor, "year": args.year, "as_of": args.as_of.isoformat()}

    def year():
        return compute(period, as_of=args.as_of)

    def timed(runs):
        year()  # warm-up
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            figures = year()
            times.append((time.perf_counter() - started) * 1000)
        return figures, times

    times = {"rollups": [], "direct": []}
    figures = {}
    for _ in range(args.rounds):
        for mode in ("direct", "rollups"):
            queries.USE_ROLLUPS = mode == "rollups"
            figures[mode], t = timed(args.runs)
            times[mode] += t
    queries.USE_ROLLUPS = True
    if as_dict(figures["rollups"]) != as_dict(figures["direct"]):
        raise SystemExit("the figures from the rollups differ from the direct passes'")
    result["items_in_year"] = figures["rollups"].volume.items
    result["year_statistics_ms"] = {
        mode: {"median": round(statistics.median(t), 1), "best": round(min(t), 1), "runs": len(t)}
        for mode, t in times.items()
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT COUNT(*) FROM stats_intakeday), (SELECT COUNT(*) FROM stats_categoryday), "
                       "(SELECT COUNT(*) FROM stats_placeday), (SELECT COUNT(*) FROM stats_decisionday)")
        result["rollup_rows"] = dict(zip(("intake", "category", "place", "decision"), cursor.fetchone(), strict=True))

    # Registration and assignment, with and without the triggers, in alternating batches.
    from django.contrib.auth import get_user_model

    registrar = get_user_model().objects.get(username="registrar")
    ledger = RecordedFromLedger(registrar)
    place = Unit.objects.get(name="化子坪镇")
    category = Category.objects.filter(parent__isnull=True).order_by("pk").first()
    today = args.as_of
    writes = {"triggers": {"register": [], "assign": []}, "none": {"register": [], "assign": []}}
    counter = [0]

    def batch(kind):
        registered = []
        started = time.perf_counter()
        for _ in range(args.registrations):
            counter[0] += 1
            n = counter[0]
            data = actions.RegistrationData(
                channel="letter", received_on=today, title=f"反映拖欠工资问题{n}",
                content=f"某建筑工地拖欠农民工工资，涉及金额{n}元，请求协调解决。", content_type="appeal_demand",
                category=category, place=place,
                petitioners=[actions.PetitionerData(name="测试人", phone=f"139{n:08d}")],
            )
            registered.append(actions.petition_register(actor=registrar, data=data, on=today))
        writes[kind]["register"].append((time.perf_counter() - started) * 1000 / args.registrations)
        started = time.perf_counter()
        for p in registered:
            actions.petition_assign(actor=ledger, petition=p, unit=place, on=today)
        writes[kind]["assign"].append((time.perf_counter() - started) * 1000 / args.registrations)

    try:
        batch("triggers")  # warm-up
        writes["triggers"] = {"register": [], "assign": []}
        for _ in range(args.rounds):
            rollup.drop(connection)
            batch("none")
            rollup.install(connection)
            batch("triggers")
    finally:
        rollup.install(connection)
        rollup.rebuild(connection)
    assert rollup.in_step(connection)
    result["per_item_ms"] = {
        kind: {action: round(statistics.median(t), 2) for action, t in actions_.items()}
        for kind, actions_ in writes.items()
    }
    result["write_ratio_triggers_to_none"] = {
        action: round(statistics.median(writes["triggers"][action]) / statistics.median(writes["none"][action]), 3)
        for action in ("register", "assign")
    }
    result["batches"] = writes
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
