"""Properties over random items: every breakdown adds up to its total, and the totals to each other."""

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petitions.models import Channel, ContentType, Petition, ReceivedLevel
from stats.figures import Visits, compute
from stats.periods import Period

pytestmark = pytest.mark.django_db
_codes = itertools.count()

item = st.fixed_dictionaries({
    "channel": st.sampled_from(Channel.values),
    "level": st.sampled_from(ReceivedLevel.values),
    "headcount": st.integers(1, 30),
    "content_type": st.sampled_from(ContentType.values),
    "category": st.sampled_from(["劳动社保", "拖欠工资", "国土资源水利林业", "城乡建设", "物业管理"]),
    "place": st.sampled_from(["T", "V", "O"]),
    "repeat": st.booleans(),
    "day": st.integers(0, 364),
})


def _create(items, units, categories):
    rows = []
    for spec in items:
        is_visit = spec["channel"] == Channel.VISIT
        headcount = spec["headcount"] if is_visit else 1  # only visits count persons (as registration does)
        received = dt.date(2026, 1, 1) + dt.timedelta(days=spec["day"])
        rows.append(Petition(
            query_code=f"Q{next(_codes):011d}", channel=spec["channel"], received_on=received,
            received_level=spec["level"], headcount=headcount, is_collective=is_visit and headcount >= 5,
            is_repeat=spec["repeat"], title="t", content="c", content_type=spec["content_type"],
            category=categories[spec["category"]], place=units[spec["place"]], registered_at=timezone.now(),
            decision_due_on=received,
        ))
    Petition.objects.bulk_create(rows)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(item, max_size=40))
def test_breakdowns_add_up_to_the_totals(items, township, village, other_township, categories):
    units = {"T": township, "V": village, "O": other_township}
    with transaction.atomic():
        _create(items, units, categories)
        whole = compute(Period.year(2026), as_of=dt.date(2027, 1, 1), compare=False)
        parts = [compute(Period.year(2026), unit, as_of=dt.date(2027, 1, 1), compare=False)
                 for unit in (township, other_township)]
        transaction.set_rollback(True)
    v, b = whole.volume, whole.breakdowns
    assert v.items == len(items)
    assert v.all_channel_total == sum(spec["headcount"] if spec["channel"] == Channel.VISIT else 1 for spec in items)
    for rows in (b.channel, b.content_type, b.received_level, b.category, b.subcategory, b.place, b.area):
        assert sum(r.items for r in rows) == v.items
        assert sum(r.persons for r in rows) == v.all_channel_total
    assert v.own_total == v.letters + v.visits.persons
    assert v.visits == v.individual_visits + v.collective_visits
    assert v.skip_level.total == v.skip_level.city + v.skip_level.province + v.skip_level.capital
    assert v.all_channel_total == v.own_total + v.skip_level.total.persons + v.phone + v.online
    assert v.repeat_items == sum(spec["repeat"] for spec in items)
    # The county is its two townships (every place lies in one of them).
    for name in ("items", "own_total", "all_channel_total", "letters", "phone", "online", "repeat_items"):
        assert getattr(v, name) == sum(getattr(p.volume, name) for p in parts), name
    assert v.visits == sum((p.volume.visits for p in parts), Visits())
    assert [r.items for r in b.top_places] == sorted((r.items for r in b.area if r.items), reverse=True)[:10]
