from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices and alerts")

    def ready(self):
        from petitions.events import event_recorded

        from . import outbox

        event_recorded.connect(outbox.event_recorded, dispatch_uid="notices.outbox")
