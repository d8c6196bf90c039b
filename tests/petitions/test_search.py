"""Content search: bigram index narrowing, the phrase checked on the text, pages read newest first from the index."""

import pytest
from django.db import connection

from petitions import search
from petitions.models import Petition

from ..factories import register

pytestmark = pytest.mark.django_db

PHRASE = "拖欠工资"
TEXTS = {
    "x": ("拖欠工资", "某公司拖欠工资三个月"),  # the phrase
    "d": ("工资问题", "拖欠、欠工、工资"),  # every bigram of the phrase, never the phrase: a candidate the text check turns away
    ".": ("村道损毁", "道路需要修复"),  # nothing of it
    "a": ("拖欠货款", "某商店拖欠货款"),  # 拖欠 alone
    "b": ("欠工资", "欠工资的问题"),  # 欠工 and 工资, without 拖欠
}


def _register_items(registrar, place, pattern: str) -> list[int]:
    """One item per character of ``pattern`` (see TEXTS), oldest first; the ids of the items that hold the phrase,
    newest first."""
    found = []
    for kind in pattern:
        title, content = TEXTS[kind]
        p = register(registrar, place, title=title, content=content)
        if kind == "x":
            found.append(p.pk)
    return found[::-1]


@pytest.fixture(params=[(3, 6), (100, 1000)], ids=["narrow windows", "wide windows"])
def small_windows(request, monkeypatch):
    """PostgreSQL's windows a few ids wide, so that a handful of items goes through every way of reading them
    (the newest items one by one, further windows sized from what they held, the index for the rest), or wide
    enough for all, so that the batches read one window in several steps; SQLite reads one stream and ignores
    them. The sample of older items is all of them (the same way every run)."""
    walk, walk_max = request.param
    monkeypatch.setattr(search._PostgresCandidates, "WALK", walk)
    monkeypatch.setattr(search._PostgresCandidates, "WALK_MAX", walk_max)
    monkeypatch.setattr(search._PostgresCandidates, "SAMPLE", 10**9)


def _analyze():
    """The planner's statistics of the search table, as autovacuum would gather them (inside the test's
    transaction, they see its items and go with it)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petitionsearchtext")


def _has_statistics() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'petitions_petitionsearchtext' AND attname = 'vector' "
            "AND most_common_elems IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


@pytest.fixture
def reads(monkeypatch):
    """PostgreSQL only: how the candidates were read — each window read item by item, each read through the index,
    each sample of older items, each look further down."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's way of reading candidates")
    monkeypatch.setattr(search._PostgresCandidates, "SAMPLE", 10**9)  # all older items: the same way every run
    seen = {"walk": 0, "index": 0, "sample": 0, "probe": 0}
    methods = {"walk": "_walk", "index": "_through_index", "sample": "_sampled_share", "probe": "_holds_candidates"}
    for name, method in methods.items():
        original = getattr(search._PostgresCandidates, method)

        def counting(self, *args, _original=original, _name=name):
            seen[_name] += 1
            return _original(self, *args)

        monkeypatch.setattr(search._PostgresCandidates, method, counting)
    return seen


def test_word_bigrams_overlap():
    assert search.word_bigrams("拖欠工资") == ["拖欠", "欠工", "工资"]
    assert search.word_bigrams("拆迁") == ["拆迁"]
    assert search.word_bigrams("哈哈哈") == ["哈哈"]


def test_a_phrase_is_found_only_where_its_words_stand_together(registrar, township):
    wages = register(registrar, township, title="拖欠工资", content="某公司拖欠农民工工资三个月")
    scattered = register(registrar, township, title="工资拖欠", content="欠工资的问题")  # 拖欠 and 工资, not 拖欠工资
    apart = register(registrar, township, title="工资问题", content="拖欠、欠工、工资")  # all its bigrams, apart
    found = set(search.matching(Petition.objects.all(), "拖欠工资"))
    assert wages in found and scattered not in found and apart not in found
    assert search.newest_ids(Petition.objects.all(), "拖欠工资", 0, 10) == [wages.pk]


