"""The figures of DESIGN.md §4 for a period and a unit subtree — the one definition every screen, table, export,
assessment, bulletin and summary reads.

    from stats.figures import compute
    from stats.periods import Period

    figures = compute(Period.parse("2026-Q1"), unit=None, as_of=today)
    figures.volume.own_total                    # 来信来访总量, 件(人)次
    figures.rates.on_time_closure.percent(1)    # Decimal('92.3') or None
    figures.year_on_year.change("own_total")    # Change(current=…, base=…)

``docs/statistics.md`` defines every figure and every counting choice; in short:

- **Dates.** Every figure is counted on the item's own business dates (received_on, decided_on, accepted_on,
  handling_due_on, replied_on, evaluated_at), never on event timestamps.
- **As of.** A figure counts what is dated up to the *cutoff*: the period's end, or ``as_of`` when the period has
  not ended. So the figures of an ended period do not depend on the day they are computed; for a running
  period they are as of ``as_of`` (pass it; the default is today).
- **Scope.** No unit, the petition bureau or the county root: the whole county. Another unit: intake figures
  (volume, decisions, repeat rate, breakdowns by place …) count the items whose *place of the problem* is in
  its subtree (属地); handling figures (filed, closed, on time, replies, satisfaction) count the items whose
  *responsible unit* is in its subtree.
- **Items.** ``items`` narrows every figure to those items: a user's figures are counted over the items he or she
  may see (``stats.access.counted_items``: ``Petition.objects.visible_to(user)``, or None for every item).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organisation.models import TOWNSHIP_KINDS, Unit, UnitKind
from petitions.models import Category, Channel, ContentType, ReceivedLevel

from . import queries
from .periods import Period, PeriodError, PeriodKind, shift_months
from .values import Change, Comparing, Ratio

# Channels counted with letters (件) and with online items (件). DESIGN.md §3 names fax and e-mail as channels but
# §4 counts only letters, visits, calls and online items: a fax is a letter sent by wire, an e-mail an online
# petition.
LETTER_CHANNELS = (Channel.LETTER, Channel.FAX)
ONLINE_CHANNELS = (Channel.ONLINE, Channel.EMAIL)
SKIP_LEVELS = (ReceivedLevel.CITY, ReceivedLevel.PROVINCE, ReceivedLevel.CAPITAL)
# The units a county's places roll up to in the breakdown by area when the whole county is counted.
PLACE_KINDS = TOWNSHIP_KINDS | {UnitKind.COMMUNITY}
WHOLE_COUNTY_KINDS = frozenset({UnitKind.BUREAU, UnitKind.COUNTY})
TOP = 10

# 化解率 is counted over the disputes the reader may see (``stats.screening``); figures over a user's visible items
# cannot say which disputes those are, and leave it to the screening figures.
DISPUTES_COUNTED_APART = _("the resolution rate of screened disputes is counted in the screening figures")


# ------------------------------------------------------------------------------------------------------------
# Volume: what came in.


@dataclass(frozen=True)
class Visits:
    """Visits in batches (批) and person-visits (人次)."""

    batches: int = 0
    persons: int = 0

    def __add__(self, other: Visits) -> Visits:
        return Visits(self.batches + other.batches, self.persons + other.persons)


@dataclass(frozen=True)
class SkipLevel:
    """Visits received at a higher level by residents of this jurisdiction and reported back (越级访)."""

    total: Visits = Visits()
    city: Visits = Visits()
    province: Visits = Visits()
    capital: Visits = Visits()


@dataclass(frozen=True)
class Volume:
    """What was received in the period (by date of receipt), in the counting units of DESIGN.md §4."""

    letters: int = 0  # 来信, 件: own-level letters and faxes
    visits: Visits = Visits()  # 来访 at own level
    individual_visits: Visits = Visits()  # 个体访
    collective_visits: Visits = Visits()  # 集体访 (flagged at registration by the headcount threshold then in force)
    own_total: int = 0  # 来信来访总量, 件(人)次 = letters + visits.persons
    skip_level: SkipLevel = SkipLevel()  # 越级访, per level
    phone: int = 0  # 来电, 次 (own level)
    online: int = 0  # 网上信访, 件: online and e-mail (own level)
    all_channel_total: int = 0  # 信访总量(全口径), 件(人)次 = own_total + skip_level.total.persons + phone + online
    items: int = 0  # every item received, of any channel and level (件/批/次 alike)
    repeat_items: int = 0  # of those, repeat petitions (重信重访)

    @property
    def collective_share(self) -> Ratio:
        """Share of collective visits: collective-visit persons ÷ the own-level total of letters and visits."""
        return Ratio(self.collective_visits.persons, self.own_total, empty=_("no letter or visit was received"))

    @property
    def repeat_rate(self) -> Ratio:
        """重复信访率: repeat petitions ÷ petitions received (items, all channels and levels)."""
        return Ratio(self.repeat_items, self.items, empty=_("no item was received"))

    def metric(self, name: str) -> int:
        """A count by its dotted name, e.g. ``"letters"``, ``"visits.persons"``, ``"skip_level.city.batches"``."""
        value = self
        for part in name.split("."):
            value = getattr(value, part)
        if not isinstance(value, int):
            raise KeyError(name)
        return value

    @classmethod
    def metrics(cls) -> tuple[str, ...]:
        """Every count of a volume by its dotted name, in declaration order."""
        return tuple(_metric_names(cls()))


def _metric_names(value, prefix: str = "") -> Iterable[str]:
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if dataclasses.is_dataclass(item):
            yield from _metric_names(item, f"{prefix}{f.name}.")
        else:
            yield f"{prefix}{f.name}"


def volume_of(groups: Iterable[queries.IntakeGroup]) -> Volume:
    """The volume figures of the intake groups of a period."""
    letters = phone = online = items = repeat_items = 0
    individual = collective = Visits()
    levels = {level: Visits() for level in SKIP_LEVELS}
    for g in groups:
        items += g.items
        repeat_items += g.items if g.is_repeat else 0
        if g.received_level != ReceivedLevel.OWN:
            levels[g.received_level] += Visits(g.items, g.persons)
        elif g.channel == Channel.VISIT:
            if g.is_collective:
                collective += Visits(g.items, g.persons)
            else:
                individual += Visits(g.items, g.persons)
        elif g.channel in LETTER_CHANNELS:
            letters += g.items
        elif g.channel == Channel.PHONE:
            phone += g.items
        elif g.channel in ONLINE_CHANNELS:
            online += g.items
    visits = individual + collective
    skip = SkipLevel(
        total=levels[ReceivedLevel.CITY] + levels[ReceivedLevel.PROVINCE] + levels[ReceivedLevel.CAPITAL],
        city=levels[ReceivedLevel.CITY],
        province=levels[ReceivedLevel.PROVINCE],
        capital=levels[ReceivedLevel.CAPITAL],
    )
    own_total = letters + visits.persons
    return Volume(
        letters=letters,
        visits=visits,
        individual_visits=individual,
        collective_visits=collective,
        own_total=own_total,
        skip_level=skip,
        phone=phone,
        online=online,
        all_channel_total=own_total + skip.total.persons + phone + online,
        items=items,
        repeat_items=repeat_items,
    )


# ------------------------------------------------------------------------------------------------------------
# Decisions and handling.


@dataclass(frozen=True)
class Decisions:
    """The bureau's decisions dated in the period (受理/转送/不予受理/当场答复), by what came of them."""

    total: int = 0
    on_time: int = 0  # decided on or before the decision due date (decided_on ≤ decision_due_on)
    assigned: int = 0  # accepted and assigned (交办)
    answered: int = 0  # answered on the spot (当场答复)
    forwarded: int = 0  # forwarded to the competent authority (转送)
    declined: int = 0  # not accepted (不予受理)
    returned: int = 0  # assigned, then handed back by the unit (not its jurisdiction), waiting for a new decision

    @property
    def timely_acceptance(self) -> Ratio:
        """及时受理率 = decisions made within the limit ÷ decisions."""
        return Ratio(self.on_time, self.total, empty=_("no decision was made in the period"))


