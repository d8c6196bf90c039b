"""The triggers that keep the daily counts of ``stats.models`` in step with ``petitions_petition`` (SQLite and
PostgreSQL), and the statements that fill them from the petition table.

Every insert of a petition adds it to its rows (+1 item, +headcount persons; +1 decision when decided), every
delete takes it away, and an update that changes a key or a counted value takes the old row's values away and adds
the new ones — each with ``INSERT … ON CONFLICT … DO UPDATE``, in the transaction of the change, whatever wrote it
(the actions, an import, ``bulk_create``, ``QuerySet.update``, raw SQL). An update that changes none of the
columns below (most of them: a reply, an evaluation, a note) does nothing.

``install`` / ``drop`` create and remove the triggers; ``rebuild`` refills the tables from the petition table;
``ensure`` (after every ``migrate`` and ``flush``) puts the triggers back when they are missing — SQLite drops a
table's triggers when a migration rebuilds the table — and refills the tables when their totals disagree with the
petition table's.
"""

from __future__ import annotations

from dataclasses import dataclass

PETITION = "petitions_petition"


@dataclass(frozen=True)
class Pass:
    table: str
    keys: tuple[tuple[str, str], ...]  # (rollup column, petition column)
    values: tuple[tuple[str, str], ...]  # (rollup column, expression over one petition row, alias "R")
    condition: str  # which petitions count, over "R"

    def columns(self) -> list[str]:
        return [column for column, _ in self.keys + self.values]


_RECEIVED = (("items", "1"), ("persons", "R.headcount"))
INTAKE_COLUMNS = ("received_on", "received_level", "channel", "is_collective", "is_repeat", "content_type",
                  "headcount", "category_id", "place_id")
DECISION_COLUMNS = ("decided_on", "state", "decision_due_on")

INTAKE_PASSES = (
    Pass("stats_intakeday",
         (("day", "received_on"), ("received_level", "received_level"), ("channel", "channel"),
          ("is_collective", "is_collective"), ("is_repeat", "is_repeat"), ("content_type", "content_type")),
         _RECEIVED, "TRUE"),
    Pass("stats_categoryday", (("day", "received_on"), ("category_id", "category_id")), _RECEIVED, "TRUE"),
    Pass("stats_placeday", (("day", "received_on"), ("place_id", "place_id")), _RECEIVED, "TRUE"),
)
DECISION_PASSES = (
    Pass("stats_decisionday", (("day", "decided_on"), ("state", "state")),
         (("decisions", "1"), ("on_time", "CASE WHEN R.decided_on <= R.decision_due_on THEN 1 ELSE 0 END")),
         "R.decided_on IS NOT NULL"),
)
PASSES = INTAKE_PASSES + DECISION_PASSES


def _upsert(p: Pass, row: str, sign: int, vendor: str) -> str:
    """Add (sign +1) or take away (-1) one petition row ("NEW" or "OLD") to or from its rollup row."""
    keys = [f"{row}.{source}" for _, source in p.keys]
    values = [(f"{expr}" if sign > 0 else f"-({expr})").replace("R.", f"{row}.") for _, expr in p.values]
    target = p.table if vendor == "postgresql" else ""  # PostgreSQL wants the target's columns qualified
    updates = ", ".join(f"{c} = {target + '.' if target else ''}{c} + excluded.{c}" for c, _ in p.values)
    # The WHERE clause is needed in any case: without it SQLite cannot tell ON CONFLICT from a join's ON.
    return (
        f"INSERT INTO {p.table} ({', '.join(p.columns())}) "
        f"SELECT {', '.join(keys + values)} WHERE {p.condition.replace('R.', f'{row}.')} "
        f"ON CONFLICT ({', '.join(c for c, _ in p.keys)}) DO UPDATE SET {updates}"
    )


def _changed(columns, vendor: str) -> str:
    differ = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in columns)


def _statements(passes, rows_signs, vendor: str) -> list[str]:
    return [_upsert(p, row, sign, vendor) for p in passes for row, sign in rows_signs]


SQLITE_TRIGGERS = ("stats_rollup_insert", "stats_rollup_delete", "stats_rollup_intake_update",
                   "stats_rollup_decision_update")


def _sqlite_install() -> list[str]:
    def body(statements):
        return "BEGIN " + "".join(f"{s}; " for s in statements) + "END"

    return [
        f"CREATE TRIGGER stats_rollup_insert AFTER INSERT ON {PETITION} "
        + body(_statements(PASSES, [("NEW", 1)], "sqlite")),
        f"CREATE TRIGGER stats_rollup_delete AFTER DELETE ON {PETITION} "
        + body(_statements(PASSES, [("OLD", -1)], "sqlite")),
        f"CREATE TRIGGER stats_rollup_intake_update AFTER UPDATE OF {', '.join(INTAKE_COLUMNS)} ON {PETITION} "
        f"WHEN {_changed(INTAKE_COLUMNS, 'sqlite')} "
        + body(_statements(INTAKE_PASSES, [("OLD", -1), ("NEW", 1)], "sqlite")),
        f"CREATE TRIGGER stats_rollup_decision_update AFTER UPDATE OF {', '.join(DECISION_COLUMNS)} ON {PETITION} "
        f"WHEN {_changed(DECISION_COLUMNS, 'sqlite')} "
        + body(_statements(DECISION_PASSES, [("OLD", -1), ("NEW", 1)], "sqlite")),
    ]


