"""Option lists of the forms (categories, places, units), and the units and categories behind them by id.

Every worklist, search and registration page offers them, and a registration validates its choices against them.
They are kept in each process until the reference data changes (``organisation/revision.py``), so a form is
rendered and validated without a query and still against the data as committed when the request started.
"""

from __future__ import annotations

from organisation import revision
from organisation.models import Unit

from .models import Category

# The sets of units the forms offer, by name.
_UNIT_SETS = {
    "places": lambda: Unit.objects.places(),
    "responsible": lambda: Unit.objects.responsible(),
    "active": lambda: Unit.objects.filter(is_active=True),
    "higher": lambda: Unit.objects.higher_bodies(),
}


def units(which: str) -> dict[int, Unit]:
    """One of the sets of units the forms offer (``_UNIT_SETS``), by id, in the tree's order."""
    return revision.kept(f"units:{which}", lambda: {unit.pk: unit for unit in _UNIT_SETS[which]()})


def active_categories() -> dict[int, Category]:
    return revision.kept(
        "categories", lambda: {c.pk: c for c in Category.objects.filter(is_active=True).order_by("position", "pk")}
    )


def categories() -> list[tuple[int, str]]:
    """Active top categories, each followed by its active sub-categories, indented."""

    def build():
        children: dict = {}
        for category in active_categories().values():
            children.setdefault(category.parent_id, []).append(category)
        choices = []
        for top in children.get(None, []):
            choices.append((top.pk, top.name))
            choices.extend((child.pk, f"　└ {child.name}") for child in children.get(top.pk, []))
        return choices

    return revision.kept("categories:options", build)


def unit_names() -> dict[int, str]:
    """Every unit's name by id — inactive units and higher bodies too: the list pages name the place and the
    responsible unit of each row from here instead of joining the unit table twice."""
    return revision.kept("units:names", lambda: dict(Unit.objects.values_list("pk", "name")))


def category_names() -> dict[int, str]:
    """Every category's name by id, inactive ones too (an item keeps the category it was registered under)."""
    return revision.kept("categories:names", lambda: dict(Category.objects.values_list("pk", "name")))


def _options(which: str) -> list[tuple[int, str]]:
    return [(pk, unit.name) for pk, unit in units(which).items()]


def places() -> list[tuple[int, str]]:
    return _options("places")


def responsible_units() -> list[tuple[int, str]]:
    return _options("responsible")


def active_units() -> list[tuple[int, str]]:
    return _options("active")


def higher_bodies() -> list[tuple[int, str]]:
    return _options("higher")
