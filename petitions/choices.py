"""Option lists of the forms (categories, places, units), kept in each process for a short while.

Every worklist, search and registration page offers them, and they change a few times a year. They are only
offered, never trusted: a chosen unit or category is checked against the database when the form is validated.
A change is seen at once in the process that made it and within ``REFERENCE_CACHE_SECONDS`` in the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from organisation.models import Unit

from .models import Category

_cache: dict[str, tuple[float, list]] = {}


def _cached(key: str, build: Callable[[], list]) -> list:
    seconds = settings.XINFANG["REFERENCE_CACHE_SECONDS"]
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = build()
    if seconds > 0:
        _cache[key] = (now + seconds, value)
    return value


def clear(**_kwargs) -> None:
    _cache.clear()


for _model in (Unit, Category):
    post_save.connect(clear, sender=_model, dispatch_uid=f"choices-clear-save-{_model.__name__}")
    post_delete.connect(clear, sender=_model, dispatch_uid=f"choices-clear-delete-{_model.__name__}")


def categories() -> list[tuple[int, str]]:
    """Active top categories, each followed by its active sub-categories, indented."""

    def build():
        rows = Category.objects.filter(is_active=True).order_by("position", "pk").values_list("pk", "name", "parent_id")
        children: dict = {}
        for pk, name, parent_id in rows:
            children.setdefault(parent_id, []).append((pk, name))
        choices = []
        for pk, name in children.get(None, []):
            choices.append((pk, name))
            choices.extend((child_pk, f"　└ {child_name}") for child_pk, child_name in children.get(pk, []))
        return choices

    return _cached("categories", build)


def places() -> list[tuple[int, str]]:
    return _cached("places", lambda: list(Unit.objects.places().values_list("pk", "name")))


def responsible_units() -> list[tuple[int, str]]:
    return _cached("responsible", lambda: list(Unit.objects.responsible().values_list("pk", "name")))


def active_units() -> list[tuple[int, str]]:
    return _cached("active", lambda: list(Unit.objects.filter(is_active=True).values_list("pk", "name")))


def higher_bodies() -> list[tuple[int, str]]:
    return _cached("higher", lambda: list(Unit.objects.higher_bodies().values_list("pk", "name")))
