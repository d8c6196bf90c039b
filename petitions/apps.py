from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def analyze_sqlite(using, plan=None, **kwargs) -> None:
    """After migrations that ran on SQLite, refresh the planner statistics.

    SQLite picks among the petition table's indexes (worklists, search, the statistics' covering indexes) from
    ``sqlite_stat1``; a migration that adds an index leaves it without statistics, and a year's statistics at a
    million items then took 2.6 s instead of 1.1 s. PostgreSQL keeps its statistics itself (autovacuum).
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and plan:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        post_migrate.connect(analyze_sqlite, sender=self, dispatch_uid="petitions-analyze-sqlite")