def _plpgsql(statements) -> str:
    return "".join(f"      {s};\n" for s in statements)


def _postgresql_install() -> list[str]:
    pg = "postgresql"
    function = f"""
CREATE OR REPLACE FUNCTION stats_rollup_petition() RETURNS trigger LANGUAGE plpgsql AS $rollup$
BEGIN
  IF TG_OP = 'INSERT' THEN
{_plpgsql(_statements(PASSES, [("NEW", 1)], pg))}  ELSIF TG_OP = 'DELETE' THEN
{_plpgsql(_statements(PASSES, [("OLD", -1)], pg))}  ELSE
    IF {_changed(INTAKE_COLUMNS, pg)} THEN
{_plpgsql(_statements(INTAKE_PASSES, [("OLD", -1), ("NEW", 1)], pg))}    END IF;
    IF {_changed(DECISION_COLUMNS, pg)} THEN
{_plpgsql(_statements(DECISION_PASSES, [("OLD", -1), ("NEW", 1)], pg))}    END IF;
  END IF;
  RETURN NULL;
END
$rollup$"""
    columns = INTAKE_COLUMNS + DECISION_COLUMNS
    return [
        function,
        f"CREATE TRIGGER stats_rollup_insert_delete AFTER INSERT OR DELETE ON {PETITION} "
        f"FOR EACH ROW EXECUTE FUNCTION stats_rollup_petition()",
        f"CREATE TRIGGER stats_rollup_update AFTER UPDATE OF {', '.join(columns)} ON {PETITION} "
        f"FOR EACH ROW WHEN ({_changed(columns, pg)}) EXECUTE FUNCTION stats_rollup_petition()",
    ]


def install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_install()
    if vendor == "postgresql":
        return _postgresql_install()
    raise NotImplementedError(f"no rollup triggers for {vendor}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    return [
        f"DROP TRIGGER IF EXISTS stats_rollup_insert_delete ON {PETITION}",
        f"DROP TRIGGER IF EXISTS stats_rollup_update ON {PETITION}",
        "DROP FUNCTION IF EXISTS stats_rollup_petition()",
    ]


def rebuild_sql() -> list[str]:
    """Empty the rollup tables and fill them from the petition table (one GROUP BY per table)."""
    statements = []
    for p in PASSES:
        keys = [source for _, source in p.keys]
        values = [expr.replace("R.", "") for _, expr in p.values]
        sums = ["COUNT(*)" if v == "1" else f"SUM({v})" for v in values]
        statements += [
            f"DELETE FROM {p.table}",
            f"INSERT INTO {p.table} ({', '.join(p.columns())}) SELECT {', '.join(keys + sums)} FROM {PETITION} "
            f"WHERE {p.condition.replace('R.', '')} GROUP BY {', '.join(keys)}",
        ]
    return statements


def _execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection) -> None:
    _execute(connection, drop_sql(connection.vendor) + install_sql(connection.vendor))


def drop(connection) -> None:
    _execute(connection, drop_sql(connection.vendor))


def rebuild(connection) -> None:
    _execute(connection, rebuild_sql())


def installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stats_rollup_%'")
            return cursor.fetchone()[0] == len(SQLITE_TRIGGERS)
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname IN (%s, %s) AND tgrelid = %s::regclass",
                       ["stats_rollup_insert_delete", "stats_rollup_update", PETITION])
        return cursor.fetchone()[0] == 2


def in_step(connection) -> bool:
    """Whether the rollups' totals agree with the petition table's (a cheap check, not a proof)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {PETITION}), (SELECT COUNT(decided_on) FROM {PETITION}), "
            f"(SELECT COALESCE(SUM(headcount), 0) FROM {PETITION}), "
            "(SELECT COALESCE(SUM(items), 0) FROM stats_intakeday), "
            "(SELECT COALESCE(SUM(decisions), 0) FROM stats_decisionday), "
            "(SELECT COALESCE(SUM(persons), 0) FROM stats_intakeday), "
            "(SELECT COUNT(*) FROM stats_intakeday WHERE items < 0), "
            "(SELECT COUNT(*) FROM stats_decisionday WHERE decisions < 0)"
        )
        items, decided, persons, rolled_items, rolled_decisions, rolled_persons, negative, negative_d = (
            cursor.fetchone())
    return (items, decided, persons, negative, negative_d) == (rolled_items, rolled_decisions, rolled_persons, 0, 0)


def ensure(using, **kwargs) -> None:
    """After ``migrate`` (and ``flush``): triggers in place and rollups in step, or put right."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    tables = set(connection.introspection.table_names())
    if not {PETITION, *(p.table for p in PASSES)} <= tables:
        return  # before (or after reversing) the migration that creates them
    from django.db import transaction

    with transaction.atomic(using=using):
        if not installed(connection):
            install(connection)
            rebuild(connection)
        elif not in_step(connection):
            rebuild(connection)
