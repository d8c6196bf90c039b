"""Plans of synthetic items: what came in, and the dated steps of its life up to a target state.

One plan is carried out in two ways:

- ``demo.county`` runs it through the real actions of ``petitions.actions`` (the demo county, a few hundred items);
- ``demo.synthetic`` turns it into database rows directly with the same pure deadline functions (load tests,
  up to a million items).

The planner only draws dates that the actions accept (a hand-back within the objection period, a review
request within its 30 days, nothing after ``today``), so both ways give the same item.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from organisation.models import Unit, UnitKind, User
from petitions.actions import PetitionerData, RegistrationData
from petitions.models import (
    Category,
    Channel,
    ContentType,
    DeclineReason,
    ReceivedLevel,
    ReplyOutcome,
    Satisfaction,
    Source,
)
from petitions.states import PetitionState
from workdays import deadlines
from workdays.calendar import WorkCalendar
from workdays.models import DeadlinePolicy

from . import texts
from .names import People

S = PetitionState

# Who performs a step; resolved to a user by the demo builder and the generator alike.
BUREAU, SUPERVISOR, UNIT, PETITIONER, RECORDED = "bureau", "supervisor", "unit", "petitioner", "recorded"


class Dice:
    """Quick draws from one ``random.Random`` (its ``choice``/``choices``/``randint`` cost a microsecond each;
    a million items make some sixty draws apiece)."""

    __slots__ = ("rng", "random")

    def __init__(self, rng: random.Random):
        self.rng, self.random = rng, rng.random

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An integer from ``low`` to ``high`` inclusive."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, table: tuple[tuple, list[float]]):
        """One of ``table = weights(...)``'s items, by weight."""
        items, cumulative = table
        return items[bisect(cumulative, self.random() * cumulative[-1])]

    def chance(self, p: float) -> bool:
        return self.random() < p


def weights(mapping: dict) -> tuple[tuple, list[float]]:
    """A table for ``Dice.weighted``: the items and their cumulative weights."""
    return tuple(mapping), list(accumulate(mapping.values()))


@dataclass(slots=True)
class Step:
    name: str  # a transition of petitions.states.TRANSITIONS
    on: dt.date
    minute: int  # minutes after 08:00 local time: orders the steps of a day
    actor: str  # BUREAU, SUPERVISOR, UNIT, PETITIONER (public page) or RECORDED (registrar records it)
    args: dict = field(default_factory=dict)


@dataclass(slots=True)
class ItemPlan:
    data: RegistrationData
    scenario: texts.Scenario
    town: Unit
    values: dict  # the placeholder values of its texts
    minute: int  # registration time, minutes after 08:00
    steps: list[Step] = field(default_factory=list)
    repeat_of: int | None = None  # index of the original item in the list of plans


class Deadlines:
    """The pure functions of ``workdays.deadlines`` for one policy and calendar, memoised by their arguments.

    A million items touch about a thousand distinct dates; computing each due date once is what lets the
    generator keep up with the database.
    """

    def __init__(self, policy, calendar: WorkCalendar):
        self.policy, self.calendar = policy, calendar
        self._cache: dict[tuple, deadlines.Due] = {}
        p, c = policy, calendar
        self._decision = lambda r, fast: deadlines.decision_due(r, p, c, fast_track=fast)
        self._objection = lambda d: deadlines.objection_due(d, p, c)
        self._handling = lambda d, cls, fast, above: deadlines.handling_due(
            d, p, c, deadline_class=cls or None, fast_track=fast, due_from_above=above
        )
        self._extended = lambda due, days: deadlines.extended_due(due, days, p, c)
        self._review_request = lambda d: deadlines.review_request_due(d, p, c)
        self._review_decision = lambda d: deadlines.review_decision_due(d, p, c)
        self._re_review_request = lambda d: deadlines.re_review_request_due(d, p, c)
        self._re_review_decision = lambda d: deadlines.re_review_decision_due(d, p, c)

    def _due(self, function, *args) -> deadlines.Due:
        key = (function, *args)
        due = self._cache.get(key)
        if due is None:
            due = self._cache[key] = function(*args)
        return due

    def decision(self, received_on, fast_track=False):
        return self._due(self._decision, received_on, fast_track)

    def objection(self, assigned_on):
        return self._due(self._objection, assigned_on)

    def handling(self, accepted_on, deadline_class, fast_track, due_from_above):
        return self._due(self._handling, accepted_on, deadline_class, fast_track, due_from_above)

    def extended(self, original_due, days):
        return self._due(self._extended, original_due, days)

    def review_request(self, replied_on):
        return self._due(self._review_request, replied_on)

    def review_decision(self, requested_on):
        return self._due(self._review_decision, requested_on)

    def re_review_request(self, decided_on):
        return self._due(self._re_review_request, decided_on)

    def re_review_decision(self, requested_on):
        return self._due(self._re_review_decision, requested_on)


