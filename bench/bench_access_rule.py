"""The cost of keeping accusations from the accused (issue 12) on a unit handler's and a leader's lists.

``Petition.objects.visible_to`` now also leaves out, for every user outside the bureau, the accusations against the
user's unit or naming the user (``access.accusing_condition``). This measures the lists a unit handler and a leader
read most — a worklist page in due order, "all items" newest first, a deep page, the whole-list count, a content
search — under the rule as it is and under the rule before it (a unit handler: his unit's items except accusations
against his unit; a leader: owned or asked items), in the same process and on the same data, and reports the
median time of each and the ratio.

Usage (a database with generated items, e.g. ``manage.py generate_petitions --count 300000``):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xinfang_perf DJANGO_SETTINGS_MODULE=config.settings.local \\
        .venv/bin/python bench/bench_access_rule.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from organisation.models import Role, User  # noqa: E402
from petitions import search  # noqa: E402
from petitions.models import Instruction, Petition  # noqa: E402

RUNS = 15


def old_rule(user):
    """The access rule before issue 12, for the comparison."""
    condition = Q(pk__in=[])
    if user.has_role(Role.UNIT_HANDLER) and user.unit_id:
        condition |= Q(responsible_unit_id=user.unit_id) & (
            Q(accused_unit__isnull=True) | ~Q(accused_unit_id=user.unit_id))
    if user.has_role(Role.LEADER):
        asked = Instruction.objects.filter(leader_id=user.pk).order_by().values_list("petition_id", flat=True)
        condition |= Q(owning_leader_id=user.pk) | Q(pk__in=list(asked.distinct()))
    return Petition.objects.filter(condition)


def lists(items):
    """The reads of a list page: name → a function that runs it."""
    return {
        "due_page_1": lambda: list(items.open().order_by("due_on", "pk").values_list("pk", flat=True)[:31]),
        "newest_page_1": lambda: list(items.order_by("-pk").values_list("pk", flat=True)[:31]),
        "newest_page_100": lambda: list(items.order_by("-pk").values_list("pk", flat=True)[2970:3001]),
        "count": lambda: items.count(),
        "search_拖欠工资": lambda: search.newest_ids(items, "拖欠工资", 0, 31),
        "search_路": lambda: search.newest_ids(items, "路", 0, 31),
    }


def median_ms(run) -> float:
    run()  # warm
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def measure(user, label):
    old, new = lists(old_rule(user)), lists(Petition.objects.visible_to(user))
    rows = {}
    for name in old:
        assert old[name]() == new[name]() or name == "count", name  # the same items where no accusation is involved
        before, after = median_ms(old[name]), median_ms(new[name])
        rows[name] = {"before_ms": before, "after_ms": after, "ratio": round(after / before, 2) if before else None}
    return {"user": label, "lists": rows}


def main():
    largest = (Petition.objects.exclude(responsible_unit=None).values("responsible_unit")
               .annotate(n=Count("pk")).order_by("-n").first())
    handler = User.objects.with_role(Role.UNIT_HANDLER).filter(unit_id=largest["responsible_unit"]).first()
    owner = (Petition.objects.exclude(owning_leader=None).values("owning_leader").annotate(n=Count("pk"))
             .order_by("-n").first())
    leader = User.objects.get(pk=owner["owning_leader"])
    result = {
        "date": time.strftime("%Y-%m-%d"), "machine": platform.node(), "python": platform.python_version(),
        "database": connection.vendor, "items": Petition.objects.count(),
        "measured": [measure(handler, f"handler of the largest unit ({largest['n']} items)"),
                     measure(leader, f"leader with the most owned items ({owner['n']})")],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
