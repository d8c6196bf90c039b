"""manage.py load_demo — the demo county with its logins and a year of items built through the real actions."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo import county
from organisation.models import User


class Command(BaseCommand):
    help = _("Load the demo county: units, categories, one login per role (password demo1234) and a year of items.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true",
            help=_("Delete all existing items, petitioners and instructions first (units, users, categories stay)."),
        )
        parser.add_argument(
            "--if-empty", action="store_true",
            help=_("Load the demo only into a database without items; otherwise leave it as it is."),
        )
        parser.add_argument("--items", type=int, default=county.DEFAULT_ITEMS, help=_("Number of items (default %(n)s).") % {"n": county.DEFAULT_ITEMS})
        parser.add_argument("--seed", type=int, default=county.DEFAULT_SEED, help=_("Random seed (same seed, same demo)."))
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help=_("The date the demo ends on, YYYY-MM-DD (default: today)."))

    def handle(self, *args, **options):
        if options["items"] < 0:
            raise CommandError(_("--items must be 0 or more (got %(n)s).") % {"n": options["items"]})
        if county.has_data():
            if options["if_empty"] and not options["reset"]:
                self.stdout.write(_("The database already holds items; the demo was not loaded."))
                self._print_logins()
                return
            if not options["reset"]:
                raise CommandError(
                    _("The database already holds items; nothing was changed. "
                      "Run “manage.py load_demo --reset” to replace them with the demo.")
                )
            county.reset()
            self.stdout.write(_("Existing items removed."))
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] >= 2:
                self.stdout.write(_("%(done)s of %(total)s items") % {"done": done, "total": total})

        result = county.load(items=options["items"], seed=options["seed"], today=options["today"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo county loaded: %(items)s items up to %(today)s in %(seconds).1f s.")
                % {"items": result["items"], "today": result["today"], "seconds": time.perf_counter() - started}
            )
        )
        self._print_logins()

    def _print_logins(self):
        """One demo login per role; the other units' handlers are named alike and share the password."""
        lines = county.login_lines([(spec, None) for spec in county.USERS if spec.username in county.ROLE_EXAMPLES])
        if not User.objects.filter(username__in=county.ROLE_EXAMPLES).exists():
            return
        self.stdout.write(_("Demo logins, one per role (username / password / role / unit):"))
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            _("Every township and department has its own handler login too (e.g. handler2 at 建华镇), same password.")
        )