class Reference:
    """The units, categories, staff, policy and calendar that plans refer to; loaded once."""

    def __init__(self, policy=None, calendar: WorkCalendar | None = None):
        self.policy = policy or DeadlinePolicy.current()
        self.calendar = calendar or WorkCalendar.load()
        self.deadlines = Deadlines(self.policy, self.calendar)
        units = list(Unit.objects.filter(is_active=True))
        self.by_name = {u.name: u for u in units}
        self.by_id = {u.pk: u for u in units}
        bureau = next((u for u in units if u.kind == UnitKind.BUREAU), None)
        self.county_name = bureau.name.removesuffix("信访局") if bureau else "县"
        self.towns = [u for u in units if u.kind in (UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.MANAGEMENT_OFFICE)]
        if not self.towns:
            raise ValueError("no townships, sub-districts or management offices: seed the units first")
        communities = [u for u in units if u.kind == UnitKind.COMMUNITY]
        town_ids = {t.pk for t in self.towns}
        self.rural_places = [c for c in communities if self.by_id.get(c.parent_id) and
                             self.by_id[c.parent_id].kind != UnitKind.SUBDISTRICT and c.parent_id in town_ids]
        self.rural_places += [t for t in self.towns if t.kind != UnitKind.SUBDISTRICT]
        self.urban_places = [c for c in communities if c.parent_id in town_ids and
                             self.by_id[c.parent_id].kind == UnitKind.SUBDISTRICT]
        self.urban_places += [t for t in self.towns if t.kind == UnitKind.SUBDISTRICT]
        self.urban_places = self.urban_places or self.rural_places
        # Some townships bring many more petitions than others (size, land requisition, mining): a skew by rank.
        rank = {t.pk: index for index, t in enumerate(self.towns)}

        def skewed(places):
            shares = [1 / (1 + rank.get(p.parent_id if p.kind == UnitKind.COMMUNITY else p.pk, 0)) ** 0.7
                      for p in places]
            return tuple(places), list(accumulate(shares))

        self.rural_table, self.urban_table = skewed(self.rural_places), skewed(self.urban_places)
        self.departments = [u for u in units if u.kind == UnitKind.DEPARTMENT]
        self.discipline = next((u for u in units if u.kind == UnitKind.DISCIPLINE), None)
        self.higher = {
            ReceivedLevel.CITY: next((u for u in units if u.kind == UnitKind.CITY_BUREAU), None),
            ReceivedLevel.PROVINCE: next((u for u in units if u.kind == UnitKind.PROVINCE_BUREAU), None),
            ReceivedLevel.CAPITAL: next((u for u in units if u.kind == UnitKind.NATIONAL_BUREAU), None),
        }
        categories = list(Category.objects.select_related("parent").filter(is_active=True))
        if not categories:
            raise ValueError("no categories: seed the categories first")
        self.categories = {(c.parent.name if c.parent_id else c.name, c.name if c.parent_id else ""): c
                           for c in categories}
        self.any_category = categories[0]

        staff = list(User.objects.filter(is_active=True).select_related("unit"))
        self.registrars = [u for u in staff if u.is_bureau_staff and u.has_role("registrar")]
        self.supervisors = [u for u in staff if u.is_bureau_staff and u.has_role("supervisor")]
        self.leaders = [u for u in staff if u.has_role("leader") and u.unit_id and u.unit.kind == UnitKind.COUNTY]
        self.handlers: dict[int, object] = {}
        for user in staff:
            if user.has_role("unit_handler") and user.unit_id:
                self.handlers.setdefault(user.unit_id, user)

    def route(self, name: str, town: Unit) -> Unit:
        if name == texts.TOWN:
            return town
        return self.by_name.get(self.county_name + name) or town

    def category(self, scenario: texts.Scenario) -> Category:
        return (self.categories.get((scenario.category, scenario.sub))
                or self.categories.get((scenario.category, ""))
                or self.any_category)

    def town_of(self, place: Unit) -> Unit:
        return self.by_id[place.parent_id] if place.kind == UnitKind.COMMUNITY else place


