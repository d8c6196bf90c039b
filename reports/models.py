"""A report's text as its author edits it: one draft per period, scope and author."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisation.models import Unit


class ReportDraft(models.Model):
    """The generated text of a year-end summary or a monthly / quarterly report, with the author's edits.

    ``sections`` is a list of ``{"key", "heading", "text"}`` (``reports.summary.Section``); regenerating replaces
    them with a new first draft (the author's edits are lost, and the page says so before).
    """

    period = models.CharField(_("period"), max_length=16)  # Period text: 2026, 2026-Q1, 2026-03
    unit = models.ForeignKey(
        Unit, verbose_name=_("scope"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: the whole county."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="report_drafts"
    )
    as_of = models.DateField(_("figures as of"))
    title = models.CharField(_("title"), max_length=200)
    sections = models.JSONField(_("sections"), default=list)
    generated_at = models.DateTimeField(_("generated at"))
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)  # None: the text is as generated

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        ordering = ["-generated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "author"], condition=Q(unit__isnull=False), name="report_draft_one_per_unit"
            ),
            models.UniqueConstraint(
                fields=["period", "author"], condition=Q(unit__isnull=True), name="report_draft_one_per_county"
            ),
        ]

    def __str__(self) -> str:
        return self.title
