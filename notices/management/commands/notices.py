"""manage.py notices send|daily|schedule — the outbox by hand or from a timer."""

from django.core.management.base import BaseCommand

from notices import delivery, outbox


class Command(BaseCommand):
    help = "Send the due messages (send), write the day's alerts (daily), or start the periodic task (schedule)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["send", "daily", "schedule"])

    def handle(self, what, **options):
        if what == "send":
            self.stdout.write(str(delivery.deliver_due()))
        elif what == "daily":
            written = outbox.daily()
            self.stdout.write("already done today" if written is None else f"{written} written")
        else:
            from django_tasks_db.models import DBTaskResult

            from notices.tasks import tick

            if not DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").exists():
                tick.enqueue()
