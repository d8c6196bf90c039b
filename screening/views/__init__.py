"""Screening pages, one module per register: officers' reports (``reports``), campaigns, disputes, incidents and
the ledgers. Thin (STYLE.md §9): parse a form, call one action, render."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from petitions.access import works_the_bureau_desk
from petitions.forms import attach_errors


def performed(form, run):
    """``run(**form.cleaned_data)`` for a valid form, the action's ValidationError put on the form (field by
    field): the action's result, or None when nothing was done. Every screening view that writes uses it."""
    if not form.is_valid():
        return None
    try:
        return run(**form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        return None


def own_unit(user):
    """The unit a handler registers and screens for (the finder of its disputes); None for the bureau desk."""
    return None if works_the_bureau_desk(user) else user.unit
