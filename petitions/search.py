"""Content search over character bigrams, with the database's own full-text index.

PostgreSQL: a GIN index over the stored ``vector`` column (``to_tsvector('simple', bigrams)``, a generated
column the migration adds); SQLite: an FTS5 table ``petition_fts``.
Bigrams narrow the candidates through the index; the phrase itself is then checked on the real text, so the
results are exactly the items whose subject or content holds every word of the phrase.

Two ways to read the same result:

- ``matching(queryset, phrase)``: one queryset of every match (counts, exports, tests);
- ``newest_ids(queryset, phrase, offset, limit)``: one page of it, newest first, without collecting every match —
  candidates are read newest first, in batches, and only those are checked against the list's other filters
  and the phrase (see ``_PostgresCandidates`` for how PostgreSQL reads them).
"""

from __future__ import annotations

import re

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from config.rows import insert

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
        insert(PetitionSearchText(petition=petition, bigrams=text))
    else:
        PetitionSearchText.objects.update_or_create(petition=petition, defaults={"bigrams": text})
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if not created:
                cursor.execute("DELETE FROM petition_fts WHERE rowid = %s", [petition.pk])
            cursor.execute("INSERT INTO petition_fts(rowid, bigrams) VALUES (%s, %s)", [petition.pk, text])


def word_bigrams(word: str) -> list[str]:
    """Every bigram of ``word``, overlapping: 土地确权 → 土地, 地确, 确权.

    The index holds each item's bigrams without their order, so it cannot check that they stand together; but
    the overlapping ones come close: 土地 and 确权 are both in many items that never say 土地确权, 地确 in few
    but those. The index (GIN or FTS5) intersects the rarest list first, so the extra bigram makes a search
    cheaper, not dearer, and leaves few candidates for the check on the text.
    """
    return list(dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)))


def _index_grams(words: list[str]) -> list[str]:
    """The bigrams the index is asked for: those of the words of two or more characters.

    A lone character is indexed only where it stands alone in the text, so "今" would never find "今年": such
    words are left to the check on the text.
    """
    return list(dict.fromkeys(g for word in words if len(word) > 1 for g in word_bigrams(word)))


def _index_query(grams: list[str]) -> str | None:
    """The full-text query for ``grams`` (None: none, or no index)."""
    if not grams:
        return None
    if connection.vendor == "postgresql":
        return " & ".join(grams)
    if connection.vendor == "sqlite":
        return " AND ".join(f'"{g}"' for g in grams)
    return None


def _all_candidates_sql() -> str:
    if connection.vendor == "postgresql":
        return "SELECT petition_id FROM petitions_petitionsearchtext WHERE vector @@ to_tsquery('simple', %s)"
    return "SELECT rowid FROM petition_fts WHERE petition_fts MATCH %s"


def _checked(queryset, words: list[str]):
    """``queryset`` narrowed to items whose subject or content contains every word (the exact condition)."""
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(content__icontains=word))
    return queryset


def matching(queryset, phrase: str):
    """Filter ``queryset`` to items whose subject or content contains every word of ``phrase``: every match."""
    words = _runs(phrase)
    if not words:
        return queryset
    query = _index_query(_index_grams(words))
    if query:
        queryset = queryset.filter(pk__in=RawSQL(_all_candidates_sql(), [query]))
    return _checked(queryset, words)


# A list that turns away more than 15 in 16 of the first TURNED_AWAY_AFTER candidates (another unit's items, a
# filter) is left to one query that joins the list and the index in the database.
TURNED_AWAY_AFTER = 200