_DECLINE_REASONS = weights({DeclineReason.BEING_HANDLED: 35, DeclineReason.NOT_PETITION: 30, DeclineReason.OTHER: 20,
                            DeclineReason.LEGAL_PROCEDURE: 15})
_LEVELS = weights({ReceivedLevel.CITY: 70, ReceivedLevel.PROVINCE: 22, ReceivedLevel.CAPITAL: 8})
_SMALL_VISITS = weights({1: 70, 2: 18, 3: 8, 4: 4})
_CLASSES_HEAVY = weights({"": 30, "urgent": 5, "general": 45, "major": 20})
_CLASSES = weights({"": 40, "urgent": 6, "general": 46, "major": 8})
_OUTCOMES_REVIEWED = weights({ReplyOutcome.SUPPORT: 15, ReplyOutcome.EXPLAIN: 25, ReplyOutcome.NOT_SUPPORT: 60})
_OUTCOMES = weights({ReplyOutcome.SUPPORT: 45, ReplyOutcome.EXPLAIN: 40, ReplyOutcome.NOT_SUPPORT: 15})
_RATINGS_REVIEWED = weights({Satisfaction.DISSATISFIED: 85, Satisfaction.BASICALLY_SATISFIED: 15})
_RATINGS = weights({Satisfaction.SATISFIED: 68, Satisfaction.BASICALLY_SATISFIED: 22, Satisfaction.DISSATISFIED: 10})
_CHANNELS = {key: weights(scenario.channels or texts.CHANNEL_WEIGHTS) for key, scenario in
             ((s.key, s) for s in texts.SCENARIOS)}
_SCENARIOS = (texts.SCENARIOS, list(accumulate(scenario.weight for scenario in texts.SCENARIOS)))
NOT_SUPPORTED = ("经调查核实，你反映的问题缺乏事实依据，诉求不符合政策规定，不予支持。"
                 "如不服本处理意见，可自收到本意见书之日起30日内请求复查。")


