"""Content search over character bigrams, with the database's own full-text index.

PostgreSQL: a GIN index over the stored ``vector`` column (``to_tsvector('simple', bigrams)``, a generated
column the migration adds); SQLite: an FTS5 table ``petition_fts``.
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


def covering_bigrams(word: str) -> list[str]:
    """Enough bigrams of ``word`` to cover every character: 拖欠工资 → 拖欠, 工资 (not also 欠工).

    Overlapping bigrams of one word add nothing to the index's selection but cost an intersection each,
    and make the planner believe the terms independent (it then expects far too few matches).
    """
    grams = [word[i : i + 2] for i in range(0, len(word) - 1, 2)]
    if len(word) % 2:
        grams.append(word[-2:])
    return grams


# A search for a common word returns the newest items first; it looks at the newest part of the table
# that holds at least this many matches (10 pages), instead of collecting every match in the database.
NEWEST_MATCHES = 300
# The smallest window serves the commonest words (拖欠工资: a quarter of the newest items at the benchmark's end):
# their newest 300 matches are then checked in milliseconds, not the 5,000 matches of a 20,000-item window.
_WINDOWS = (2_000, 20_000, 100_000, 400_000)


def _count_sql() -> str | None:
    if connection.vendor == "postgresql":
        return (
            "SELECT count(*) FROM (SELECT 1 FROM petitions_petitionsearchtext WHERE petition_id > %s "
            "AND vector @@ to_tsquery('simple', %s) LIMIT %s) AS hits"
        )
    if connection.vendor == "sqlite":
        return "SELECT count(*) FROM (SELECT 1 FROM petition_fts WHERE petition_fts MATCH %s AND rowid > %s LIMIT %s)"
    return None


def _newest_window(query: str) -> int | None:
    """The lowest item id worth searching: the newest window that holds NEWEST_MATCHES matches (None: all)."""
    from .models import Petition

    newest = Petition.objects.order_by("-pk").values_list("pk", flat=True).first()
    sql = _count_sql()
    if newest is None or sql is None:
        return None
    with connection.cursor() as cursor:
        for span in _WINDOWS:
            floor = newest - span
            if floor <= 0:
                return None
            params = [floor, query] if connection.vendor == "postgresql" else [query, floor]
            cursor.execute(sql, [*params, NEWEST_MATCHES])
            if cursor.fetchone()[0] >= NEWEST_MATCHES:
                return floor
    return None


def matching(queryset, phrase: str):
    """Filter ``queryset`` to items whose subject or content contains every word of ``phrase``.

    For a word found in very many items only the newest of them are considered (see NEWEST_MATCHES).
    """
    words = _runs(phrase)
    if not words:
        return queryset
    # Only words of two or more characters go through the index: a lone character is indexed only where it
    # stands alone in the text, so "今" would never find "今年". Every word is then checked on the text itself.
    grams = list(dict.fromkeys(g for word in words if len(word) > 1 for g in covering_bigrams(word)))
    if grams and connection.vendor == "postgresql":
        query = " & ".join(grams)
        sql = "SELECT petition_id FROM petitions_petitionsearchtext WHERE vector @@ to_tsquery('simple', %s)"
    elif grams and connection.vendor == "sqlite":
        query = " AND ".join(f'"{g}"' for g in grams)
        sql = "SELECT rowid FROM petition_fts WHERE petition_fts MATCH %s"
    else:
        query = None
    if query:
        floor = _newest_window(query)
        if floor is None:
            queryset = queryset.filter(pk__in=RawSQL(sql, [query]))
        else:
            column = "petition_id" if connection.vendor == "postgresql" else "rowid"
            queryset = queryset.filter(pk__gt=floor, pk__in=RawSQL(f"{sql} AND {column} > %s", [query, floor]))
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(content__icontains=word))
    return queryset
