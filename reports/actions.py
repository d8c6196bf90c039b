"""Writes: open (or generate) a draft, save the author's edits, regenerate. Each checks access and runs in a
transaction (STYLE.md §1, §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Unit
from stats.periods import Period

from . import summary
from .models import ReportDraft
from .selectors import may_report_on


class ReportRefused(PermissionDenied):
    """The user may not write this report; the message says why."""


@dataclass(frozen=True)
class EditedSection:
    heading: str
    text: str


def _check_scope(actor, unit: Unit | None) -> None:
    if not may_report_on(actor, unit):
        raise ReportRefused(_("You may not write the report of %(scope)s.") % {
            "scope": unit.name if unit is not None else _("the whole county")})


def _check_author(actor, draft: ReportDraft) -> None:
    if draft.author_id != actor.pk:
        raise ReportRefused(_("Only the author may change this draft."))
    _check_scope(actor, draft.unit)


def _fill(draft: ReportDraft, report: summary.Report, now: dt.datetime) -> None:
    draft.as_of = report.as_of
    draft.title = report.title
    draft.sections = [s.as_dict() for s in report.sections]
    draft.generated_at = now
    draft.edited_at = None


def report_draft_open(*, actor, period: Period, unit: Unit | None, as_of: dt.date) -> ReportDraft:
    """The actor's draft of ``period`` and ``unit``: the one already written, or a newly generated first draft
    with the figures as of ``as_of``."""
    _check_scope(actor, unit)
    summary.check_period(period)
    with transaction.atomic():
        existing = ReportDraft.objects.select_for_update().filter(period=str(period), unit=unit, author=actor).first()
        if existing is not None:
            return existing
        draft = ReportDraft(period=str(period), unit=unit, author=actor)
        _fill(draft, summary.generate(period, unit, as_of=as_of), timezone.now())
        draft.save()
        return draft


def report_draft_save(*, actor, draft: ReportDraft, title: str, sections: list[EditedSection]) -> ReportDraft:
    """Keep the author's edited title and sections (the keys of the sections stay those generated)."""
    _check_author(actor, draft)
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
        if len(sections) != len(draft.sections):
            raise ValueError("the edited sections do not match the draft's")
        draft.title = title.strip()
        draft.sections = [
            {"key": old["key"], "heading": new.heading.strip(), "text": _clean(new.text)}
            for old, new in zip(draft.sections, sections, strict=True)
        ]
        draft.edited_at = timezone.now()
        draft.save(update_fields=["title", "sections", "edited_at"])
        return draft


def report_draft_regenerate(*, actor, draft: ReportDraft, as_of: dt.date) -> ReportDraft:
    """Replace the draft by a new first draft with the figures as of ``as_of``: the author's edits are lost."""
    _check_author(actor, draft)
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
        _fill(draft, summary.generate(Period.parse(draft.period), draft.unit, as_of=as_of), timezone.now())
        draft.save(update_fields=["as_of", "title", "sections", "generated_at", "edited_at"])
        return draft


def _clean(text: str) -> str:
    """One paragraph per line, without the blank lines and trailing spaces a browser's text area leaves."""
    return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())
