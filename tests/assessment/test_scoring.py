"""Points and ranks against hand-computed figures of the small county (``tests/stats/conftest.py``).

Units: T 化子坪镇 (with its village V), O 建华镇, D 县人社局. The figures of each unit for March and June 2026 are
counted by hand from ``ITEMS_2026`` (the comment next to each value names the items); the points follow the default
scheme (docs/assessment.md): timely acceptance 20 / on-time closure 30 / reply 15 (targets 95%), satisfaction 20
and repeat matters resolved 15 (targets 90%); deduction 1 per overdue item (cap 10). Skip-level visits are shown,
never scored; the deduction for skip-level items after a lapse of the unit is off by default.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from assessment.models import AssessmentScheme
from assessment.scoring import (
    INDICATORS,
    Group,
    UnitResult,
    figure_text,
    period_label,
    rank_units,
    ranked,
    scheme_for,
    scheme_text,
    year_to_date,
)
from organisation.models import Unit, UnitKind
from petitions.models import Channel, ReceivedLevel
from stats.periods import Period

from ..stats.conftest import RECORDED, Item, _assigned, build
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
    # B5 is a repeat petition, due only in May: no repeat petition fell due in March.
    assert t.extras.repeat.due == 0
    assert points(t) == {
        "timely_acceptance": D("20.00"),
        "on_time_closure": D("30.00"),
        "reply": D("7.89"),  # 15 × 50 ÷ 95 = 7.894…
        "satisfaction": D("20.00"),
        "repeat_resolved": D("15.00"),  # nothing to do: full points
        "dispute_resolution": D("0.00"),  # 0 points in the default scheme
    }
    assert [(d.key, d.count, d.points) for d in t.deductions] == [
        ("overdue", 0, D("0.00")), ("lapsed_skip_level", 0, D("0.00"))]
    assert t.score == D("92.89")
    # E1 (city, 2 persons): shown for information, no points.
    assert t.skip_level_text == "1批2人次"


def test_an_indicator_without_anything_to_do_gets_full_points_and_says_why(county_data):
    ranking = rank_units(Period.month(2026, 3), as_of=AS_OF)
    o = by_name(ranking, "建华镇")  # A3 declined on time; nothing assigned to, due at or replied by 建华镇 in March
    scores = {s.indicator.key: s for s in o.scores}
    assert scores["timely_acceptance"].points == D("20.00") and not scores["timely_acceptance"].full_by_rule
    for key, reason in [("on_time_closure", "本期无到期事项"), ("reply", "本期无交办事项"),
                        ("satisfaction", "本期办结事项均未评价"), ("repeat_resolved", "本期无到期的重复信访事项")]:
        assert scores[key].full_by_rule
        assert scores[key].points == scores[key].weight
        assert figure_text(scores[key]) == f"无法计算（{reason}），按满分计"
        assert "0%" not in figure_text(scores[key]) and "0.0%" not in figure_text(scores[key])
    assert o.score == D("100.00")
    assert o.had_work


def test_repeat_matters_resolved_in_may(county_data):
    ranking = rank_units(Period.month(2026, 5), as_of=AS_OF)
    t = by_name(ranking, "化子坪镇")
    # B5 (repeat of A1) assigned 17 March, due in May, replied 10 April: 1 of 1 resolved.
    assert (t.extras.repeat.closed, t.extras.repeat.due) == (1, 1)
    score = next(s for s in t.scores if s.indicator.key == "repeat_resolved")
    assert (figure_text(score), score.points) == ("100.0%", D("15.00"))


def test_june_overdue_deduction_and_skip_level_visits_without_points(county_data):
    ranking = rank_units(Period.month(2026, 6), as_of=AS_OF)
    t, o, d = (by_name(ranking, n) for n in ("化子坪镇", "建华镇", "县人社局"))
    # T: B2 due 8 June, never replied: overdue; B3 replied 15 June, 满意; D1 decided on time; nothing assigned to T.
    assert points(t) == {"timely_acceptance": D("20.00"), "on_time_closure": D("0.00"), "reply": D("15.00"),
                         "satisfaction": D("20.00"), "repeat_resolved": D("15.00"),
                         "dispute_resolution": D("0.00")}
    assert t.deduction("overdue").count == 1 and t.deduction("overdue").points == D("1.00")
    assert t.score == D("69.00")
    # O: E2 (province, 6 persons) assigned 16 June, replied only in September: reply 0 of 1. The skip-level visit
    # itself costs nothing (it repeats no earlier item of O).
    assert points(o) == {"timely_acceptance": D("20.00"), "on_time_closure": D("30.00"), "reply": D("0.00"),
                         "satisfaction": D("20.00"), "repeat_resolved": D("15.00"),
                         "dispute_resolution": D("0.00")}
    assert o.deducted == D("0.00") and o.score == D("85.00")
    assert o.skip_level_text == "1批6人次"
    # D: D1 assigned 2 June, replied 20 June (an accusation: not evaluated); no decision on an item of its area.
    assert d.figures.rates.reply.fraction == 1 and not d.figures.rates.satisfaction.computable
    assert d.score == D("100.00")
    townships = next(g for g in ranking.groups if g.group == Group.TOWNSHIPS)
    assert [(r.rank, r.unit.name) for r in townships.results] == [(1, "建华镇"), (2, "化子坪镇")]
    departments = next(g for g in ranking.groups if g.group == Group.DEPARTMENTS)
    assert [(r.rank, r.unit.name) for r in departments.results] == [(1, "县人社局")]
    assert "化子坪村" not in [r.unit.name for r in ranking.results]  # villages are not assessed


def test_december_a_skip_level_repeat_of_an_item_within_its_limits_costs_nothing(county_data):
    """E4 (city, 1 December) repeats E3, assigned to 化子坪镇 on 13 October and due only on 12 December."""
    AssessmentScheme.objects.create(year=2026, lapsed_skip_level_deducted=True)
    t = by_name(rank_units(Period.month(2026, 12), as_of=AS_OF), "化子坪镇")
    assert county_data.item("E3").handling_due_on > county_data.item("E4").received_on
    assert t.extras.lapsed_skip_level == 0 and t.deduction("lapsed_skip_level").points == D("0.00")
    assert t.skip_level_text == "1批1人次"


def test_a_stored_scheme_is_used_with_its_targets_and_caps(county_data):
    AssessmentScheme.objects.create(year=2026, reply_target=D("50"), overdue_per_item=D("5"), overdue_cap=D("3"))
    march = by_name(rank_units(Period.month(2026, 3), as_of=AS_OF), "化子坪镇")
    assert points(march)["reply"] == D("15.00")  # 50% reaches the target of 50%
    ranking = rank_units(Period.month(2026, 6), as_of=AS_OF)
    june = by_name(ranking, "化子坪镇")
    overdue = june.deduction("overdue")
    assert (overdue.points, overdue.capped) == (D("3.00"), True)  # 5 × 1 item, capped at 3
    assert june.score == D("67.00")  # 20 + 0 + 15 + 20 + 15 − 3
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


VOLUME_FIELDS = {"repeat_weight", "repeat_per_item", "skip_level_weight", "skip_level_per_person",
                 "escalated_per_batch", "escalated_cap"}


def test_the_default_scheme_scores_handling_rates_only(db):
    """No indicator or deduction counts how many petitions came in (DESIGN.md §6)."""
    assert [i.key for i in INDICATORS] == [
        "timely_acceptance", "on_time_closure", "reply", "satisfaction", "repeat_resolved", "dispute_resolution"]
    assert not VOLUME_FIELDS & {f.name for f in AssessmentScheme._meta.fields}
    scheme = scheme_for(2031)
    assert not scheme.lapsed_skip_level_deducted
    assert scheme_text(scheme) == [
        "考核信访事项的办理情况，不考核信访数量：及时受理率20分、按期办结率30分、回复率15分、满意率20分、"
        "重复信访事项化解率15分、矛盾纠纷化解率0分，共100分。",
        "各项指标达到目标值（及时受理率不低于95%、按期办结率不低于95%、回复率不低于95%、满意率不低于90%、"
        "重复信访事项化解率不低于90%、矛盾纠纷化解率不低于90%）的得满分，低于目标值的按比例得分；本期无此项工作的按满分计。",
        "扣分项：期末超过办理期限仍未办结的事项每件扣1分，最多扣10分。",
        "越级访仅供参考，不扣分。（考核方案只可对同一事项此前已向本单位提出、本单位未在时限内受理或办结而发生的越级访扣分，"
        "本方案未设此项扣分。）",
    ]


def test_a_scheme_that_deducts_for_skip_level_items_after_a_lapse_says_so(db):
    scheme = AssessmentScheme(year=2026, lapsed_skip_level_deducted=True, lapsed_skip_level_per_item=D("3"),
                              lapsed_skip_level_cap=D("6"))
    assert scheme_text(scheme)[-1] == (
        "越级访只有在同一事项此前已向本单位提出、本单位未在时限内受理或办结的情况下才计入本单位：每件扣3分，最多扣6分。"
        "其他越级访仅供参考，不扣分。")


@pytest.fixture
def record(registrar, county, bureau, township, village, other_township, department, higher_bodies, categories):
    """Records items (``tests/stats/conftest.py``'s ``Item``) through the real actions, as the small county does."""
    units = {"T": township, "V": village, "O": other_township, "D": department}
    done = {}

    def add(*specs):
        with time_machine.travel(RECORDED, tick=False):
            for spec in specs:
                done[spec.key] = build(spec, registrar=registrar, units=units, categories=categories,
                                       higher_bodies=higher_bodies, done=done)

    return add


@pytest.fixture
def same_handling(record):
    """化子坪镇 and 建华镇 handle alike in June 2026 — each an item replied on time and one left overdue — but from
    建华镇's area came four skip-level visits (one repeating its item handled on time) and two repeat petitions."""
    for place in ("T", "O"):
        record(
            Item(f"{place}_ON_TIME", Channel.LETTER, dt.date(2026, 4, 1), place, "拖欠工资",
                 steps=_assigned(place, dt.date(2026, 4, 2), dt.date(2026, 5, 25))),
            Item(f"{place}_OVERDUE", Channel.LETTER, dt.date(2026, 4, 1), place, "拖欠工资",
                 steps=_assigned(place, dt.date(2026, 4, 2))),
        )
    record(
        Item("S_CITY", Channel.VISIT, dt.date(2026, 6, 3), "O", "拖欠工资", headcount=2, level=ReceivedLevel.CITY),
        Item("S_PROVINCE", Channel.VISIT, dt.date(2026, 6, 9), "O", "城乡建设", headcount=6,
             level=ReceivedLevel.PROVINCE),
        Item("S_CAPITAL", Channel.VISIT, dt.date(2026, 6, 18), "O", "拖欠工资", level=ReceivedLevel.CAPITAL),
        Item("S_REPEAT", Channel.VISIT, dt.date(2026, 6, 22), "O", "拖欠工资", level=ReceivedLevel.CITY,
             repeat_of="O_ON_TIME"),
        Item("R_LETTER", Channel.LETTER, dt.date(2026, 6, 10), "O", "拖欠工资", repeat_of="O_ON_TIME"),
        Item("R_VISIT", Channel.VISIT, dt.date(2026, 6, 24), "O", "拖欠工资", headcount=3, repeat_of="O_ON_TIME"),
    )
    return record


def test_more_skip_level_visits_and_repeat_petitions_with_the_same_handling_get_the_same_score(same_handling):
    ranking = rank_units(Period.month(2026, 6), as_of=AS_OF)
    t, o = by_name(ranking, "化子坪镇"), by_name(ranking, "建华镇")
    assert o.figures.volume.skip_level.total.batches == 4 and o.figures.volume.repeat_items == 3
    assert t.figures.volume.skip_level.total.batches == 0 and t.figures.volume.repeat_items == 0
    assert points(o) == points(t)
    assert o.deducted == t.deducted == D("1.00")  # the overdue item of each
    assert o.score == t.score == D("84.79")  # 20 + 30 × 50 ÷ 95 + 15 + 20 + 15 − 1
    assert o.rank == t.rank == 1
    assert (o.skip_level_text, t.skip_level_text) == ("4批10人次", "0批0人次")


def test_the_deduction_for_skip_level_items_after_a_lapse_is_counted_only_when_the_scheme_says_so(same_handling):
    """A skip-level visit on 化子坪镇's overdue item: shown as a count; points off only when the scheme deducts."""
    same_handling(Item("S_LAPSED", Channel.VISIT, dt.date(2026, 6, 25), "T", "拖欠工资", level=ReceivedLevel.CITY,
                       repeat_of="T_OVERDUE"))
    off = by_name(rank_units(Period.month(2026, 6), as_of=AS_OF), "化子坪镇").deduction("lapsed_skip_level")
    assert (off.count, off.counted, off.points) == (1, False, D("0.00"))
    AssessmentScheme.objects.create(year=2026, lapsed_skip_level_deducted=True, lapsed_skip_level_per_item=D("4"))
    t = by_name(rank_units(Period.month(2026, 6), as_of=AS_OF), "化子坪镇")
    on = t.deduction("lapsed_skip_level")
    assert (on.count, on.counted, on.points) == (1, True, D("4.00"))
    assert t.score == D("80.79")  # 84.79 − 4


@pytest.fixture
def disputes(handler, other_handler, township, other_township, village, other_village, department):
    """化子坪镇: 3 disputes found in 2026, 2 resolved (66.7%); 建华镇: 2 found, 1 resolved, 1 escalated (50%);
    县人社局: none."""
    from screening import actions
    from screening.models import Method

    from ..screening.conftest import dispute_data

    def found(actor, unit, place, month):
        on = dt.date(2026, month, 2)
        return actions.dispute_register(actor=actor, data=dispute_data(unit, place=place, found_on=on), on=on)

    def attempt(dispute, actor, result, **extra):
        actions.dispute_attempt(actor=actor, dispute=dispute, data=actions.AttemptData(
            method=Method.PEOPLES_MEDIATION, by="镇人民调解委员会", on=dt.date(2026, 5, 6), result=result,
            text="调解", **extra))

    with time_machine.travel(dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.UTC), tick=False):
        a, b, _c = (found(handler, township, village, m) for m in (2, 3, 4))
        d, e = (found(other_handler, other_township, other_village, m) for m in (3, 5))
        attempt(a, handler, "resolved")
        attempt(b, handler, "resolved")
        attempt(d, other_handler, "escalated", escalated_to="县人民法院")
        attempt(e, other_handler, "resolved")


