"""Benchmark of issue 3: a year's statistics over a million petitions, side by side with DuckDB.

Reports (per database):
- one year's full statistics (``stats.figures.compute``: volume, decisions, handling, breakdowns, year-on-year and
  period-on-period): median and best of several runs, in this process;
- the dashboard page through HTTP (gunicorn, Server-Timing header), when ``--dashboard`` names its path;
- DuckDB computing the same passes (intake by every dimension, decisions, handling per unit, and the two comparison
  periods' intake) over the same rows, copied into an in-memory DuckDB table in the same run. The totals of both
  are compared, so a difference in definitions shows up as an error, not as a speed-up.

Usage (after ``bench/bench_petitions.py`` has generated the data):
    .venv/bin/pip install -r requirements-bench.txt
    .venv/bin/python bench/bench_stats.py --db sqlite   --year 2026
    .venv/bin/python bench/bench_stats.py --db postgres --year 2026
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

COLUMNS = [
    "id", "channel", "received_on", "received_level", "is_collective", "is_repeat", "content_type", "category_id",
    "place_id", "headcount", "decided_on", "decision_due_on", "accepted_on", "forwarded_to_id", "decline_reason",
    "replied_on", "handling_due_on", "responsible_unit_id", "satisfaction", "evaluated_at",
]


def timed(function, runs: int) -> tuple[object, list[float]]:
    function()  # warm-up: caches, prepared statements, page cache
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return result, times


def summary(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 1), "best_ms": round(min(times), 1), "runs": len(times)}


def export_rows(path: Path) -> int:
    """Copy the columns the statistics read into a CSV file (the DuckDB side loads it)."""
    from django.db import connection

    count = 0
    with open(path, "w", newline="", encoding="utf-8") as f, connection.cursor() as cursor:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM petitions_petition")
        while rows := cursor.fetchmany(20_000):
            writer.writerows(rows)
            count += len(rows)
    return count


DUCKDB_PASSES = {
    "intake": """
        SELECT channel, received_level, is_collective, is_repeat, content_type, category_id, place_id,
               count(*) AS items, sum(headcount) AS persons
        FROM petition WHERE received_on BETWEEN $start AND $cutoff
        GROUP BY ALL""",
    "decisions": """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE decided_on <= decision_due_on) AS on_time,
               count(*) FILTER (WHERE accepted_on IS NOT NULL) AS assigned,
               count(*) FILTER (WHERE accepted_on IS NULL AND replied_on IS NOT NULL) AS answered,
               count(*) FILTER (WHERE forwarded_to_id IS NOT NULL) AS forwarded,
               count(*) FILTER (WHERE coalesce(decline_reason, '') <> '') AS declined
        FROM petition WHERE decided_on BETWEEN $start AND $cutoff""",
    "assigned": """
        SELECT responsible_unit_id, count(*) AS assigned, count(*) FILTER (WHERE replied_on <= $cutoff) AS assigned_closed
        FROM petition WHERE accepted_on BETWEEN $start AND $cutoff GROUP BY ALL""",
    "due": """
        SELECT responsible_unit_id,
               count(*) FILTER (WHERE replied_on <= handling_due_on) AS on_time,
               count(*) FILTER (WHERE replied_on > handling_due_on AND replied_on <= $cutoff) AS late,
               count(*) FILTER (WHERE (replied_on IS NULL OR replied_on > $cutoff) AND handling_due_on < $overdue_on) AS overdue
        FROM petition WHERE handling_due_on BETWEEN $start AND $cutoff GROUP BY ALL""",
    "replied": """
        SELECT responsible_unit_id, count(*) AS replied,
               count(*) FILTER (WHERE accepted_on IS NULL) AS answered,
               count(*) FILTER (WHERE content_type <> 'accusation' AND coalesce(decline_reason, '') <> 'legal_procedure') AS eligible,
               count(*) FILTER (WHERE content_type <> 'accusation' AND coalesce(decline_reason, '') <> 'legal_procedure'
                                AND evaluated_at < $evaluated_before AND coalesce(satisfaction, '') <> '') AS evaluated
        FROM petition WHERE replied_on BETWEEN $start AND $cutoff GROUP BY ALL""",
}


def duckdb_side(csv_path: Path, period, cutoff: dt.date, as_of: dt.date, bases: list, runs: int) -> dict:
    import duckdb

    db = duckdb.connect()
    started = time.perf_counter()
    db.execute(f"CREATE TABLE petition AS SELECT * FROM read_csv('{csv_path}', header=true)")
    load_ms = (time.perf_counter() - started) * 1000
    overdue_on = min(period.end + dt.timedelta(days=1), as_of)
    params = {"start": period.start, "cutoff": cutoff, "overdue_on": overdue_on,
              "evaluated_before": dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min)}

    def run():
        out = {name: db.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()
               for name, sql in DUCKDB_PASSES.items()}
        for i, base in enumerate(bases):  # the comparison periods' intake, as compute() does
            out[f"base{i}"] = db.execute(DUCKDB_PASSES["intake"], {"start": base.start, "cutoff": base.end}).fetchall()
        return out

    result, times = timed(run, runs)
    intake = result["intake"]
    return {
        "load_ms": round(load_ms), **summary(times), "duckdb_version": duckdb.__version__,
        "totals": {"items": sum(r[7] for r in intake), "persons": sum(r[8] for r in intake),
                   "decisions": result["decisions"][0][0], "assigned": sum(r[1] for r in result["assigned"]),
                   "replied": sum(r[1] for r in result["replied"])},
    }


def dashboard_times(db: str, path: str, repeat: int) -> dict:
    from bench_petitions import Client, Server, server_ms

    server = Server(db)
    try:
        client = Client(server, "supervisor")
        client.get(path)
        times = []
        for _ in range(repeat):
            response, _body = client.get(path)
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            times.append(server_ms(response))
    finally:
        server.stop()
    return summary(times)


def main():
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--year", type=int, default=today.year)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=today)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dashboard", help="path of the dashboard page to time through HTTP, e.g. /stats/?period=2026")
    args = parser.parse_args()

    from bench_petitions import env_for

    os.environ.update(env_for(args.db))
    import django

    django.setup()
    from stats.figures import base_period, compute
    from stats.periods import Period
    from stats.values import Comparing

    period = Period.parse(str(args.year))
    cutoff = min(period.end, args.as_of)
    result = {"db": args.db, "year": args.year, "as_of": args.as_of.isoformat(), "date": time.strftime("%Y-%m-%d %H:%M"),
              "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"}

    figures, times = timed(lambda: compute(period, as_of=args.as_of), args.runs)
    result["year_statistics"] = summary(times)
    result["items_in_year"] = figures.volume.items

    bases = [base_period(kind, period, cutoff) for kind in (Comparing.YEAR_ON_YEAR, Comparing.PERIOD_ON_PERIOD)]
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "petitions.csv"
        started = time.perf_counter()
        result["rows_copied_to_duckdb"] = export_rows(csv_path)
        result["copy_to_csv_s"] = round(time.perf_counter() - started, 1)
        duck = duckdb_side(csv_path, period, cutoff, args.as_of, bases, args.runs)
    result["duckdb_same_passes"] = duck
    ours = {"items": figures.volume.items, "persons": None, "decisions": figures.decisions.total,
            "assigned": figures.handling.assigned, "replied": figures.handling.replied}
    mismatches = {k: (v, duck["totals"][k]) for k, v in ours.items() if v is not None and v != duck["totals"][k]}
    if mismatches:
        raise SystemExit(f"figures differ from DuckDB's: {mismatches}")
    result["ratio_to_duckdb"] = round(result["year_statistics"]["median_ms"] / duck["median_ms"], 2)
    if args.dashboard:
        result["dashboard"] = dashboard_times(args.db, args.dashboard, repeat=10)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / f"stats-{args.db}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
