from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_rollups(using, **kwargs) -> None:
    """After ``migrate`` and ``flush``: the rollup triggers in place and the daily counts in step (stats/rollup.py)."""
    from . import rollup

    rollup.ensure(using)


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        post_migrate.connect(ensure_rollups, sender=self, dispatch_uid="stats-ensure-rollups")