def test_a_word_and_a_lone_character(registrar, township):
    p = register(registrar, township, title="耕地补偿", content="村有耕地4亩，今年未发补偿")
    assert p in search.matching(Petition.objects.all(), "村有耕地4亩，今")
    assert search.newest_ids(Petition.objects.all(), "村有耕地4亩，今", 0, 10) == [p.pk]
    # A lone character is not in the index: the text is checked item by item.
    assert search.newest_ids(Petition.objects.all(), "今", 0, 10) == [p.pk]


@pytest.mark.parametrize(
    "pattern",
    [
        "x.xdx..xxd.x.x...xx",  # matches in every window, decoys among them
        "xx" + "." * 14,  # matches only in the oldest items, below every window
        "x" + "d" * 10 + "xx",  # the newest window full, then decoys only, then matches below
        "x" * 12,  # every item
        "d.d.",  # candidates, no match
    ],
)
@pytest.mark.parametrize("analysed", [False, True], ids=["no statistics", "analysed"])
def test_newest_ids_are_exactly_the_matches_newest_first_across_windows(
    registrar, township, small_windows, pattern, analysed
):
    expected = _register_items(registrar, township, pattern)
    if analysed:
        _analyze()
    everything = Petition.objects.all()
    assert list(search.matching(everything, PHRASE).order_by("-pk").values_list("pk", flat=True)) == expected
    for offset in range(len(expected) + 2):
        for limit in (1, 2, 3, 5, 100):
            assert search.newest_ids(everything, PHRASE, offset, limit) == expected[offset : offset + limit], (offset, limit)


@pytest.mark.parametrize("analysed", [False, True], ids=["no statistics", "analysed"])
@pytest.mark.parametrize("common", [False, True], ids=["rare word", "common word"])
@pytest.mark.parametrize("turned_away_after", [2, 10**6])
def test_newest_ids_keep_to_the_lists_filters(
    registrar, township, other_township, small_windows, monkeypatch, turned_away_after, common, analysed, request
):
    """Candidates outside the list (another place here, as the access rule leaves out another unit's items) are
    turned away by the check, and more are read until the page is full — or, once most of them are turned
    away, the rest is asked of the database in one query: joined to the index, or, for a word common among the
    items left (PostgreSQL), from the list's own items without the index."""
    monkeypatch.setattr(search, "TURNED_AWAY_AFTER", turned_away_after)
    monkeypatch.setattr(search._PostgresCandidates, "COMMON", -1 if common else 10**9)
    joins, asked = [], []  # the rest joined to the index; the rest asked of the database at all
    all_candidates_sql = search._all_candidates_sql
    monkeypatch.setattr(search, "_all_candidates_sql", lambda: joins.append(1) or all_candidates_sql())
    for candidates in (search._PostgresCandidates, search._SqliteCandidates):
        monkeypatch.setattr(candidates, "common", lambda self, common=candidates.common: asked.append(1) or common(self))
    here = _register_items(registrar, township, "x.x")
    there = _register_items(registrar, other_township, "x" * 40)  # most candidates are turned away
    here = _register_items(registrar, township, "dx") + here
    assert there
    if analysed:
        _analyze()
    items = Petition.objects.filter(place=township)
    for offset in range(len(here) + 1):
        for limit in (1, 2, 30):
            assert search.newest_ids(items, PHRASE, offset, limit) == here[offset : offset + limit], (offset, limit)
    narrow = request.node.callspec.params["small_windows"][1] < 10
    if turned_away_after == 2 and not (narrow and connection.vendor == "postgresql"):
        assert asked  # (PostgreSQL's narrow windows reach the index, which reads the rest at once, first)
    from_the_list = common and connection.vendor == "postgresql"
    assert bool(joins) == (bool(asked) and not from_the_list)
    assert list(search.matching(items, PHRASE).order_by("-pk").values_list("pk", flat=True)) == here