def _add(a, b):
    """Field-wise sum of two dataclasses of counts (nested ones included)."""
    return type(a)(**{f.name: _plus(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)})


def _plus(x, y):
    return _add(x, y) if dataclasses.is_dataclass(x) else x + y


@dataclass(frozen=True)
class Evaluations:
    """Satisfaction evaluations of the items replied to in the period."""

    eligible: int = 0  # replied in the period and open to evaluation (not accusations, not legal procedure)
    evaluated: int = 0  # of those, evaluated by ``as_of``
    satisfied: int = 0  # 满意
    basically_satisfied: int = 0  # 基本满意
    dissatisfied: int = 0  # 不满意
    # Of the evaluated, those the petitioner gave on the public query page with the query code; the others were
    # entered by bureau staff from a call-back, letter or visit, or copied from a ledger (Petition.evaluation_via).
    on_query_page: int = 0

    __add__ = _add

    @property
    def entered_by_staff(self) -> int:
        """Evaluations recorded by the bureau (call-back, letter, visit, ledger), not given on the query page."""
        return self.evaluated - self.on_query_page

    @property
    def satisfaction(self) -> Ratio:
        """满意率 = (满意 + 基本满意) ÷ evaluated."""
        return Ratio(
            self.satisfied + self.basically_satisfied, self.evaluated, empty=_("no reply of the period was evaluated")
        )

    @property
    def participation(self) -> Ratio:
        """参评率 = evaluated ÷ eligible."""
        return Ratio(self.evaluated, self.eligible, empty=_("no reply of the period could be evaluated"))


