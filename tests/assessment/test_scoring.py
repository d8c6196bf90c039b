"""Points and ranks against hand-computed figures of the small county (``tests/stats/conftest.py``).

Units: T 化子坪镇 (with its village V), O 建华镇, D 县人社局. The figures of each unit for March and June 2026 are
counted by hand from ``ITEMS_2026`` (the comment next to each value names the items); the points follow the default
scheme (docs/assessment.md): timely acceptance 15 / on-time closure 25 / reply 15 (targets 95%), satisfaction 20
(target 90%), repeat petitions 15 (−3 per item), skip-level persons 10 (−2 per person); deductions 1 per overdue
item (cap 10), 2 per skip-level batch (cap 10).
"""

import datetime as dt
from decimal import Decimal

import pytest

from assessment.models import AssessmentScheme
from assessment.scoring import (
    Group,
    UnitResult,
    figure_text,
    period_label,
    rank_units,
    ranked,
    scheme_for,
    year_to_date,
)
from organisation.models import Unit, UnitKind
from stats.periods import Period

from .conftest import AS_OF

pytestmark = pytest.mark.django_db
D = Decimal


def points(result: UnitResult) -> dict[str, Decimal]:
    return {s.indicator.key: s.points for s in result.scores}


def by_name(ranking, name: str) -> UnitResult:
    return next(r for r in ranking.results if r.unit.name == name)


def test_march_points_of_a_township_against_hand_counts(county_data):
    ranking = rank_units(Period.month(2026, 3), as_of=AS_OF)
    t = by_name(ranking, "化子坪镇")
    # Decisions on items from T: B5 (17 March) and E1 (12 March), both within 15 days.
    assert t.figures.rates.timely_acceptance.fraction == 1
    # Due in March: A1 (9 March), replied 20 January: on time.
    assert (t.figures.handling.on_time, t.figures.handling.due) == (1, 1)
    # Assigned in March: B5, E1; reported back by 31 March: E1 (30 March).
    assert (t.figures.handling.assigned_closed, t.figures.handling.assigned) == (1, 2)
    # Replied in March: E1, evaluated 满意.
    assert t.figures.rates.satisfaction.fraction == 1
    assert t.figures.volume.repeat_items == 1  # B5
    assert t.figures.volume.skip_level.total.persons == 2 and t.figures.volume.skip_level.total.batches == 1  # E1
    assert points(t) == {
        "timely_acceptance": D("15.00"),
        "on_time_closure": D("25.00"),
        "reply": D("7.89"),  # 15 × 50 ÷ 95 = 7.894…
        "satisfaction": D("20.00"),
        "repeat": D("12.00"),  # 15 − 3
        "skip_level": D("6.00"),  # 10 − 2 × 2
    }
    assert [(d.key, d.count, d.points) for d in t.deductions] == [("overdue", 0, D("0.00")), ("escalated", 1, D("2.00"))]
    assert t.indicator_points == D("85.89")
    assert t.score == D("83.89")


def test_an_indicator_without_anything_to_do_gets_full_points_and_says_why(county_data):
    ranking = rank_units(Period.month(2026, 3), as_of=AS_OF)
    o = by_name(ranking, "建华镇")  # A3 declined on time; nothing assigned to, due at or replied by 建华镇 in March
    scores = {s.indicator.key: s for s in o.scores}
    assert scores["timely_acceptance"].points == D("15.00") and not scores["timely_acceptance"].full_by_rule
    for key, reason in [("on_time_closure", "本期无到期事项"), ("reply", "本期无交办事项"),
                        ("satisfaction", "本期办结事项均未评价")]:
        assert scores[key].full_by_rule
        assert scores[key].points == scores[key].weight
        assert figure_text(scores[key]) == f"无法计算（{reason}），按满分计"
        assert "0%" not in figure_text(scores[key]) and "0.0%" not in figure_text(scores[key])
    assert o.score == D("100.00")
    assert o.had_work