def test_nothing_to_search(registrar, township):
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 10) == []  # no items at all
    register(registrar, township)
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 10) == []


# A word common among the older items but absent from the newest ones (a seasonal complaint out of season, any word
# after a burst of items about something else), on PostgreSQL: the first window, the newest four items, holds none.
OUT_OF_SEASON = "x.xxdx.xx" * 3 + "." * 8


def test_a_word_common_among_older_items_is_read_item_by_item_past_the_newest(registrar, township, monkeypatch, reads):
    """The statistics and the sample say that the older items hold it often: the next page lies a few items
    further down, and reading every older match through the index would cost more (much more, here: a table of a
    few dozen items is read through its index in no time)."""
    monkeypatch.setattr(search._PostgresCandidates, "WALK", 4)
    monkeypatch.setattr(search._PostgresCandidates, "INDEX_READ_COST", 1000)
    expected = _register_items(registrar, township, OUT_OF_SEASON)
    _analyze()
    everything = Petition.objects.all()
    for offset, limit in [(0, 1), (0, 5), (2, 3), (10, 100)]:
        assert search.newest_ids(everything, PHRASE, offset, limit) == expected[offset : offset + limit], (offset, limit)
    assert reads["index"] == 0 and reads["sample"] == 4  # one sample a search
    assert reads["walk"] > 4


def test_without_statistics_a_word_absent_from_the_newest_items_is_read_through_the_index(
    registrar, township, monkeypatch, reads
):
    """Before the table's first ANALYZE nothing says the word is common further down: as for a rare word, the
    older matches are read through the index."""
    monkeypatch.setattr(search._PostgresCandidates, "WALK", 4)
    expected = _register_items(registrar, township, OUT_OF_SEASON)
    if _has_statistics():  # left by autovacuum after a test that committed: forgotten with this test's transaction
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM pg_statistic WHERE starelid = 'petitions_petitionsearchtext'::regclass")
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 5) == expected[:5]
    assert reads == {"walk": 1, "index": 1, "sample": 0, "probe": 0}


def test_a_word_whose_bigrams_are_common_apart_is_read_through_the_index(registrar, township, monkeypatch, reads):
    """拖欠 and 欠工资 are each in half the items, 拖欠工资 in none of the older ones: the statistics' bound would
    have the search walk through them all (at the cost the index read is made to have here), the sample finds no
    candidate, and the index is read (at once, for a phrase one of whose bigrams is in no item at all)."""
    monkeypatch.setattr(search._PostgresCandidates, "WALK", 4)
    monkeypatch.setattr(search._PostgresCandidates, "INDEX_READ_COST", 1000)
    _register_items(registrar, township, "ab" * 12 + "....")
    _analyze()
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 5) == []
    assert reads == {"walk": 1, "index": 1, "sample": 1, "probe": 0}
    assert search.newest_ids(Petition.objects.all(), "拖欠工钱", 0, 5) == []  # no 工钱 anywhere
    assert reads == {"walk": 2, "index": 2, "sample": 1, "probe": 0}


@pytest.mark.parametrize("absent_for", [8, 30])
def test_a_word_absent_further_down_than_the_walk_may_go_is_read_through_the_index(
    registrar, township, monkeypatch, reads, absent_for
):
    """The walk past the newest items may cost half the index read: here 60 items (the index read made to cost
    120). A few items are looked at where it would have to find the word to fill the page; the word is there
    when it is absent from the newest 8 items, and the walk goes on, not when it is absent from the newest 30."""
    monkeypatch.setattr(search._PostgresCandidates, "WALK", 4)
    monkeypatch.setattr(search._PostgresCandidates, "_index_read", lambda self, share: 120)
    expected = _register_items(registrar, township, "x" * 20 + "." * absent_for)
    _analyze()
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 5) == expected[:5]
    walked_on = absent_for == 8
    assert reads["sample"] == reads["probe"] == 1
    assert (reads["walk"], reads["index"]) == ((2, 0) if walked_on else (1, 1))