@dataclass(frozen=True)
class Handling:
    """Handling figures (办理): of the items filed in the period, of the items due in it, and the replies in it."""

    assigned: int = 0  # accepted and assigned in the period (交办, accepted_on in the period)
    assigned_closed: int = 0  # of those, result reported back (replied) by the cutoff
    answered: int = 0  # answered on the spot in the period: filed and closed at once (当场答复)
    due: int = 0  # handling due date (extended, if extended) in the period and decided: on_time + late + overdue
    on_time: int = 0  # of those, replied on or before the due date
    late: int = 0  # of those, replied after the due date (by the cutoff)
    overdue: int = 0  # of those, not replied by the cutoff and past due (超期未办结)
    replied: int = 0  # replies (办结) dated in the period, whenever the item was filed; on-the-spot answers included
    evaluations: Evaluations = Evaluations()

    __add__ = _add

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> Handling:
        names = {f.name for f in dataclasses.fields(Evaluations)}
        return cls(
            **{k: v for k, v in counts.items() if k not in names},
            evaluations=Evaluations(**{k: v for k, v in counts.items() if k in names}),
        )

    @property
    def filed(self) -> int:
        """Filed cases (受理): assigned + answered on the spot in the period."""
        return self.assigned + self.answered

    @property
    def closed(self) -> int:
        """Of the filed cases, closed (办结) by the cutoff."""
        return self.assigned_closed + self.answered

    @property
    def open(self) -> int:
        """Of the filed cases, still being handled at the cutoff (在办)."""
        return self.assigned - self.assigned_closed

    @property
    def closure_rate(self) -> Ratio:
        """结案率 = closed ÷ filed."""
        return Ratio(self.closed, self.filed, empty=_("no case was filed in the period"))

    @property
    def on_time_rate(self) -> Ratio:
        """按期办结率 = closed by the due date ÷ items due in the period (open overdue items count as missed)."""
        return Ratio(self.on_time, self.due, empty=_("no item fell due in the period"))

    @property
    def reply_rate(self) -> Ratio:
        """回复率 = assigned items whose result was reported back ÷ assigned items."""
        return Ratio(self.assigned_closed, self.assigned, empty=_("no item was assigned in the period"))


@dataclass(frozen=True)
class Rates:
    """Every rate of DESIGN.md §4 for the period and scope."""

    closure: Ratio  # 结案率
    on_time_closure: Ratio  # 按期办结率
    timely_acceptance: Ratio  # 及时受理率
    reply: Ratio  # 回复率
    satisfaction: Ratio  # 满意率
    participation: Ratio  # 参评率
    repeat: Ratio  # 重复信访率
    collective_share: Ratio  # 集体访占比
    dispute_resolution: Ratio  # 化解率 (stats.screening), or why it is counted apart


