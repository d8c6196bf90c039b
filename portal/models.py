"""The public page's tables: the guard against guessing query codes (``portal/selectors.py``, docs/security.md).

The query code is the petitioner's credential. Wrong codes are counted per client address and across all
addresses, and right ones earn the address room for mistakes — all in the database, so that the counts hold
across worker processes and restarts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalThrottle(models.Model):
    """Wrong query codes from one client address within a window that starts at its first failure, and how long
    the address must wait before its next try once they exceed its allowance."""

    # An IPv4 address, or the /64 network of an IPv6 address (one household or customer gets a whole /64).
    ip = models.CharField(_("client address"), max_length=64, unique=True)
    window_start = models.DateTimeField(_("window start"), db_index=True)
    failures = models.PositiveIntegerField(_("wrong query codes"), default=1)
    # Set once the failures exceed the address's allowance: the delay doubles with each further failure.
    next_try_at = models.DateTimeField(_("next try allowed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("query code throttle")
        verbose_name_plural = _("query code throttles")
        constraints = [models.CheckConstraint(condition=models.Q(failures__gte=1), name="portal_throttle_failures_positive")]

    def __str__(self) -> str:
        return f"{self.ip} {self.failures} @ {self.window_start:%Y-%m-%d %H:%M}"


class PortalLookup(models.Model):
    """An item found with its right query code from a client address: the address's credit (one row per address
    and item; ``at`` is the latest time). Kept for the credit period only, and for at most a few addresses per
    item, so that one known code cannot give credit to a crowd of addresses."""

    ip = models.CharField(_("client address"), max_length=64)
    petition = models.ForeignKey("petitions.Petition", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("petition"))
    at = models.DateTimeField(_("found at"))

    class Meta:
        verbose_name = _("item found from an address")
        verbose_name_plural = _("items found from an address")
        constraints = [models.UniqueConstraint(fields=["ip", "petition"], name="portal_lookup_once_per_address")]
        indexes = [models.Index(fields=["petition", "at"], name="portal_lookup_petition_at")]

    def __str__(self) -> str:
        return f"{self.ip} → {self.petition_id} @ {self.at:%Y-%m-%d %H:%M}"


class PortalFailureHour(models.Model):
    """Wrong query codes from all addresses together in one clock hour: the page-wide budget."""

    hour = models.DateTimeField(_("hour"), unique=True)
    failures = models.PositiveIntegerField(_("wrong query codes"), default=0)

    class Meta:
        verbose_name = _("wrong query codes in an hour")
        verbose_name_plural = _("wrong query codes per hour")

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:00} {self.failures}"


class OnlineSubmission(models.Model):
    """An online petition sent from the public page: which item it became, from which client address and phone
    (kept as a digest: only to hold back floods, never to find the person), and the form's one-time token, so that
    a form sent twice (a double click, a reload) gives the same item, not a second one."""

    token = models.CharField(max_length=64, unique=True)
    petition = models.OneToOneField("petitions.Petition", on_delete=models.CASCADE, related_name="online_submission")
    ip = models.CharField(_("client address"), max_length=64)
    phone_digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("online petition sent")
        verbose_name_plural = _("online petitions sent")
        indexes = [models.Index(fields=["ip", "at"], name="online_ip_at"),
                   models.Index(fields=["phone_digest", "at"], name="online_phone_at")]

    def __str__(self) -> str:
        return f"{self.ip} → {self.petition_id} @ {self.at:%Y-%m-%d %H:%M}"
