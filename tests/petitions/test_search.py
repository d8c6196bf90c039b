"""Content search: bigram index narrowing, the phrase checked on the text, newest matches of a common word."""

import pytest

from petitions import search
from petitions.models import Petition

from ..factories import register

pytestmark = pytest.mark.django_db


def test_covering_bigrams_cover_every_character():
    assert search.covering_bigrams("拖欠工资") == ["拖欠", "工资"]
    assert search.covering_bigrams("征地补偿款") == ["征地", "补偿", "偿款"]
    assert search.covering_bigrams("拆迁") == ["拆迁"]


def test_a_phrase_is_found_only_where_its_words_stand_together(registrar, township):
    wages = register(registrar, township, title="拖欠工资", content="某公司拖欠农民工工资三个月")
    scattered = register(registrar, township, title="工资拖欠", content="欠工资的问题")  # 拖欠 and 工资, not 拖欠工资
    found = set(search.matching(Petition.objects.all(), "拖欠工资"))
    assert wages in found and scattered not in found


def test_a_word_and_a_lone_character(registrar, township):
    p = register(registrar, township, title="耕地补偿", content="村有耕地4亩，今年未发补偿")
    assert p in search.matching(Petition.objects.all(), "村有耕地4亩，今")


def test_a_common_word_searches_the_newest_items_and_a_rare_one_all(registrar, township, monkeypatch):
    monkeypatch.setattr(search, "NEWEST_MATCHES", 3)
    monkeypatch.setattr(search, "_WINDOWS", (4,))
    rare = register(registrar, township, title="危房改造补助", content="申请危房改造补助")
    common = [register(registrar, township, title="拖欠工资", content=f"拖欠工资第{i}件") for i in range(8)]
    found = list(search.matching(Petition.objects.all(), "拖欠工资").order_by("-pk"))
    # The newest window of 4 ids holds at least 3 matches: only those are searched.
    assert found == sorted(common[-4:], key=lambda p: -p.pk)
    assert list(search.matching(Petition.objects.all(), "危房改造")) == [rare]