# ------------------------------------------------------------------------------------------------------------
# Breakdowns.


@dataclass(frozen=True)
class Row:
    """One line of a breakdown of the items received: ``items`` (件/批/次 alike) and ``persons`` (件(人)次)."""

    key: str | int | None  # channel or content-type code, received level, unit or category id
    label: str | Promise
    items: int = 0
    persons: int = 0
    parent: str | None = None  # the enclosing group: the township of a village, the top category of a sub-category

    def share(self, total: int) -> Ratio:
        return Ratio(self.items, total, empty=_("no item was received"))


@dataclass(frozen=True)
class UnitHandling:
    """Handling figures of one responsible unit (``unit_id`` None: answered on the spot by the bureau)."""

    unit_id: int | None
    label: str | Promise
    handling: Handling


def top(rows: Iterable[Row], n: int = TOP) -> tuple[Row, ...]:
    """The ``n`` rows with most items (then most persons, then in their table order); rows without items left out."""
    ordered = sorted(enumerate(rows), key=lambda pair: (-pair[1].items, -pair[1].persons, pair[0]))
    return tuple(row for _index, row in ordered if row.items)[:n]


@dataclass(frozen=True)
class Breakdowns:
    """The items received in the period cut by each dimension; each column sums to the volume's ``items``."""

    channel: tuple[Row, ...]  # every channel, fax and e-mail included
    content_type: tuple[Row, ...]  # suggestion, accusation, appeal-demand
    received_level: tuple[Row, ...]  # own level and each skip level
    category: tuple[Row, ...]  # top-level categories (the 18), sub-categories rolled up
    subcategory: tuple[Row, ...]  # every category as recorded (a sub-category, or a top-level one chosen by itself)
    place: tuple[Row, ...]  # every place of the problem with items, as recorded
    area: tuple[Row, ...]  # places rolled up one level below the scope: townships for the county, villages for a township
    responsible_unit: tuple[UnitHandling, ...]  # handling figures per responsible unit

    @property
    def top_places(self) -> tuple[Row, ...]:
        """The ten areas (townships for the county) with most items."""
        return top(self.area)

    @property
    def top_categories(self) -> tuple[Row, ...]:
        """The ten top-level categories with most items."""
        return top(self.category)

    @property
    def top_subcategories(self) -> tuple[Row, ...]:
        """The ten categories as recorded (mostly sub-categories: 征地拆迁, 拖欠工资 …) with most items."""
        return top(self.subcategory)


# ------------------------------------------------------------------------------------------------------------
# Scope.


@dataclass(frozen=True)
class Scope:
    """Whose figures: the whole county, or a unit's subtree (by place for intake, by responsible unit for handling)."""

    unit: Unit | None = None
    subtree_ids: tuple[int, ...] | None = None  # None: the whole county

    @classmethod
    def of(cls, unit: Unit | None) -> Scope:
        if unit is None or unit.kind in WHOLE_COUNTY_KINDS:
            return cls(unit, None)
        if unit.is_higher_level:
            raise ValueError(_("“%(unit)s” is a higher body; statistics are kept for this county's units.")
                             % {"unit": unit.name})
        return cls(unit, tuple(Unit.objects.subtree(unit).order_by().values_list("pk", flat=True)))

    @classmethod
    def of_each(cls, units: Iterable[Unit]) -> dict[int, Scope]:
        """``of`` for many units, with one query for all their subtrees (the materialised paths)."""
        units = list(units)
        paths = list(Unit.objects.order_by().values_list("pk", "path"))
        scopes = {}
        for unit in units:
            if unit.kind in WHOLE_COUNTY_KINDS or unit.is_higher_level:
                scopes[unit.pk] = cls.of(unit)  # the county, or the refusal of a higher body
            else:
                scopes[unit.pk] = cls(unit, tuple(pk for pk, path in paths if path.startswith(unit.path)))
        return scopes

    @property
    def whole_county(self) -> bool:
        return self.subtree_ids is None

    @property
    def label(self) -> str | Promise:
        return _("the whole county") if self.whole_county else self.unit.name