def test_june_overdue_and_skip_level_deductions(county_data):
    ranking = rank_units(Period.month(2026, 6), as_of=AS_OF)
    t, o, d = (by_name(ranking, n) for n in ("化子坪镇", "建华镇", "县人社局"))
    # T: B2 due 8 June, never replied: overdue; B3 replied 15 June, 满意; D1 decided on time; nothing assigned to T.
    assert points(t) == {"timely_acceptance": D("15.00"), "on_time_closure": D("0.00"), "reply": D("15.00"),
                         "satisfaction": D("20.00"), "repeat": D("15.00"), "skip_level": D("10.00")}
    assert t.deduction("overdue").count == 1 and t.deduction("overdue").points == D("1.00")
    assert t.score == D("74.00")
    # O: E2 (province, 6 persons) assigned 16 June, replied only in September.
    assert points(o) == {"timely_acceptance": D("15.00"), "on_time_closure": D("25.00"), "reply": D("0.00"),
                         "satisfaction": D("20.00"), "repeat": D("15.00"), "skip_level": D("0.00")}  # 10 − 12 → 0
    assert o.deduction("escalated").count == 1 and o.score == D("73.00")
    # D: D1 assigned 2 June, replied 20 June (an accusation: not evaluated); no decision on an item of its area.
    assert d.figures.rates.reply.fraction == 1 and not d.figures.rates.satisfaction.computable
    assert d.score == D("100.00")
    townships = next(g for g in ranking.groups if g.group == Group.TOWNSHIPS)
    assert [(r.rank, r.unit.name) for r in townships.results] == [(1, "化子坪镇"), (2, "建华镇")]
    departments = next(g for g in ranking.groups if g.group == Group.DEPARTMENTS)
    assert [(r.rank, r.unit.name) for r in departments.results] == [(1, "县人社局")]
    assert "化子坪村" not in [r.unit.name for r in ranking.results]  # villages are not assessed


def test_a_stored_scheme_is_used_with_its_targets_and_caps(county_data):
    AssessmentScheme.objects.create(
        year=2026, reply_target=D("50"), escalated_per_batch=D("5"), escalated_cap=D("3"))
    ranking = rank_units(Period.month(2026, 3), as_of=AS_OF)
    t = by_name(ranking, "化子坪镇")
    assert points(t)["reply"] == D("15.00")  # 50% reaches the target of 50%
    escalated = t.deduction("escalated")
    assert (escalated.points, escalated.capped) == (D("3.00"), True)  # 5 × 1 batch, capped at 3
    assert t.score == D("90.00")  # 15 + 25 + 15 + 20 + 12 + 6 − 3
    assert ranking.scheme.is_stored


def test_year_to_date_is_computed_on_the_figures_of_the_whole_range(county_data):
    period = year_to_date(Period.month(2026, 3))
    assert (period.start, period.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_label(period) == "2026年1—3月"
    ranking = rank_units(period, as_of=AS_OF)
    t = by_name(ranking, "化子坪镇")
    # Assigned January–March to T: A1, A2, B5, E1; reported back by 31 March: A1, E1.
    assert (t.figures.handling.assigned_closed, t.figures.handling.assigned) == (2, 4)
    assert points(t)["reply"] == D("7.89")


def test_the_default_scheme_adds_up_and_is_not_stored(db):
    scheme = scheme_for(2031)
    assert not scheme.is_stored
    assert scheme.weights_sum == scheme.total == D(100)
    scheme.full_clean()


def _result(unit, score):
    class Fixed(UnitResult):
        @property
        def score(self):
            return score

    return Fixed(unit, None, (), ())


def test_equal_scores_share_a_rank_in_tree_order(db):
    county = Unit.objects.create(name="县", kind=UnitKind.COUNTY)
    a, b, c, d = (Unit.objects.create(name=n, kind=UnitKind.TOWNSHIP, parent=county) for n in "甲乙丙丁")
    results = ranked([_result(d, D("90")), _result(c, D("95")), _result(b, D("90")), _result(a, D("80"))])
    assert [(r.rank, r.unit.name) for r in results] == [(1, "丙"), (2, "乙"), (2, "丁"), (4, "甲")]
    again = ranked([_result(a, D("80")), _result(b, D("90")), _result(d, D("90")), _result(c, D("95"))])
    assert [(r.rank, r.unit.name) for r in again] == [(r.rank, r.unit.name) for r in results]