def newest_ids(queryset, phrase: str, offset: int, limit: int) -> list[int]:
    """Ids of ``matching(queryset, phrase)`` newest first, ``[offset : offset + limit]`` — the same items, found
    without collecting every match of a common word.

    Candidates come from the index newest first, in batches; each batch is checked against ``queryset`` (the
    list's filters and the access rule) and the phrase on the text. The first batch asks for as many as the page
    needs; when the checks turn some away, the next batches ask for more. When the list turns away most of them
    (a unit's handler searching a word found mostly in other units' items), streaming candidates would read
    the whole index a batch at a time: the rest of the page is then asked of the database in one query.
    """
    words = _runs(phrase)
    if not words:
        return list(queryset.order_by("-pk").values_list("pk", flat=True)[offset : offset + limit])
    checked = _checked(queryset, words)
    grams = _index_grams(words)
    query = _index_query(grams)
    if query is None:  # nothing for the index: every item is checked on its text, newest first
        return list(checked.order_by("-pk").values_list("pk", flat=True)[offset : offset + limit])
    candidates = _PostgresCandidates(query, grams) if connection.vendor == "postgresql" else _SqliteCandidates(query)
    need = offset + limit
    found: list[int] = []
    batch = need + 8
    seen = 0
    while len(found) < need and not candidates.exhausted:
        if seen >= TURNED_AWAY_AFTER and len(found) * 16 < seen:
            # The list turns away most candidates: the rest in one query, read from the list's own items when
            # the word is common among the items left (the smaller side then), else joined to the index.
            rest = checked if candidates.common() else checked.filter(pk__in=RawSQL(_all_candidates_sql(), [query]))
            if candidates.below is not None:  # below the candidates checked so far
                rest = rest.filter(pk__lt=candidates.below)
            found.extend(rest.order_by("-pk").values_list("pk", flat=True)[: need - len(found)])
            break
        ids = candidates.next(batch)
        if ids:
            seen += len(ids)
            passed = set(checked.filter(pk__in=ids).values_list("pk", flat=True))
            found.extend(pk for pk in ids if pk in passed)
            if len(passed) < len(ids):  # the filters turn candidates away: ask for more at a time
                batch = min(batch * 4, 4_000)
    return found[offset:need]


class _SqliteCandidates:
    """FTS5 reads an AND query in descending rowid order and stops at the limit, however common the words."""

    def __init__(self, query: str):
        self.query = query
        self.below: int | None = None
        self.exhausted = False

    def next(self, n: int) -> list[int]:
        sql = "SELECT rowid FROM petition_fts WHERE petition_fts MATCH %s"
        params: list = [self.query]
        if self.below is not None:
            sql += " AND rowid < %s"
            params.append(self.below)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} ORDER BY rowid DESC LIMIT %s", [*params, n])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < n:
            self.exhausted = True
        elif ids:
            self.below = ids[-1]
        return ids

    def common(self) -> bool:
        """Never: SQLite joins FTS5's matches to a list faster than it reads a large list's items (at a million
        items, 拖欠工资 for the largest unit: 128 ms joined, 191 ms from the list)."""
        return False