class Planner:
    """Draws plans. All randomness comes from ``rng``; ``today`` bounds every date."""

    def __init__(self, ref: Reference, rng: random.Random, today: dt.date, people: People | None = None):
        self.ref, self.rng, self.today = ref, rng, today
        self.dice = Dice(rng)
        self.dl = ref.deadlines
        self.people = people or People(rng)
        self.threshold = ref.policy.collective_threshold
        # Routes of each scenario from each township, and the units an accusation against a department may name.
        self._routes: dict[tuple[str, int], list[Unit]] = {}

    # ---- what came in ------------------------------------------------------------------------------------

    def registration(
        self,
        received_on: dt.date,
        *,
        scenario: texts.Scenario | None = None,
        channel: str | None = None,
        collective: bool | None = None,
        level: str | None = None,
        from_city: bool | None = None,
        original: ItemPlan | None = None,
        fast_track: bool | None = None,
    ) -> tuple[RegistrationData, texts.Scenario, Unit, dict]:
        dice, ref = self.dice, self.ref
        if original is not None:
            scenario, town = original.scenario, original.town
            place = original.data.place
        else:
            scenario = scenario or dice.weighted(_SCENARIOS)
            place = dice.weighted(ref.urban_table if scenario.urban else ref.rural_table)
            town = ref.town_of(place)
        if level is None:
            level = dice.weighted(_LEVELS) if dice.chance(0.06) else ReceivedLevel.OWN
        if level != ReceivedLevel.OWN:
            channel = Channel.VISIT  # a skip-level item is a visit received higher up and reported back
        if channel is None:
            channel = dice.weighted(_CHANNELS[scenario.key])
        if from_city is None:
            from_city = level == ReceivedLevel.OWN and channel != Channel.VISIT and dice.chance(0.05)

        is_visit = channel == Channel.VISIT
        if collective is None:
            collective = is_visit and dice.chance(scenario.collective * 0.5)
        collective = collective and is_visit
        if collective:
            headcount = max(self.threshold, min(60, int(self.rng.paretovariate(1.6) * self.threshold)))
            named = dice.between(1, 5)
        elif is_visit:
            headcount = min(dice.weighted(_SMALL_VISITS), self.threshold - 1)
            named = 1 if headcount == 1 else dice.between(1, headcount)
        else:
            headcount = 1
            named = 2 if channel == Channel.LETTER and dice.chance(0.06) else 1

        village_name = place.name if place.kind == UnitKind.COMMUNITY else f"{town.name}{dice.pick('东南西北')}沟村"
        if original is not None:
            petitioners = [PetitionerData(p.name, p.id_number, p.phone, p.address, p.is_representative)
                           for p in original.data.petitioners]
            if is_visit:
                headcount = max(headcount, len(petitioners))
                collective = headcount >= self.threshold
                for person in petitioners:
                    person.is_representative = person.is_representative or collective
            else:
                headcount = 1
        else:
            petitioners = []
            for index in range(named):
                name, id_number, phone = self.people.new()
                if channel in (Channel.PHONE, Channel.LETTER) and dice.chance(0.12):
                    id_number = ""  # callers and letter writers do not always give their ID number
                if scenario.urban:
                    address = f"县城{dice.pick(texts.ESTATES)}{dice.between(1, 20)}号楼"
                else:
                    address = f"{town.name}{village_name}{dice.between(1, 12)}组"
                petitioners.append(PetitionerData(
                    name, id_number, phone, address,
                    is_representative=collective or (is_visit and headcount > 1 and index == 0),
                ))

        accused_unit, accused_person, department = None, "", ""
        if scenario.content_type == ContentType.ACCUSATION:
            if scenario.accused == "village":
                accused_unit = place if place.kind == UnitKind.COMMUNITY else None
            elif scenario.accused == "town":
                accused_unit = town
            else:
                routed = {u.pk for u in self.routes(scenario, town)}
                candidates = [d for d in ref.departments if d.pk not in routed]
                accused_unit = dice.pick(candidates) if candidates else None
                department = accused_unit.name if accused_unit else ""
        if original is not None:
            values = original.values
            title = original.data.title if original.data.title.startswith("再次") else f"再次{original.data.title}"
            content = f"{original.data.content}此前已反映过，至今未得到解决，再次请求处理。"
        else:
            values = texts.fill_values(dice, scenario, village=village_name, town=town.name,
                                       surname=petitioners[0].name[0], department=department,
                                       year=received_on.year - dice.between(0, 4))
            title = texts.fill(dice.pick(scenario.titles), values)
            content = texts.fill(dice.pick(scenario.contents), values)
        if scenario.accused_person:
            accused_person = texts.fill(scenario.accused_person, values)

        source, source_body, source_reference, source_due_on = Source.DIRECT, None, "", None
        if level != ReceivedLevel.OWN and ref.higher.get(level) is not None:
            source, source_body = Source.FORWARDED_FROM_ABOVE, ref.higher[level]
            source_reference = f"{source_body.name[0]}信转〔{received_on.year}〕{dice.between(1, 999)}号"
        elif from_city and ref.higher.get(ReceivedLevel.CITY) is not None:
            source, source_body = Source.ASSIGNED_FROM_ABOVE, ref.higher[ReceivedLevel.CITY]
            source_reference = f"市信交〔{received_on.year}〕{dice.between(1, 999)}号"
            source_due_on = received_on + dt.timedelta(days=dice.pick((20, 30, 30, 45)))

        # The registrar takes about half of the simple first petitions of one person on the fast track.
        eligible = deadlines.fast_track_eligible(
            is_repeat=original is not None, is_collective=is_visit and headcount >= self.threshold,
            petitioner_count=len(petitioners), from_above=source != Source.DIRECT,
        )
        fast_track = eligible and (dice.chance(0.5) if fast_track is None else fast_track)
        data = RegistrationData(
            channel=channel, received_on=received_on, title=title[:120], content=content,
            content_type=scenario.content_type, category=ref.category(scenario), place=place,
            petitioners=petitioners, headcount=headcount, received_level=level, source=source,
            source_body=source_body, source_reference=source_reference, source_due_on=source_due_on,
            accused_unit=accused_unit, accused_person=accused_person, fast_track=fast_track,
        )
        return data, scenario, town, values

    def routes(self, scenario: texts.Scenario, town: Unit) -> list[Unit]:
        key = (scenario.key, town.pk)
        routes = self._routes.get(key)
        if routes is None:
            routes = self._routes[key] = [self.ref.route(name, town) for name in scenario.route]
        return routes

    # ---- what happened to it -----------------------------------------------------------------------------

    def plan(
        self,
        state: str,
        received_on: dt.date,
        *,
        decide_on: dt.date | None = None,
        extend: bool | None = None,
        reassign: bool | None = None,
        late: bool | None = None,
        deadline_class: str | None = None,
        with_leader: bool | None = None,
        repeat: tuple[int, ItemPlan] | None = None,
        fit: bool = True,
        due_in: int | None = None,
        **registration,
    ) -> ItemPlan:
        """A plan towards ``state``.

        With ``fit``, when a step would fall after today the item moves back in time (receipt date, the higher
        body's due date and a given decision date alike) and its steps are drawn again; whatever still falls after
        today is left out, and the item stays in the state it has reached. With ``due_in``, an open item moves in
        time so that its current step is due that many days after today (before today when negative: overdue).
        Moving in time keeps the drawn delays between the steps (the random state is replayed).
        """
        data, scenario, town, values = self.registration(
            received_on, original=repeat[1] if repeat else None, **registration
        )
        item = ItemPlan(data, scenario, town, values, minute=self.dice.between(30, 560),
                        repeat_of=repeat[0] if repeat else None)
        def move(shift: dt.timedelta):
            nonlocal decide_on
            data.received_on -= shift
            if data.source_due_on:
                data.source_due_on -= shift
            if decide_on:
                decide_on -= shift
            item.steps = []

        replay = self.rng.getstate()

        def draw_steps():
            self.rng.setstate(replay)
            self._steps(item, state, decide_on, extend, reassign, late, deadline_class, with_leader)

        draw_steps()
        if due_in is not None:
            due = self.current_due(item)
            if due is not None and (shift := due.date - (self.today + dt.timedelta(days=due_in))):
                move(shift)
                draw_steps()
        for _attempt in range(6):
            overflow = (item.steps[-1].on - self.today) if item.steps else data.received_on - self.today
            if overflow.days <= 0 or not fit:
                break
            move(overflow + dt.timedelta(days=1))
            draw_steps()
        # Step dates never decrease (see _Clock): cut at the first one after today.
        for index, step in enumerate(item.steps):
            if step.on > self.today:
                del item.steps[index:]
                break
        return item

    def _steps(self, item, state, decide_on, extend, reassign, late, deadline_class, with_leader):
        dice, dl, data, sc, ref = self.dice, self.dl, item.data, item.scenario, self.ref
        r = data.received_on
        clock = _Clock(r, item.minute, dice)
        add = item.steps.append
        if state == S.REGISTERED:
            return
        if decide_on is None:
            decision_due = dl.decision(r, data.fast_track).date
            if late is True or (late is None and dice.chance(0.06)):
                decide_on = decision_due + dt.timedelta(days=dice.between(1, 10))
            else:
                decide_on = r + dt.timedelta(days=dice.between(0, max(0, (decision_due - r).days - 2)))
        if state == S.ANSWERED:
            add(Step("answer", *clock.at(r), BUREAU, {"answer": dice.pick(texts.ON_THE_SPOT_ANSWERS)}))
            self._evaluation(item, clock, r, review=False)
            return
        if state == S.DECLINED:
            reason = DeclineReason.LEGAL_PROCEDURE if sc.legal else dice.weighted(_DECLINE_REASONS)
            add(Step("decline", *clock.at(decide_on), BUREAU, {"reason": reason, "note": texts.DECLINE_NOTES[reason]}))
            return
        routes = [u for u in self.routes(sc, item.town) if u != data.accused_unit] or [ref.discipline or item.town]
        if state == S.FORWARDED:
            unit = routes[0] if sc.legal or sc.content_type == ContentType.ACCUSATION else dice.pick(routes)
            add(Step("forward", *clock.at(decide_on), BUREAU,
                     {"to_unit": unit, "note": texts.FORWARD_NOTE.format(unit=unit.name)}))
            return

        unit = dice.pick(routes)
        collective = data.channel == Channel.VISIT and data.headcount >= self.threshold
        heavy = data.source != Source.DIRECT or collective or item.repeat_of is not None
        if deadline_class is None:
            deadline_class = dice.weighted(_CLASSES_HEAVY if heavy else _CLASSES)
        if with_leader is None:
            with_leader = (deadline_class == "major" or heavy) and dice.chance(0.6)
        leader = dice.pick(ref.leaders) if with_leader and ref.leaders else None
        if reassign is None:
            reassign = state != S.RETURNED and dice.chance(0.04)
        if reassign:
            wrong = dice.pick([t for t in ref.towns if t != unit and t != data.accused_unit] or [unit])
            add(Step("assign", *clock.at(decide_on), BUREAU,
                     {"unit": wrong, "deadline_class": deadline_class, "owning_leader": None,
                      "note": texts.ASSIGN_NOTE.format(unit=wrong.name)}))
            back = self._workdays_after(decide_on, dice.between(1, 4))
            add(Step("hand_back", *clock.at(back), UNIT, {"reason": dice.pick(texts.HAND_BACK_REASONS)}))
            decide_on = back + dt.timedelta(days=dice.between(0, 3))
        decide_on, _minute = clock.at(decide_on)
        add(Step("assign", decide_on, _minute, BUREAU,
                 {"unit": unit, "deadline_class": deadline_class, "owning_leader": leader,
                  "note": texts.ASSIGN_NOTE.format(unit=unit.name)}))
        if state == S.ASSIGNED:
            return
        if state == S.RETURNED:
            back = self._workdays_after(decide_on, dice.between(0, 4))
            add(Step("hand_back", *clock.at(back), UNIT, {"reason": dice.pick(texts.HAND_BACK_REASONS)}))
            return

        due = dl.handling(decide_on, deadline_class, data.fast_track, data.source_due_on).date
        signed, _minute = clock.at(decide_on + dt.timedelta(days=dice.pick((0, 0, 1, 1, 2, 3))))
        add(Step("sign_for", signed, _minute, UNIT))
        if extend is None:
            extend = dice.chance(0.08)
        if extend:
            days = dice.pick((15, 20, 30, 30))
            add(Step("extend", *clock.at(max(signed, due - dt.timedelta(days=dice.between(0, 6)))), UNIT,
                     {"days": days, "reason": dice.pick(texts.EXTENSION_REASONS), "approved_by": "单位主要负责人"}))
            due = dl.extended(due, days).date
        if state == S.HANDLING:
            return
        if late is True or (late is None and dice.chance(0.1)):
            replied = due + dt.timedelta(days=dice.between(1, 25))
        else:
            replied = signed + dt.timedelta(days=int(max(0, (due - signed).days) * (0.2 + 0.8 * dice.random())))
        review = state in (S.UNDER_REVIEW, S.REVIEWED, S.UNDER_RE_REVIEW, S.TERMINATED)
        outcome = dice.weighted(_OUTCOMES_REVIEWED if review else _OUTCOMES)
        if outcome == ReplyOutcome.SUPPORT:
            text = texts.fill(sc.support, item.values)
        elif outcome == ReplyOutcome.EXPLAIN:
            text = texts.fill(sc.explain, item.values)
        else:
            text = NOT_SUPPORTED
        replied, _minute = clock.at(replied)
        add(Step("reply", replied, _minute, UNIT, {"outcome": outcome, "text": text}))
        last = self._evaluation(item, clock, replied, review=review)
        if not review:
            return
        # A review request within its 30 days of the reply (the action refuses a later one).
        request_due = dl.review_request(replied).date
        asked, _minute = clock.at(min(request_due, last + dt.timedelta(days=dice.between(1, 20))))
        if asked > request_due:  # the evaluation came on the last day
            return
        add(Step("request_review", asked, _minute, RECORDED if dice.chance(0.7) else PETITIONER,
                 {"reason": dice.pick(texts.REVIEW_REQUESTS)}))
        if state == S.UNDER_REVIEW:
            return
        decided, _minute = clock.at(asked + dt.timedelta(days=dice.between(7, 34)))
        add(Step("decide_review", decided, _minute, SUPERVISOR, {"opinion": dice.pick(texts.REVIEW_OPINIONS)}))
        if state == S.REVIEWED:
            return
        request_due = dl.re_review_request(decided).date
        asked, _minute = clock.at(min(request_due, decided + dt.timedelta(days=dice.between(2, 25))))
        add(Step("request_re_review", asked, _minute, RECORDED, {"reason": dice.pick(texts.RE_REVIEW_REQUESTS)}))
        if state == S.UNDER_RE_REVIEW:
            return
        add(Step("decide_re_review", *clock.at(asked + dt.timedelta(days=dice.between(7, 34))), SUPERVISOR,
                 {"opinion": dice.pick(texts.RE_REVIEW_OPINIONS)}))

    def current_due(self, item: ItemPlan) -> deadlines.Due | None:
        """The due date of the item's current step after its planned steps (as the actions set ``due_on``)."""
        dl, data = self.dl, item.data
        due = original = dl.decision(data.received_on, data.fast_track)
        for step in item.steps:
            name = step.name
            if name == "assign":
                due = original = dl.handling(step.on, step.args["deadline_class"], data.fast_track,
                                             data.source_due_on)
            elif name == "hand_back":
                due = dl.decision(data.received_on, data.fast_track)
            elif name == "extend":
                due = dl.extended(original.date, step.args["days"])
            elif name == "request_review":
                due = dl.review_decision(step.on)
            elif name == "request_re_review":
                due = dl.re_review_decision(step.on)
            elif name not in ("sign_for", "evaluate"):
                due = None
        return due

    def _evaluation(self, item, clock, after: dt.date, *, review: bool) -> dt.date:
        """The petitioner's evaluation (not for accusations): most often given, always before a review request."""
        dice = self.dice
        if item.data.content_type == ContentType.ACCUSATION or dice.random() > (0.9 if review else 0.65):
            return after
        rating = dice.weighted(_RATINGS_REVIEWED if review else _RATINGS)
        on, minute = clock.at(after + dt.timedelta(days=dice.between(0, 8)))
        item.steps.append(Step("evaluate", on, minute, PETITIONER if dice.chance(0.6) else RECORDED,
                               {"rating": rating, "comment": dice.pick(texts.EVALUATION_COMMENTS[rating])}))
        return on

    def _workdays_after(self, start: dt.date, n: int) -> dt.date:
        """A day within the objection period: the n-th working day after ``start`` (0: the same day)."""
        return deadlines.add_working_days(start, n, self.ref.calendar).date if n else start