# ------------------------------------------------------------------------------------------------------------
# Comparisons.


_NO_BASE_DATA = {
    Comparing.YEAR_ON_YEAR: _("no data for the same period last year"),
    Comparing.PERIOD_ON_PERIOD: _("no data for the previous period"),
}


@dataclass(frozen=True)
class Comparison:
    """This period's volume against a base period's (同比 or 环比), computed by the same code as the current one.

    For a period that has not ended the base period is cut at the same point (the same date last year, or as
    many days into the previous period), so that like is compared with like. ``base`` is None when no item at
    all was received in the base period (e.g. before the system was in use).
    """

    kind: str  # Comparing.YEAR_ON_YEAR or Comparing.PERIOD_ON_PERIOD
    period: Period  # the base period, cut like the current one
    current_period: Period  # the period compared (as asked for, not cut)
    current: Volume
    base: Volume | None
    months: tuple[MonthVolume, ...] = ()  # the base period's volume per calendar month (empty without data)

    @property
    def available(self) -> bool:
        return self.base is not None

    @property
    def reason(self) -> str | None:
        return None if self.base is not None else str(_NO_BASE_DATA[self.kind])

    def change(self, metric: str) -> Change:
        """The change of one volume count, by its dotted name (``Volume.metrics()``)."""
        return Change(
            self.current.metric(metric),
            None if self.base is None else self.base.metric(metric),
            no_data=_NO_BASE_DATA[self.kind],
        )

    @property
    def changes(self) -> dict[str, Change]:
        return {name: self.change(name) for name in Volume.metrics()}


# ------------------------------------------------------------------------------------------------------------
# Months.


@dataclass(frozen=True)
class MonthVolume:
    """The volume of one calendar month of a period (of its counted days: a running month only up to the cutoff)."""

    month: Period  # the whole calendar month
    volume: Volume


def months_of(period: Period, cutoff: dt.date, intake: queries.Intake) -> tuple[MonthVolume, ...]:
    """Every calendar month that the period's counted days touch, zeros included, in order."""
    result = []
    month = Period.containing(period.start, PeriodKind.MONTH)
    while month.start <= cutoff:
        groups = intake.by_month.get((month.start.year, month.start.month), [])
        result.append(MonthVolume(month, volume_of(groups)))
        month = Period.containing(month.end + dt.timedelta(days=1), PeriodKind.MONTH)
    return tuple(result)


# ------------------------------------------------------------------------------------------------------------
# All figures.


@dataclass(frozen=True)
class Figures:
    period: Period  # the period asked for
    scope: Scope
    as_of: dt.date  # the day the figures are taken
    cutoff: dt.date  # the last day whose facts count: min(period end, as_of)
    volume: Volume
    decisions: Decisions
    handling: Handling
    breakdowns: Breakdowns | None  # None: not computed (``compute_each``)
    year_on_year: Comparison | None = None
    period_on_period: Comparison | None = None
    months: tuple[MonthVolume, ...] = ()  # the volume per calendar month of the period
    dispute_resolution: Ratio | None = None  # 化解率 (``stats.screening.resolution``); None: counted apart

    @property
    def complete(self) -> bool:
        """True when the period has ended by ``as_of`` (the figures are final for the data they rest on)."""
        return self.as_of > self.period.end

    @property
    def counted(self) -> Period:
        """The days whose facts are counted: the period, or its part up to ``as_of``."""
        return self.period.until(self.cutoff)

    @property
    def rates(self) -> Rates:
        return Rates(
            closure=self.handling.closure_rate,
            on_time_closure=self.handling.on_time_rate,
            timely_acceptance=self.decisions.timely_acceptance,
            reply=self.handling.reply_rate,
            satisfaction=self.handling.evaluations.satisfaction,
            participation=self.handling.evaluations.participation,
            repeat=self.volume.repeat_rate,
            collective_share=self.volume.collective_share,
            dispute_resolution=self.dispute_resolution or Ratio.not_available(DISPUTES_COUNTED_APART),
        )


