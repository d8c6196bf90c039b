from demo import county
from organisation.models import Unit, User
from petitions.models import Category
from workdays.models import DeadlinePolicy


def remove_everything():
    """Undo a module-scoped fixture that built data outside the tests' transactions."""
    county.reset()
    User.objects.all().delete()
    for model in (Category, Unit):
        # Children before their parents (PROTECT).
        while model.objects.exists():
            model.objects.filter(children__isnull=True).delete()
    DeadlinePolicy.objects.all().delete()
