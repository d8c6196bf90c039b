"""The public page's only table: wrong query codes counted per client address (DESIGN.md §3, public disclosure).

The query code is the petitioner's credential. Guessing is slowed down per address in the database, so the
count holds across worker processes and restarts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalThrottle(models.Model):
    """Wrong query codes from one client address within a fixed window that starts at its first failure."""

    # An IPv4 address, or the /64 network of an IPv6 address (one household or customer gets a whole /64).
    ip = models.CharField(_("client address"), max_length=64, unique=True)
    window_start = models.DateTimeField(_("window start"), db_index=True)
    failures = models.PositiveIntegerField(_("wrong query codes"), default=1)

    class Meta:
        verbose_name = _("query code throttle")
        verbose_name_plural = _("query code throttles")
        constraints = [models.CheckConstraint(condition=models.Q(failures__gte=1), name="portal_throttle_failures_positive")]

    def __str__(self) -> str:
        return f"{self.ip} {self.failures} @ {self.window_start:%Y-%m-%d %H:%M}"