class _Clock:
    """Hands out non-decreasing dates with increasing minutes: steps on the same day keep their order."""

    __slots__ = ("day", "minute", "dice")

    def __init__(self, day: dt.date, minute: int, dice: Dice):
        self.day, self.minute, self.dice = day, minute, dice

    def at(self, day: dt.date) -> tuple[dt.date, int]:
        if day <= self.day:
            day = self.day
            self.minute += self.dice.between(5, 40)
        else:
            self.day, self.minute = day, self.dice.between(30, 540)
        return day, self.minute


def moment(day: dt.date, minute: int, tz) -> dt.datetime:
    """The aware time of a step: ``minute`` minutes after 08:00 local time on ``day``."""
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz) + dt.timedelta(minutes=minute)


# How items are spread over the states: open items are young, closed ones of any age.
OPEN_WEIGHTS = weights({S.REGISTERED: 12, S.ASSIGNED: 10, S.RETURNED: 3, S.HANDLING: 55, S.UNDER_REVIEW: 12,
                        S.UNDER_RE_REVIEW: 8})
CLOSED_WEIGHTS = weights({S.ANSWERED: 12, S.DECLINED: 8, S.FORWARDED: 14, S.REPLIED: 52, S.REVIEWED: 6,
                          S.TERMINATED: 8})
