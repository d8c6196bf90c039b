"""manage.py statistics --period 2026-Q1 [--unit 化子坪镇] [--as-of 2026-04-02] — the figures as JSON.

Every key is documented in docs/statistics.md.
"""

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from organisation.models import Unit
from stats import screening
from stats.figures import compute
from stats.periods import Period, PeriodError
from stats.serialize import as_dict


def _unit(value: str) -> Unit:
    text = value.strip()
    unit = Unit.objects.filter(name=text).first()
    if unit is None and text.isdigit():
        unit = Unit.objects.filter(pk=int(text)).first()
    if unit is None:
        raise CommandError(_("No unit is named or numbered “%(unit)s”.") % {"unit": text})
    return unit


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(
            _("“%(text)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-01-05.") % {"text": value}
        ) from exc


class Command(BaseCommand):
    help = _(
        "Print the statistics of a period (and a unit's subtree) as JSON: volume, decisions, handling, every rate, "
        "year-on-year and period-on-period changes, breakdowns. The keys are documented in docs/statistics.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True,
            help=_("A year (2026), quarter (2026-Q1), month (2026-03) or range of days (2026-01-05..2026-02-10)."),
        )
        parser.add_argument(
            "--unit", default=None,
            help=_("Name or number of a unit: its subtree is counted (default: the whole county)."),
        )
        parser.add_argument(
            "--as-of", dest="as_of", default=None,
            help=_("The day the figures are taken, YYYY-MM-DD (default: today)."),
        )
        parser.add_argument(
            "--no-compare", dest="compare", action="store_false",
            help=_("Leave out the year-on-year and period-on-period comparisons."),
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE,
            help=_("Language of the labels and reasons (default: %(language)s).") % {"language": settings.LANGUAGE_CODE},
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            try:
                period = Period.parse(options["period"])
            except PeriodError as exc:
                raise CommandError(str(exc)) from exc
            unit = _unit(options["unit"]) if options["unit"] else None
            as_of = _date(options["as_of"]) if options["as_of"] else None
            try:
                figures = compute(period, unit, as_of=as_of, compare=options["compare"])
            except (PeriodError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            data = as_dict(figures)
            # The screening register's figures (stats/screening.py), for the same period, scope and day.
            data["screening"] = screening.compute(period, unit, as_of=figures.as_of).as_dict()
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