def test_dispute_resolution_at_ten_points(disputes):
    """10 points taken from satisfaction (20 → 10): full at or above the target, ``10 × rate ÷ target`` below."""
    scheme = AssessmentScheme.objects.create(year=2026, satisfaction_weight=D("10"), dispute_resolution_weight=D("10"))
    period = Period.custom(dt.date(2026, 1, 1), dt.date(2026, 6, 30))

    def dispute_points(ranking):
        return {name: next(s for s in by_name(ranking, name).scores if s.indicator.key == "dispute_resolution")
                for name in ("化子坪镇", "建华镇", "县人社局")}

    scores = dispute_points(rank_units(period, as_of=dt.date(2026, 6, 30), scheme=scheme))
    assert scores["化子坪镇"].points == D("7.41")  # 10 × (2 ÷ 3) ÷ 90% = 7.407…
    assert scores["建华镇"].points == D("5.56")  # 10 × 50% ÷ 90% = 5.555…
    assert (scores["县人社局"].points, scores["县人社局"].full_by_rule) == (D("10.00"), True)  # no dispute found
    assert figure_text(scores["县人社局"]) == "无法计算（本期未排查出矛盾纠纷），按满分计"
    assert figure_text(scores["化子坪镇"]) == "66.7%"

    scheme.dispute_resolution_target = D("60")
    scores = dispute_points(rank_units(period, as_of=dt.date(2026, 6, 30), scheme=scheme))
    assert scores["化子坪镇"].points == D("10.00")  # 66.7% is above 60%: full points
    assert scores["建华镇"].points == D("8.33")  # 10 × 50% ÷ 60% = 8.333…


def test_the_dispute_resolution_points_count_in_the_sum_of_the_weights(db):
    from django.core.exceptions import ValidationError

    scheme = AssessmentScheme(year=2026, dispute_resolution_weight=D("10"))  # 110 of 100
    with pytest.raises(ValidationError, match="110"):
        scheme.full_clean()
    scheme.satisfaction_weight = D("10")
    scheme.full_clean()