class _PostgresCandidates:
    """Candidate ids from the search table, newest first, read item by item for as long as that pays, then
    through the GIN index.

    A GIN index answers a query with a bitmap of every match, in no useful order: for a word in 8% of a million
    items that is 80,000 rows to read and sort for one page. Reading the newest items one by one and testing each
    against the query costs about half a microsecond an item instead, so a common word fills a page from the
    newest few thousand items. So:

    - the newest ``WALK`` items are read one by one; if they do not hold enough candidates, the next window is
      sized from the share of candidates found so far;
    - unless reading that many items costs more than reading all older matches through the index, as it does
      for a word that is rare (or absent) among the newest items: its matches are few, so is the bitmap.

    A word can also be rare among the newest items and common among the older ones: a seasonal complaint
    (供暖 searched in summer), any word after a burst of items about something else. Reading all its older
    matches through the index is then the dearest read of all (征地补偿, absent from the newest ~20,000 of a
    million items: 98,000 matches, ~400 ms), while the page may lie a few thousand items further down. So before
    the rest is left to the index, the share of candidates among the older items is estimated, once a search, in
    two steps, each of which can say "rare" and stop:

    - ANALYZE's statistics of the ``vector`` column list the most frequent bigrams (about a thousand) with the
      share of rows that hold each (``most_common_elems``, ``most_common_elem_freqs``). A candidate holds every
      bigram of the query, so the rarest one's share bounds the share of candidates from above. A bigram not in
      the list is rarer than the least listed (1.7% at a million items): such a word, and any word while the
      table has no statistics, goes to the index as before (~1.5 ms for the statistics);
    - the bound is no estimate (改造, 造补 and 补偿 are each in 2-16% of the items, 改造补偿 in none): if walking
      would pay even at the bound, about ``SAMPLE`` older items are tested against the query, and their share of
      candidates is the estimate (``TABLESAMPLE SYSTEM``: whole pages at random, the same ones each time, so that
      they stay in memory; ~2 ms).

    Walking on at that share is weighed against the index read as above, except that the items already read in
    vain count too, and that the walk may cost at most half as much as the index read would. How far down the
    word is absent is not known, so before walking on, the few items (~4 candidates' worth) just above the
    deepest point the walk could reach and still fill the page are tested: if the word is absent there too, the
    index is read at once. A wrong guess costs at most about half the index read more — more where the newest rows
    are stored one a page (in room deleted rows left, as in the benchmark's database): each item read then costs
    about as much as a match read through the index.

    The planner is not asked to choose between the two: its estimate of a phrase's matches multiplies the
    frequencies of its bigrams as if they were independent, so it is far off both ways. The item by item read
    is fenced (``OFFSET 0``: nothing is pushed into the ordered subquery), and for the index read the other ways
    are turned off for that one query (a word common in the table's statistics but rare among the newest items
    would otherwise be read item by item, or the table scanned). Each window is read to its end before the next
    one begins, so the ids come out newest first exactly.
    """

    WALK = 4_000  # the first window, ~3 ms
    WALK_MAX = 100_000  # the longest window read in one query
    # A match read through the index (its row fetched out of order, then sorted) costs about as much as six
    # items read in order.
    INDEX_READ_COST = 6
    SAMPLE = 2_000  # the older items tested for the share of candidates among them
    # Reading every match through the index and checking each against a list costs about 9 µs a match (the search
    # row, then the item, both out of order): beyond this many, a list's own items are read instead (``common``).
    COMMON = 10_000
    # For the index read: no scan of the table or of the id index, no parallel workers or JIT compilation
    # (their start-up alone costs more than reading a rare word's matches).
    INDEX_READ_SETTINGS = {
        "enable_seqscan": "off", "enable_indexscan": "off", "max_parallel_workers_per_gather": "0", "jit": "off",
    }

    def __init__(self, query: str, grams: list[str]):
        self.query, self.grams = query, grams
        with connection.cursor() as cursor:
            cursor.execute("SELECT min(petition_id), max(petition_id) FROM petitions_petitionsearchtext")
            self.oldest, newest = cursor.fetchone()
        self.exhausted = newest is None
        self.below = (newest or 0) + 1  # the next candidate's id is below this
        self.top = self.below  # the current window: (floor, top)
        self.floor = self.below - 1 - self.WALK
        self.walking = True
        self.walked = self.found = 0  # items read one by one so far, and the candidates among them
        self.older: float | None = None  # the estimated share of candidates among the older items, once asked
        self.probed = False  # candidates found where a walk past the newest items would have to reach

    def next(self, n: int) -> list[int]:
        if self.walking:
            ids = self._walk(n)
            self.found += len(ids)
        else:
            ids = self._through_index(n)
        if len(ids) == n:
            self.below = ids[-1]
        elif not self.walking or self.floor < 1:
            self.exhausted = True
        else:  # the window is read to its end: size the next one, or leave the rest to the index
            self.walked += self.top - self.floor - 1
            self.below = self.top = self.floor + 1
            window = self._next_window(n - len(ids))
            if window:
                self.floor = self.below - 1 - window
            else:
                self.walking = False
        return ids

    def common(self) -> bool:
        """Whether the items not read yet hold more than ``COMMON`` candidates, at the share found so far (or
        sampled): then a list that turns most of them away is better read from its own items.

        The planner cannot see it: it takes a phrase of three bigrams for a rare one (拖欠工资: 560 expected among a
        million items, 76,853 found), joins the list to every match, and a township's handler waited 0.7–0.9 s
        for "none found" where reading the township's 9,000 items takes 25 ms.
        """
        read = self.walked + (self.top - self.below)
        share = max(self.found / read if read > 0 else 0.0, self.older or 0.0)
        return share * (self.below - self.oldest) > self.COMMON

    def _next_window(self, wanted: int) -> int:
        """How many more items to read one by one for ``wanted`` more candidates; 0: leave the rest to the index."""
        # With the share of candidates seen so far: the items to read in order for the rest (with a margin),
        # against the matches the index would read among all older items.
        share = self.found / self.walked
        if share and self._span(share, wanted) <= self._index_read(share):
            return min(max(self._span(share, wanted), self.WALK), self.WALK_MAX)
        # Too few among the items read so far: with the estimate for the older items, if it is higher, the items
        # read so far counted in, and against half the index read (see the class's docstring).
        older = self._older_share(wanted)
        if older <= share:
            return 0
        span, reach = self._span(older, wanted), self._index_read(older) // 2 - self.walked
        if span > reach or not self._holds_candidates(self.below - reach + span, older):
            return 0
        return min(reach, self.WALK_MAX)  # read only as far as needed: the walk stops at the page's last candidate

    def _span(self, share: float, wanted: int) -> int:
        """The items to read in order to find ``wanted`` candidates at ``share``, with a margin."""
        return int(wanted * 1.5 / share)

    def _index_read(self, share: float) -> int:
        """The cost of reading every older candidate through the index at ``share``, in items read in order."""
        return int(self.INDEX_READ_COST * share * (self.below - self.oldest))

    def _holds_candidates(self, edge: int, share: float) -> bool:
        """Whether the items just above id ``edge`` hold candidates (looked at once a search; at ``share``, ~4 are
        expected): if the word is still absent there, the walk would not fill the page before reaching it."""
        if not self.probed:
            self.probed = edge < self.oldest or bool(self._read(edge + self._span(share, 3), edge, 1))
        return self.probed

    def _older_share(self, wanted: int) -> float:
        if self.older is None:
            bound = self._statistics_bound()
            pays = bound and self.walked + self._span(bound, wanted) <= self._index_read(bound) // 2
            self.older = self._sampled_share() if pays else 0.0
        return self.older

    def _statistics_bound(self) -> float:
        """The share of items holding the query's rarest bigram, from ANALYZE's statistics; 0 when one of its
        bigrams is not among the most frequent, or the table has none.

        A tsvector column's ``most_common_elem_freqs`` ends with the least and the greatest frequency (no share of
        nulls), one more than the list of elements: ``unnest`` pairs them with nulls, which no bigram equals.
        """
        grams = self.grams
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.freq FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs)"
                " AS f(elem, freq) WHERE s.schemaname = current_schema() AND s.tablename = 'petitions_petitionsearchtext'"
                " AND s.attname = 'vector' AND f.elem = ANY(%s)",
                [grams],
            )
            freqs = [row[0] for row in cursor.fetchall()]
        return min(freqs) if len(freqs) == len(grams) else 0.0

    def _sampled_share(self) -> float:
        """The share of candidates among about ``SAMPLE`` items older than the window, chosen at random."""
        percent = min(100.0, 100.0 * self.SAMPLE / (self.below - self.oldest))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE vector @@ to_tsquery('simple', %s)) "
                "FROM petitions_petitionsearchtext TABLESAMPLE SYSTEM (%s) REPEATABLE (0) WHERE petition_id < %s",
                [self.query, percent, self.below],
            )
            items, candidates = cursor.fetchone()
        return candidates / items if items else 0.0

    def _walk(self, n: int) -> list[int]:
        return self._read(self.below, self.floor, n)

    def _read(self, below: int, floor: int, n: int) -> list[int]:
        """The first ``n`` candidates among the items between ids ``floor`` and ``below``, read one by one."""
        sql = (
            "SELECT petition_id FROM (SELECT petition_id, vector FROM petitions_petitionsearchtext "
            "WHERE petition_id < %s AND petition_id > %s ORDER BY petition_id DESC OFFSET 0) AS newest "
            "WHERE vector @@ to_tsquery('simple', %s) ORDER BY petition_id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [below, floor, self.query, n])
            return [row[0] for row in cursor.fetchall()]

    def _through_index(self, n: int) -> list[int]:
        sql = (
            "SELECT petition_id FROM petitions_petitionsearchtext WHERE vector @@ to_tsquery('simple', %s) "
            "AND petition_id < %s ORDER BY petition_id DESC LIMIT %s"
        )
        names = list(self.INDEX_READ_SETTINGS)
        with transaction.atomic(), connection.cursor() as cursor:
            # set_config(..., true) lasts until the end of the transaction; the old values are put back at once
            # in case the caller's transaction goes on.
            cursor.execute(
                "SELECT " + ", ".join(f"current_setting('{name}')" for name in names) + ", "
                + ", ".join(f"set_config('{name}', %s, true)" for name in names),
                list(self.INDEX_READ_SETTINGS.values()),
            )
            old = cursor.fetchone()[: len(names)]
            cursor.execute(sql, [self.query, self.below, n])
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in names), list(old))
        return ids
