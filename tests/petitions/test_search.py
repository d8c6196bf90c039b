"""Content search: bigram index narrowing, the phrase checked on the text, pages read newest first from the index."""

import pytest

from petitions import search
from petitions.models import Petition

from ..factories import register

pytestmark = pytest.mark.django_db

PHRASE = "拖欠工资"
TEXTS = {
    "x": ("拖欠工资", "某公司拖欠工资三个月"),  # the phrase
    "d": ("工资问题", "拖欠、欠工、工资"),  # every bigram of the phrase, never the phrase: a candidate the text check turns away
    ".": ("村道损毁", "道路需要修复"),  # nothing of it
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
    them."""
    walk, walk_max = request.param
    monkeypatch.setattr(search._PostgresCandidates, "WALK", walk)
    monkeypatch.setattr(search._PostgresCandidates, "WALK_MAX", walk_max)


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
def test_newest_ids_are_exactly_the_matches_newest_first_across_windows(registrar, township, small_windows, pattern):
    expected = _register_items(registrar, township, pattern)
    everything = Petition.objects.all()
    assert list(search.matching(everything, PHRASE).order_by("-pk").values_list("pk", flat=True)) == expected
    for offset in range(len(expected) + 2):
        for limit in (1, 2, 3, 5, 100):
            assert search.newest_ids(everything, PHRASE, offset, limit) == expected[offset : offset + limit], (offset, limit)


@pytest.mark.parametrize("turned_away_after", [2, 10**6])
def test_newest_ids_keep_to_the_lists_filters(
    registrar, township, other_township, small_windows, monkeypatch, turned_away_after
):
    """Candidates outside the list (another place here, as the access rule leaves out another unit's items) are
    turned away by the check, and more are read until the page is full — or, once most of them are turned
    away, the rest is asked of the database in one query."""
    monkeypatch.setattr(search, "TURNED_AWAY_AFTER", turned_away_after)
    here = _register_items(registrar, township, "x.x")
    there = _register_items(registrar, other_township, "xxxxxxxx")
    here = _register_items(registrar, township, "dx") + here
    assert there
    items = Petition.objects.filter(place=township)
    for offset in range(len(here) + 1):
        for limit in (1, 2, 30):
            assert search.newest_ids(items, PHRASE, offset, limit) == here[offset : offset + limit], (offset, limit)
    assert list(search.matching(items, PHRASE).order_by("-pk").values_list("pk", flat=True)) == here


def test_nothing_to_search(registrar, township):
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 10) == []  # no items at all
    register(registrar, township)
    assert search.newest_ids(Petition.objects.all(), PHRASE, 0, 10) == []