# Ages in days (lower, upper) of items still open in that state; most are near the lower end.
OPEN_AGES = {
    S.REGISTERED: (0, 20), S.ASSIGNED: (1, 15), S.RETURNED: (3, 20), S.HANDLING: (3, 50),
    S.UNDER_REVIEW: (40, 110), S.UNDER_RE_REVIEW: (80, 200),
}


def receipt_date(rng: random.Random, today: dt.date, days: int, state: str) -> dt.date:
    """A receipt date within the last ``days`` days fitting ``state``; fewer items arrive at weekends."""
    draw = rng.random
    if state in OPEN_AGES:
        low, high = OPEN_AGES[state]
        age = min(days, low + int((high - low) * (1 - (1 - draw()) ** 0.5)))  # triangular, mode at ``low``
    else:
        age = int(draw() * (days + 1))
    received = today - dt.timedelta(days=age)
    if received.weekday() >= 5 and draw() < 0.75:
        received -= dt.timedelta(days=received.weekday() - 4)
    return received


# When open items are due: most within the next month, some overdue (DESIGN.md §3 time limits).
OVERDUE_SHARE = 0.15


def draw_due_in(rng: random.Random, state: str) -> int | None:
    """Days from today to the due date of an open item's current step (negative: overdue); None when closed."""
    if state not in OPEN_AGES:
        return None
    if rng.random() < OVERDUE_SHARE:
        return -1 - int(rng.random() * 40)
    return int(rng.random() * 31)


def draw_state_and_date(rng: random.Random, today: dt.date, days: int, open_share: float) -> tuple[str, dt.date]:
    """A target state (open with probability ``open_share``) and a receipt date within the last ``days`` days."""
    items, cumulative = OPEN_WEIGHTS if rng.random() < open_share else CLOSED_WEIGHTS
    state = items[bisect(cumulative, rng.random() * cumulative[-1])]
    return state, receipt_date(rng, today, days, state)
