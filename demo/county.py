"""The demo county: its units, its staff (one login per role at least) and the items of this year and last year
(so that every year-on-year figure of the statistics has its base).

Every item is registered and moved through its life by the real actions of ``petitions.actions`` with the
dates of each step (``on=``), so the demo shows exactly what the system itself produces.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from attachments import demo as attachments_demo
from duty import demo as duty_demo
from meetings import demo as meetings_demo
from notices import demo as notices_demo
from organisation.models import Role, Unit, UnitKind, User
from petitions import actions
from petitions.models import (
    Channel,
    ContentType,
    EventKind,
    Instruction,
    Petition,
    Petitioner,
    PetitionEvent,
    PetitionParty,
    PetitionSearchText,
    ReceivedLevel,
    SensitiveReveal,
)
from petitions.states import PetitionState
from reception import demo as reception_demo
from screening import demo as screening_demo
from supervision import demo as supervision_demo

from . import texts
from .names import People
from .plans import (
    BUREAU,
    OPEN_AGES,
    PETITIONER,
    RECORDED,
    SUPERVISOR,
    UNIT,
    ItemPlan,
    Planner,
    Reference,
    draw_due_in,
    draw_state_and_date,
    moment,
    receipt_date,
)
from .seed import seed_categories, seed_units

S = PetitionState
COUNTY = "县"
PASSWORD = "demo1234"
DEFAULT_ITEMS = 1000
# Of the items drawn at random: the share still open (all of them recent, OPEN_AGES), and how much rarer closed
# items are among the last RECENT_DAYS days' items.
OPEN_SHARE = 0.08
RECENT_DAYS = 60
RECENT_THINNING = 0.7
# Of the closed random items of this year, the share moved back 52 weeks into last year.
LAST_YEAR_SHARE = 0.3
DEFAULT_SEED = 20260101

# Townships, the sub-district and the management office of the reference summaries, with villages/communities.
PLACES: list[tuple[str, str, list[str]]] = [
    ("化子坪镇", UnitKind.TOWNSHIP, ["化子坪村", "白庙岔村", "长尾沟村"]),
    ("建华镇", UnitKind.TOWNSHIP, ["建华村", "黑泉驿村", "寺湾村"]),
    ("高桥镇", UnitKind.TOWNSHIP, ["高桥村", "南沟村", "魏塔村"]),
    ("招安镇", UnitKind.TOWNSHIP, ["招安村", "王庄村", "阳山村"]),
    ("王家湾镇", UnitKind.TOWNSHIP, ["王家湾村", "岳口村", "大路沟村"]),
    ("坪桥镇", UnitKind.TOWNSHIP, ["坪桥村", "罗居村", "胡家沟村"]),
    ("长城镇", UnitKind.TOWNSHIP, ["长城村", "石咀村", "庙沟村"]),
    ("金明街道", UnitKind.SUBDISTRICT, ["城南社区", "城北社区", "东关社区"]),
    ("杏子河管理处", UnitKind.MANAGEMENT_OFFICE, ["杏子河村", "郝家坪村"]),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    unit: str
    roles: tuple[str, ...]
    position: str = ""
    superuser: bool = False


# The logins ./start prints: one per role.
ROLE_EXAMPLES = ("registrar", "supervisor", "handler", "leader", "officer", "admin")

USERS: list[DemoUser] = [
    DemoUser("registrar", "登记员", "县信访局", (Role.REGISTRAR,), "登记员"),
    DemoUser("registrar2", "刘晓燕", "县信访局", (Role.REGISTRAR,), "接访科科员"),
    DemoUser("supervisor", "局长", "县信访局", (Role.SUPERVISOR,), "局长"),
    DemoUser("admin", "系统管理员", "县信访局", (Role.ADMIN,), "信息中心", superuser=True),
    DemoUser("leader", "县领导", "县委县政府", (Role.LEADER,), "副县长"),
    DemoUser("leader2", "白志强", "县委县政府", (Role.LEADER,), "县委常委、政法委书记"),
    DemoUser("leader_hzp", "高建军", "化子坪镇", (Role.LEADER,), "镇长"),
    DemoUser("handler", "化子坪镇办理员", "化子坪镇", (Role.UNIT_HANDLER,), "综治办干事"),
    DemoUser("officer", "化子坪村信息员", "化子坪村", (Role.INFO_OFFICER,), "村信访信息员"),
    DemoUser("handler2", "建华镇办理员", "建华镇", (Role.UNIT_HANDLER,), "综治办干事"),
    DemoUser("handler_gaoqiao", "高桥镇办理员", "高桥镇", (Role.UNIT_HANDLER,)),
    DemoUser("handler_zhaoan", "招安镇办理员", "招安镇", (Role.UNIT_HANDLER,)),
    DemoUser("handler_wangjiawan", "王家湾镇办理员", "王家湾镇", (Role.UNIT_HANDLER,)),
    DemoUser("handler_pingqiao", "坪桥镇办理员", "坪桥镇", (Role.UNIT_HANDLER,)),
    DemoUser("handler_changcheng", "长城镇办理员", "长城镇", (Role.UNIT_HANDLER,)),
    DemoUser("handler_jinming", "金明街道办理员", "金明街道", (Role.UNIT_HANDLER,)),
    DemoUser("handler_xingzihe", "杏子河管理处办理员", "杏子河管理处", (Role.UNIT_HANDLER,)),
    DemoUser("handler_rsj", "人社局办理员", "县人社局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_zjj", "住建局办理员", "县住建局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_zrzy", "自然资源局办理员", "县自然资源局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_jyj", "教育局办理员", "县教育局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_wjj", "卫健局办理员", "县卫健局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_mzj", "民政局办理员", "县民政局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_nync", "农业农村局办理员", "县农业农村局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_jtj", "交通局办理员", "县交通局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_scjg", "市场监管局办理员", "县市场监管局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_tyjr", "退役军人事务局办理员", "县退役军人事务局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_sthj", "生态环境局办理员", "县生态环境局", (Role.UNIT_HANDLER,)),
    DemoUser("handler_jw", "纪委监委办理员", "县纪委监委", (Role.UNIT_HANDLER,)),
    DemoUser("handler_fy", "法院办理员", "县法院", (Role.UNIT_HANDLER,)),
    DemoUser("handler_jcy", "检察院办理员", "县检察院", (Role.UNIT_HANDLER,)),
    DemoUser("handler_gaj", "公安局办理员", "县公安局", (Role.UNIT_HANDLER,)),
]

ACTIONS = {
    "answer": actions.petition_answer,
    "decline": actions.petition_decline,
    "forward": actions.petition_forward,
    "assign": actions.petition_assign,
    "sign_for": actions.petition_sign_for,
    "hand_back": actions.petition_hand_back,
    "extend": actions.petition_extend,
    "reply": actions.petition_reply,
    "evaluate": actions.petition_evaluate,
    "request_review": actions.petition_request_review,
    "decide_review": actions.petition_decide_review,
    "request_re_review": actions.petition_request_re_review,
    "decide_re_review": actions.petition_decide_re_review,
}


class DemoExists(Exception):
    """The database already holds petitions; the demo is only loaded into an empty one (or with reset)."""


def has_data() -> bool:
    return Petition.objects.exists()


@transaction.atomic
def reset() -> None:
    """Remove every item, petitioner and instruction (the demo's data); units, users and categories stay.

    Plain DELETE statements, children first: the ORM's cascading delete collects related rows item by item,
    which takes minutes after ``generate_petitions`` has written a million.
    """
    attachments_demo.reset()
    notices_demo.reset()
    screening_demo.reset()
    supervision_demo.reset()
    reception_demo.reset()
    meetings_demo.reset()
    duty_demo.reset()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Repeats point at their originals (PROTECT): clear those links before deleting the items.
        cursor.execute(f"UPDATE {quote(Petition._meta.db_table)} SET repeat_of_id = NULL WHERE repeat_of_id IS NOT NULL")
        for model in (SensitiveReveal, Instruction, PetitionSearchText, PetitionEvent, PetitionParty, Petition,
                      Petitioner):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM petition_fts")


def seed_county() -> dict[str, Unit]:
    seed_categories()
    return seed_units(COUNTY, places=PLACES)


def seed_users() -> list[tuple[DemoUser, User]]:
    """The demo logins (password ``demo1234``); existing ones are reset to their demo unit and roles."""
    created = []
    # One hash for the shared demo password: hashing is slow on purpose, thirty times would take seconds.
    password_hash = make_password(PASSWORD)
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.full_name = spec.full_name
        user.unit = Unit.objects.get(name=spec.unit)
        user.roles = [str(r) for r in spec.roles]
        user.position = spec.position
        user.is_active = True
        user.is_staff = user.is_superuser = spec.superuser
        user.password = password_hash
        user.save()
        created.append((spec, user))
    return created


class ActionRunner:
    """Carries out plans through the real actions."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.tz = timezone.get_default_timezone()
        self.moments: list[tuple[Petition, list[dt.datetime], dt.datetime | None]] = []

    def actor(self, step_actor: str, petition: Petition, index: int):
        ref = self.ref
        if step_actor == BUREAU:
            return ref.registrars[index % len(ref.registrars)]
        if step_actor == SUPERVISOR:
            return ref.supervisors[0]
        if step_actor == UNIT:
            return ref.handlers[petition.responsible_unit_id]
        if step_actor == RECORDED:
            return ref.registrars[0]
        if step_actor == PETITIONER:
            return None
        raise ValueError(step_actor)

    def run(self, plan: ItemPlan, built: list[Petition]) -> Petition:
        data = plan.data
        if plan.repeat_of is not None:
            data.repeat_of = built[plan.repeat_of]
        registrar = self.ref.registrars[len(built) % len(self.ref.registrars)]
        petition = actions.petition_register(actor=registrar, data=data, on=data.received_on)
        times = [moment(data.received_on, plan.minute, self.tz)]
        evaluated_at = None
        for index, step in enumerate(plan.steps):
            actor = self.actor(step.actor, petition, len(built) + index)
            petition = ACTIONS[step.name](actor=actor, petition=petition, on=step.on, **step.args)
            times.append(moment(step.on, step.minute, self.tz))
            if step.name == "evaluate":
                evaluated_at = times[-1]
        self.moments.append((petition, times, evaluated_at))
        return petition

    def backdate(self) -> None:
        """Give the events the time of the day they happened.

        The actions stamp events and ``registered_at`` with the wall clock even when ``on=`` names an earlier
        day; a year of history needs the times of its own days for the timelines and statistics.
        """
        events, petitions = [], []
        by_petition: dict[int, list[PetitionEvent]] = {}
        ids = [p.pk for p, _t, _e in self.moments]
        for event in PetitionEvent.objects.filter(petition_id__in=ids).order_by("pk"):
            by_petition.setdefault(event.petition_id, []).append(event)
        for petition, times, evaluated_at in self.moments:
            for event, at in zip(by_petition[petition.pk], times, strict=True):
                event.at = at
                events.append(event)
            petition.registered_at = times[0]
            petition.evaluated_at = evaluated_at
            petitions.append(petition)
        PetitionEvent.objects.bulk_update(events, ["at"], batch_size=500)
        Petition.objects.bulk_update(petitions, ["registered_at", "evaluated_at"], batch_size=500)
        self.moments.clear()


def _date_with_due(due_of, today: dt.date, low: int, high: int, *, earliest: int = 1,
                   latest: int = 120) -> dt.date | None:
    """The latest start date (``earliest``..``latest`` days ago) whose due date is between today+low and today+high.

    None when there is none: due dates roll over a long holiday, so a window inside one is never hit.
    """
    for age in range(earliest, latest):
        start = today - dt.timedelta(days=age)
        due = due_of(start).date
        if today + dt.timedelta(days=low) <= due <= today + dt.timedelta(days=high):
            return start
    return None


def demo_plans(ref: Reference, rng: random.Random, today: dt.date, count: int) -> list[ItemPlan]:
    """The demo's items: a guaranteed set first (every state, every channel, collective and skip-level visits,
    items from the city, repeats, accusations, due soon and overdue), then items drawn at random.

    With a ``count`` smaller than the guaranteed set, its first part is kept: every state and channel, the items
    due soon and overdue, then repeats, then the rest.
    """
    taken = set(Petitioner.objects.exclude(id_number="").values_list("id_number", flat=True))
    planner = Planner(ref, rng, today, People(rng, taken))
    dl = ref.deadlines
    # From 1 January of last year to today: the statistics compare this year with the same period last year.
    window = (today - dt.date(today.year - 1, 1, 1)).days
    specs: list[tuple[str, dt.date, dict]] = []

    def add(state, **kwargs):
        specs.append((state, receipt_date(rng, today, window, state), kwargs))

    for state in PetitionState.values:
        add(state)
    for channel in Channel.values:
        add(S.REPLIED, channel=channel)
    # Yellow and red on the worklists: open items due within three days, and overdue ones.
    for low, high in ((0, 3), (1, 3), (-30, -1), (-20, -1)):
        if received := _date_with_due(dl.decision, today, low, high):
            specs.append((S.REGISTERED, received, {"fast_track": False}))
    for low, high, cls, collective in ((0, 3, "general", True), (1, 3, "", False), (0, 3, "general", False),
                                       (-25, -1, "general", True), (-40, -2, "major", True),
                                       (-10, -1, "urgent", False), (-15, -1, "", True)):
        # A collective visit is never fast-tracked; a single-person letter here is (DESIGN.md §3).
        decide = _date_with_due(lambda d, c=cls, f=not collective: dl.handling(d, c, f, None), today, low, high,
                                earliest=4)
        if decide is None:
            continue
        channel = Channel.VISIT if collective else Channel.LETTER
        specs.append((S.HANDLING, decide - dt.timedelta(days=2),
                      {"decide_on": decide, "deadline_class": cls, "collective": collective, "channel": channel,
                       "extend": False, "reassign": False, "late": False, "level": ReceivedLevel.OWN,
                       "from_city": False, "fast_track": not collective}))

    for state in (S.REPLIED, S.HANDLING, S.UNDER_REVIEW, S.DECLINED):
        add(state, repeat=True)
    for state in PetitionState.values:
        add(state)
        add(state)
    for channel in Channel.values:
        add(S.HANDLING, channel=channel)
    add(S.ANSWERED, channel=Channel.VISIT)
    add(S.ANSWERED, channel=Channel.PHONE)
    # Collective visits, skip-level visits and items assigned by the city with its due date.
    for state in (S.REPLIED, S.REPLIED, S.HANDLING, S.TERMINATED, S.ANSWERED, S.ASSIGNED, S.REVIEWED, S.REPLIED):
        add(state, channel=Channel.VISIT, collective=True)
    for level, state in ((ReceivedLevel.CITY, S.REPLIED), (ReceivedLevel.CITY, S.HANDLING),
                         (ReceivedLevel.CITY, S.FORWARDED), (ReceivedLevel.PROVINCE, S.REPLIED),
                         (ReceivedLevel.PROVINCE, S.HANDLING), (ReceivedLevel.CAPITAL, S.REPLIED)):
        add(state, level=level)
    add(S.HANDLING, level=ReceivedLevel.CITY, collective=True)
    for state in (S.REPLIED, S.REPLIED, S.HANDLING, S.ASSIGNED, S.UNDER_REVIEW):
        add(state, from_city=True)
    # Accusations: forwarded to, or assigned to, the discipline body; never to the accused.
    accusations = [s for s in texts.SCENARIOS if s.content_type == ContentType.ACCUSATION]
    for index, state in enumerate((S.FORWARDED, S.REPLIED, S.HANDLING, S.REPLIED, S.FORWARDED, S.DECLINED)):
        add(state, scenario=accusations[index % len(accusations)])
    # Extensions, hand-backs followed by a new assignment, late replies, owned cases.
    for state in (S.HANDLING, S.REPLIED, S.REPLIED, S.UNDER_REVIEW):
        add(state, extend=True)
    for state in (S.HANDLING, S.REPLIED, S.REPLIED):
        add(state, reassign=True)
    for _ in range(4):
        add(S.REPLIED, late=True)
    for state in (S.HANDLING, S.HANDLING, S.REPLIED, S.ASSIGNED):
        add(state, with_leader=True, deadline_class="major")

    specs = specs[:count]
    # The rest at random: about a quarter still open.
    while len(specs) < count:
        state, received = draw_state_and_date(rng, today, window, OPEN_SHARE)
        # Open items are recent: fewer closed ones among the recent items, so that every month of both years
        # receives about as much (the statistics compare each month with the same month last year).
        while state not in OPEN_AGES and (today - received).days < RECENT_DAYS and rng.random() < RECENT_THINNING:
            received = receipt_date(rng, today, window, state)
        if state not in OPEN_AGES and received.year == today.year and rng.random() < LAST_YEAR_SHARE:
            # This year also gets the reception days' filed cases and most guaranteed visits: last year gets more
            # of the random ones, so that the two years are of like size.
            received -= dt.timedelta(days=364)  # 52 weeks: the same weekday (fewer items arrive at weekends)
        specs.append((state, received, {}))

    specs.sort(key=lambda spec: spec[1])
    plans: list[ItemPlan] = []
    for state, received, kwargs in specs:
        # Besides the guaranteed ones, about one in twelve later items is a repeat petition by the same person.
        wanted = kwargs.pop("repeat", False) if kwargs else (plans and rng.random() < 0.08)
        if wanted and plans:
            index = rng.randrange(len(plans))
            original = plans[index]
            if original.data.received_on < received and original.data.headcount == 1:
                kwargs = {"repeat": (index, original)}
        if "decide_on" not in kwargs:
            kwargs["due_in"] = draw_due_in(rng, state)
        plan = planner.plan(state, received, **kwargs)
        if plan.repeat_of is not None and plan.data.received_on <= plans[plan.repeat_of].data.received_on:
            # Moved back before its original: make it a first petition.
            plan = planner.plan(state, received, due_in=kwargs["due_in"])
        plans.append(plan)
    return plans


def load(
    *,
    items: int = DEFAULT_ITEMS,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    progress=None,
) -> dict:
    """Build the demo county. Raises DemoExists when items exist already (reset first)."""
    if has_data():
        raise DemoExists
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        seed_county()
        users = seed_users()
    ref = Reference()
    plans = demo_plans(ref, rng, today, items)
    runner = ActionRunner(ref)
    built: list[Petition] = []
    with transaction.atomic():
        for index, plan in enumerate(plans, start=1):
            built.append(runner.run(plan, built))
            if progress and index % 100 == 0:
                progress(index, len(plans))
        runner.backdate()
        _instructions(ref, rng, built)
        supervision_demo.load(ref, rng, built, today)
        reception_demo.build(today=today, seed=seed, items=len(built))
        meetings_demo.load(ref, built, today)
        duty_demo.load(today)
        screening_demo.load(ref, rng, built, today)
        attachments_demo.load(ref, rng, today)
        notices_demo.load(ref, rng, today)
    return {"users": users, "items": Petition.objects.count(), "today": today}


def _instructions(ref: Reference, rng: random.Random, built: list[Petition]) -> None:
    """The bureau asks the county leaders for instructions on some open owned or major items; some are written.

    Like the steps, they get times of the demo's own days: half an hour after the item's last event for the
    request, two hours after it for the instruction (the actions stamp the wall clock).
    """
    candidates = [p for p in built if p.state in (S.ASSIGNED, S.HANDLING) and
                  (p.owning_leader_id or p.deadline_class == "major" or p.is_collective)]
    supervisor = ref.supervisors[0]
    for petition in candidates[: max(6, len(candidates) // 2)]:
        last = petition.events.order_by("-at", "-pk").values_list("at", flat=True).first()
        leader = next((u for u in ref.leaders if u.pk == petition.owning_leader_id), None) or rng.choice(ref.leaders)
        instruction = actions.instruction_request(actor=supervisor, petition=petition, leader=leader)
        times = {EventKind.INSTRUCTION_REQUESTED: last + dt.timedelta(minutes=30)}
        instruction.requested_at = times[EventKind.INSTRUCTION_REQUESTED]
        if rng.random() < 0.5:
            unit = petition.responsible_unit.name if petition.responsible_unit_id else ""
            instruction = actions.instruction_write(actor=leader, petition=petition,
                                                    text=rng.choice(texts.INSTRUCTIONS).format(unit=unit))
            instruction.requested_at = times[EventKind.INSTRUCTION_REQUESTED]
            times[EventKind.INSTRUCTED] = instruction.written_at = last + dt.timedelta(hours=2)
        instruction.save(update_fields=["requested_at", "written_at"])
        for kind, at in times.items():
            PetitionEvent.objects.filter(petition=petition, kind=kind).update(at=at)


def login_lines(users: list[tuple[DemoUser, User]]) -> list[str]:
    return [f"{spec.username} / {PASSWORD} / {', '.join(str(Role(r).label) for r in spec.roles)} / {spec.unit}"
            for spec, _user in users]