def counted_days(period: Period, as_of: dt.date | None) -> tuple[dt.date, dt.date, dt.date]:
    """``as_of`` (default today), the cutoff (the last day whose facts count) and the first day an open item due in
    the period counts as overdue (an open item is overdue on a day after its due date; once the period has ended
    its last day is over)."""
    as_of = as_of or timezone.localdate()
    if as_of < period.start:
        raise PeriodError(
            _("The period %(period)s has not started on %(day)s.") % {"period": period.label, "day": as_of.isoformat()}
        )
    return as_of, min(period.end, as_of), min(period.end + dt.timedelta(days=1), as_of)


def compute(period: Period, unit: Unit | None = None, *, as_of: dt.date | None = None, compare: bool = True,
            items=None) -> Figures:
    """Every figure of DESIGN.md §4 for ``period`` and ``unit``'s subtree (None: the whole county).

    ``as_of`` is the day the figures are taken (default: today); facts dated after ``min(period.end, as_of)``
    do not count. ``compare`` adds the year-on-year and period-on-period comparisons of the volume. ``items``
    (a ``Petition`` queryset) counts only those items, e.g. a user's visible ones; None counts every item.
    About a dozen queries, whatever the number of items.
    """
    as_of, cutoff, overdue_on = counted_days(period, as_of)
    scope = Scope.of(unit)
    reference = _Reference.load()
    with queries.copy_of(items) as source:  # a user's items are read once (``queries.copy_of``)
        intake = queries.intake(period.start, cutoff, scope.subtree_ids, source=source)
        volume = volume_of(intake.groups)
        decisions = Decisions(**queries.decisions(period.start, cutoff, scope.subtree_ids, source=source))
        per_unit = {
            unit_id: Handling.from_counts(counts)
            for unit_id, counts in queries.handling_by_unit(
                period.start, cutoff, overdue_on=overdue_on, evaluated_by=as_of, responsible_ids=scope.subtree_ids,
                source=source,
            ).items()
        }
        year_on_year = period_on_period = None
        if compare:
            year_on_year = _compare(Comparing.YEAR_ON_YEAR, period, cutoff, volume, scope, source)
            if base_period(Comparing.PERIOD_ON_PERIOD, period, cutoff) == year_on_year.period:
                # A year's previous period is the previous year: the same figures, counted once.
                period_on_period = dataclasses.replace(year_on_year, kind=Comparing.PERIOD_ON_PERIOD)
            else:
                period_on_period = _compare(Comparing.PERIOD_ON_PERIOD, period, cutoff, volume, scope, source)
    handling = sum(per_unit.values(), Handling())
    breakdowns = _breakdowns(intake, per_unit, scope, reference)
    return Figures(
        period=period,
        scope=scope,
        as_of=as_of,
        cutoff=cutoff,
        volume=volume,
        decisions=decisions,
        handling=handling,
        breakdowns=breakdowns,
        year_on_year=year_on_year,
        period_on_period=period_on_period,
        months=months_of(period, cutoff, intake),
        # Over every dispute of the scope only where the figures are over every item (``items`` None).
        dispute_resolution=_dispute_resolution(period, scope, as_of) if items is None else None,
    )


def _dispute_resolution(period: Period, scope: Scope, as_of: dt.date) -> Ratio:
    from .screening import resolution  # stats.screening reads Scope and counted_days from here

    return resolution(period, scope, as_of=as_of)


