"""What counting the attachments costs the petition ledger export (issue 14): the same export in one process, with
the per-chunk count of current attachments and without it (the query replaced by an empty answer), alternating
rounds, median of 3 each after a warm-up; with and without attachments in the data.

    DATABASE_URL=sqlite:////tmp/export-bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/export-bench.sqlite3 .venv/bin/python manage.py load_demo --items 0
    DATABASE_URL=sqlite:////tmp/export-bench.sqlite3 .venv/bin/python manage.py generate_petitions --count 100000
    DATABASE_URL=sqlite:////tmp/export-bench.sqlite3 .venv/bin/python bench/bench_ledger_attachments.py --with 5000

``--with N`` first gives N items one attachment each (rows written directly: a scratch database only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from attachments.models import Attachment  # noqa: E402
from ledgers import exports  # noqa: E402
from organisation.models import User  # noqa: E402
from petitions.models import Petition  # noqa: E402


def add_attachments(n: int) -> None:
    now = timezone.now()
    ids = list(Petition.objects.order_by("pk").values_list("pk", flat=True)[:n])
    Attachment.objects.bulk_create(
        Attachment(petition_id=pk, kind="letter", file=f"bench/{pk}", name="来信.pdf", content_type="application/pdf",
                   size=1, sha256="0" * 64, added_at=now) for pk in ids)


def export_seconds(user) -> float:
    with tempfile.TemporaryFile() as f:
        start = time.perf_counter()
        exports.write_petition_ledger(Petition.objects.all(), user, f)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--with", dest="with_attachments", type=int, default=0)
    args = parser.parse_args()
    if args.with_attachments and not Attachment.objects.exists():
        add_attachments(args.with_attachments)
    user = User.objects.get(username="registrar")
    counting = exports._attachments_of
    rows = Petition.objects.count()
    export_seconds(user)
    timed: dict[str, list[float]] = {"counted": [], "not counted": []}
    for _round in range(3):
        exports._attachments_of = counting
        timed["counted"].append(export_seconds(user))
        exports._attachments_of = lambda chunk: {}
        timed["not counted"].append(export_seconds(user))
    exports._attachments_of = counting
    counted, baseline = (statistics.median(timed[k]) for k in ("counted", "not counted"))
    print(f"{connection.vendor}: {rows} rows, {Attachment.objects.count()} attachments; export {counted:.2f} s with "
          f"the count, {baseline:.2f} s without ({counted / baseline:.3f}×)")


if __name__ == "__main__":
    main()
