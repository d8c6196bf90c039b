"""After migrations on SQLite the planner statistics are refreshed (petitions/apps.py)."""

import pytest
from django.db import connection

from petitions.apps import analyze_sqlite


@pytest.mark.django_db
def test_statistics_are_written_after_a_migration_that_ran(township):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite keeps its planner statistics in sqlite_stat1; PostgreSQL runs ANALYZE by itself")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        analyze_sqlite(using="default", plan=[])  # nothing migrated: nothing to do
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 0
        analyze_sqlite(using="default", plan=[("migration", False)])
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'organisation_unit'")
        assert cursor.fetchone()[0] > 0