def compute_each(period: Period, units: Iterable[Unit], *, as_of: dt.date | None = None) -> dict[int, Figures]:
    """The volume, decisions and handling of ``period`` for each unit's subtree, by the definitions of ``compute``.

    For rankings of many units (the monthly assessment): the same four passes as one ``compute``, each grouped by
    place of the problem or by responsible unit and summed into every subtree here, instead of a dozen queries per
    unit. The figures carry neither breakdowns (``None``) nor comparisons; ask ``compute`` for those.
    """
    as_of, cutoff, overdue_on = counted_days(period, as_of)
    scopes = Scope.of_each(units)
    intake = queries.intake_by_place(period.start, cutoff)
    decided = queries.decisions_by_place(period.start, cutoff)
    handled = queries.handling_by_unit(period.start, cutoff, overdue_on=overdue_on, evaluated_by=as_of)
    from .screening import resolution_each  # stats.screening reads Scope and counted_days from here

    resolutions = resolution_each(period, scopes, as_of=as_of)
    result = {}
    for unit_id, scope in scopes.items():
        members = set(scope.subtree_ids) if scope.subtree_ids is not None else None

        def within(key, members=members) -> bool:
            return members is None or key in members

        decisions = queries._no_decisions()
        for place_id, counts in decided.items():
            if within(place_id):
                for name, value in counts.items():
                    decisions[name] += value
        result[unit_id] = Figures(
            period=period,
            scope=scope,
            as_of=as_of,
            cutoff=cutoff,
            volume=volume_of([g for place_id, groups in intake.items() if within(place_id) for g in groups]),
            decisions=Decisions(**decisions),
            handling=sum((Handling.from_counts(c) for key, c in handled.items() if within(key)), Handling()),
            breakdowns=None,
            dispute_resolution=resolutions[unit_id],
        )
    return result


def base_period(kind: str, period: Period, cutoff: dt.date) -> Period:
    """The base period of a comparison, cut at the point that corresponds to ``cutoff``.

    For a period that has not ended (``cutoff`` before its end): year on year, the same date last year; period on
    period, the same date one month, quarter or year earlier — or, for a range of days, as many days into the range
    before it.
    """
    whole = period.previous_year() if kind == Comparing.YEAR_ON_YEAR else period.previous()
    if cutoff >= period.end:
        return whole
    months = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
    if kind == Comparing.YEAR_ON_YEAR:
        day = shift_months(cutoff, -12)
    elif period.kind in months:
        day = shift_months(cutoff, -months[period.kind])
    else:
        day = whole.start + (cutoff - period.start)
    return whole.until(min(day, whole.end))


def _compare(kind: str, period: Period, cutoff: dt.date, volume: Volume, scope: Scope,
             source: queries.Source = queries.EVERY) -> Comparison:
    base = base_period(kind, period, cutoff)
    base_volume, months = None, ()
    if queries.any_intake(base.start, base.end, source=source):
        base_intake = queries.intake(base.start, base.end, scope.subtree_ids, breakdowns=False, source=source)
        base_volume = volume_of(base_intake.groups)
        months = months_of(base, base.end, base_intake)
    return Comparison(kind=kind, period=base, current_period=period, current=volume, base=base_volume, months=months)


# ------------------------------------------------------------------------------------------------------------
# Building the breakdowns from the grouped rows (a few hundred to a few thousand rows, not items).


@dataclass(frozen=True)
class _Unit:
    id: int
    name: str
    kind: str
    path: str
    parent_id: int | None
    is_active: bool


@dataclass(frozen=True)
class _Category:
    id: int
    name: str
    parent_id: int | None
    position: int
    is_active: bool


@dataclass(frozen=True)
class _Reference:
    units: dict[int, _Unit]
    categories: dict[int, _Category]

    @classmethod
    def load(cls) -> _Reference:
        units = {u["id"]: _Unit(**u) for u in Unit.objects.order_by("path").values(
            "id", "name", "kind", "path", "parent_id", "is_active")}
        categories = {c["id"]: _Category(**c) for c in Category.objects.order_by("position", "pk").values(
            "id", "name", "parent_id", "position", "is_active")}
        return cls(units, categories)

    def top_category(self, category_id: int) -> _Category:
        category = self.categories[category_id]
        while category.parent_id is not None:
            category = self.categories[category.parent_id]
        return category

    def category_order(self) -> list[_Category]:
        """Top-level categories in order, each followed by its sub-categories (any depth)."""
        children: dict[int | None, list[_Category]] = {}
        for c in self.categories.values():
            children.setdefault(c.parent_id, []).append(c)

        def walk(parent_id):
            for c in children.get(parent_id, []):
                yield c
                yield from walk(c.id)

        return list(walk(None))

    def area_of(self, place_id: int, scope: Scope) -> _Unit:
        """The unit a place rolls up to: its township (county), or the scope unit's child it lies in."""
        place = self.units[place_id]
        if scope.whole_county:
            unit = place
            while unit is not None and unit.kind not in TOWNSHIP_KINDS:
                unit = self.units.get(unit.parent_id)
            return unit or place
        root = self.units[scope.unit.pk]
        if place.id == root.id or not place.path.startswith(root.path):
            return place
        child_path = root.path + place.path[len(root.path):].split(".", 1)[0] + "."
        unit = place
        while unit.path != child_path:
            unit = self.units[unit.parent_id]
        return unit

    def areas(self, scope: Scope) -> list[_Unit]:
        """The active areas of a scope (its rows even without items)."""
        if scope.whole_county:
            return [u for u in self.units.values() if u.is_active and u.kind in TOWNSHIP_KINDS]
        return [
            u for u in self.units.values()
            if u.is_active and u.parent_id == scope.unit.pk and u.kind in PLACE_KINDS
        ]


