"""manage.py generate_petitions --count N — synthetic petitions at scale for load tests and benchmarks."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from demo.synthetic import ConcurrentWrite, Generator


class Command(BaseCommand):
    help = _(
        "Generate N synthetic petitions over the last three years, in every state, with their petitioners, events "
        "and search text (units and categories are seeded when missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help=_("Number of items to generate."))
        parser.add_argument("--batch", type=int, default=5000, help=_("Items per transaction (default 5000)."))
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed (default 1)."))
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help=_("The last date items are drawn for, YYYY-MM-DD (default: today)."))

    def handle(self, *args, **options):
        count, batch = options["count"], options["batch"]
        if count < 1:
            raise CommandError(_("--count must be at least 1 (got %(n)s).") % {"n": count})
        if batch < 1:
            raise CommandError(_("--batch must be at least 1 (got %(n)s).") % {"n": batch})
        verbosity = options["verbosity"]

        def progress(done, total, seconds):
            if verbosity >= 1:
                self.stdout.write(
                    _("%(done)s / %(total)s items, %(rate).0f items/s") % {
                        "done": done, "total": total, "rate": done / seconds if seconds else 0}
                )

        generator = Generator(seed=options["seed"], today=options["today"], batch=batch, progress=progress)
        try:
            result = generator.run(count)
        except ConcurrentWrite as exc:
            raise CommandError(
                _("Another process wrote petitions while the generator ran (%(error)s); the batches written so far "
                  "are kept. Run the generator on a database nobody else uses at the time.") % {"error": exc}
            ) from exc
        # Fresh planner statistics after a bulk load, as a DBA would run them (PostgreSQL's autovacuum would
        # get there later; SQLite never does by itself).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            _("Generated %(count)s items in %(seconds).1f s: %(rate).0f items/s (writing %(write).1f s).") % {
                "count": result["count"], "seconds": result["seconds"], "rate": result["rate"],
                "write": result["write_seconds"]}
        ))
