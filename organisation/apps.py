from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from . import revision

        revision.connect_signals()
        post_migrate.connect(revision.ensure, sender=self, dispatch_uid="organisation-revision-triggers")
