"""Content search over character bigrams, with the database's own full-text index.

PostgreSQL: a GIN index over ``to_tsvector('simple', bigrams)``; SQLite: an FTS5 table ``petition_fts``.
Bigrams narrow the candidates through the index; the phrase itself is then checked on the real text.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

_SPLIT = re.compile(r"[\W_]+", re.UNICODE)


def _runs(text: str) -> list[str]:
    return [run for run in _SPLIT.split(text.lower()) if run]


def bigrams(text: str) -> list[str]:
    """Distinct character bigrams of each run of letters/digits (a single character stands for itself)."""
    seen: dict[str, None] = {}
    for run in _runs(text):
        if len(run) == 1:
            seen.setdefault(run, None)
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2], None)
    return list(seen)


def document(title: str, content: str) -> str:
    return " ".join(bigrams(f"{title} {content}"))


def index_petition(petition, *, created: bool = False) -> None:
    """(Re)write the search row of one item; called by the actions that change its text.

    ``created``: the item is new, so there is no old row to replace (saves a look-up and a delete).
    """
    from .models import PetitionSearchText

    text = document(petition.title, petition.content)
    if created:
        PetitionSearchText.objects.create(petition=petition, bigrams=text)
    else:
        PetitionSearchText.objects.update_or_create(petition=petition, defaults={"bigrams": text})
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if not created:
                cursor.execute("DELETE FROM petition_fts WHERE rowid = %s", [petition.pk])
            cursor.execute("INSERT INTO petition_fts(rowid, bigrams) VALUES (%s, %s)", [petition.pk, text])


def matching(queryset, phrase: str):
    """Filter ``queryset`` to items whose subject or content contains every word of ``phrase``."""
    words = _runs(phrase)
    if not words:
        return queryset
    # Only words of two or more characters go through the index: a lone character is indexed only where it
    # stands alone in the text, so "今" would never find "今年". Every word is then checked on the text itself.
    grams = [g for word in words if len(word) > 1 for g in bigrams(word)]
    if grams and connection.vendor == "postgresql":
        queryset = queryset.filter(
            pk__in=RawSQL(
                "SELECT petition_id FROM petitions_petitionsearchtext "
                "WHERE to_tsvector('simple', bigrams) @@ to_tsquery('simple', %s)",
                [" & ".join(grams)],
            )
        )
    elif grams and connection.vendor == "sqlite":
        queryset = queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM petition_fts WHERE petition_fts MATCH %s",
                [" AND ".join(f'"{g}"' for g in grams)],
            )
        )
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(content__icontains=word))
    return queryset