def _tally(groups, key) -> dict:
    totals: dict = {}
    for g in groups:
        items, persons = totals.get(key(g), (0, 0))
        totals[key(g)] = (items + g.items, persons + g.persons)
    return totals


def _rows(members, totals, *, keep=lambda member: True, parent=lambda member: None) -> tuple[Row, ...]:
    """One row per member (in the members' order) with its totals; members without items only if ``keep``."""
    rows = []
    for key, label, member in members:
        items, persons = totals.get(key, (0, 0))
        if items or keep(member):
            rows.append(Row(key, label, items, persons, parent(member)))
    return tuple(rows)


def _breakdowns(intake: queries.Intake, per_unit: dict[int | None, Handling], scope: Scope, ref: _Reference
                ) -> Breakdowns:
    def choices(enum):
        return [(member.value, member.label, member) for member in enum]

    groups = intake.groups
    by_category = intake.by_category
    by_top: dict[int, tuple[int, int]] = {}
    for category_id, (items, persons) in by_category.items():
        top_id = ref.top_category(category_id).id
        old = by_top.get(top_id, (0, 0))
        by_top[top_id] = (old[0] + items, old[1] + persons)
    ordered_categories = ref.category_order()
    by_place = intake.by_place
    by_area: dict[int, tuple[int, int]] = {}
    for place_id, (items, persons) in by_place.items():
        area_id = ref.area_of(place_id, scope).id
        old = by_area.get(area_id, (0, 0))
        by_area[area_id] = (old[0] + items, old[1] + persons)
    area_members = {u.id: u for u in ref.areas(scope)} | {i: ref.units[i] for i in by_area}
    area_rows = sorted(area_members.values(), key=lambda u: u.path)

    def township_of(unit: _Unit) -> str | None:
        parent = ref.units.get(unit.parent_id)
        return parent.name if parent and unit.kind == UnitKind.COMMUNITY else None

    def top_name(category: _Category) -> str | None:
        return ref.top_category(category.id).name if category.parent_id is not None else None

    responsible = sorted(
        (uid for uid in per_unit if uid is not None), key=lambda uid: ref.units[uid].path
    )
    unit_rows = [UnitHandling(uid, ref.units[uid].name, per_unit[uid]) for uid in responsible]
    if None in per_unit:
        unit_rows.append(UnitHandling(None, _("Petition bureau (answered on the spot)"), per_unit[None]))
    return Breakdowns(
        channel=_rows(choices(Channel), _tally(groups, lambda g: g.channel)),
        content_type=_rows(choices(ContentType), _tally(groups, lambda g: g.content_type)),
        received_level=_rows(choices(ReceivedLevel), _tally(groups, lambda g: g.received_level)),
        category=_rows(
            [(c.id, c.name, c) for c in ordered_categories if c.parent_id is None], by_top,
            keep=lambda c: c.is_active,
        ),
        subcategory=_rows(
            [(c.id, c.name, c) for c in ordered_categories], by_category,
            keep=lambda c: c.is_active, parent=top_name,
        ),
        place=_rows(
            [(u.id, u.name, u) for u in sorted((ref.units[i] for i in by_place), key=lambda u: u.path)], by_place,
            parent=township_of,
        ),
        area=_rows([(u.id, u.name, u) for u in area_rows], by_area, parent=township_of),
        responsible_unit=tuple(unit_rows),
    )
