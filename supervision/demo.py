"""A year of case ownership and supervision in the demo county, recorded through this app's actions with the
dates of each step (``on=``): ownership of the items that need it (most with all five assurances, some still
missing one), supervision notices (completed on time and late, open, due soon, overdue), completion reports sent
back up on the items from the city and the province (on time, late, not yet), and a bulletin per ended quarter."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.utils import timezone

from petitions.models import EventKind, Petition, PetitionEvent
from stats.periods import Period

from . import actions, rules
from .models import Bulletin, BulletinMention, Ownership, ReportBack, SupervisionNotice

RISKS = [
    "镇村两级干部每周向信访人通报一次办理进展，及时回应诉求，做好政策解释。",
    "由包案领导牵头召开协调会，明确责任分工，专人跟踪办理，推动问题尽快解决。",
    "落实“一案一策”化解方案，村调解委员会全程参与，依法及时解决合理诉求。",
    "组织住建、自然资源等部门联合调查，依法依规提出解决方案并当面答复。",
]
FUNDS = ["无需资金", "县财政困难群众救助资金2万元", "镇级专项资金5万元", "由责任企业垫付拖欠工资，镇政府督促落实",
         "无需资金（政策解释类事项）"]
REQUIREMENTS = [
    "请责任单位抓紧调查核实，按期办结并书面报告办理结果。",
    "该事项已超过一般办理时限，请包案领导亲自过问，限期化解。",
    "请于期限内约见信访人当面答复，并将答复情况报县信访局。",
    "请会同相关部门联合处理，依法及时解决信访人的合理诉求。",
]
RESULTS = ["已按期书面答复信访人，信访人表示认可。", "责任单位已召开协调会，问题得到解决。",
           "已约见信访人当面答复，相关款项已兑付。", "已办结并书面报告县信访局。"]
TITLES = ["副镇长", "综治办主任", "司法所所长", "副局长", "股长"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def reset() -> None:
    """Remove every record of this app (before the demo's items are deleted)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (BulletinMention, Bulletin, ReportBack, SupervisionNotice, Ownership):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def _handlers(rng: random.Random) -> str:
    return "、".join(f"{rng.choice(SURNAMES)}{rng.choice('明华军伟强芳丽勇杰涛')}（{rng.choice(TITLES)}）"
                     for _n in range(rng.randint(1, 2)))


def load(ref, rng: random.Random, built: list[Petition], today: dt.date) -> dict:
    started = timezone.now()
    supervisor = ref.supervisors[0]
    registrar = ref.registrars[0]
    items = [Petition.objects.get(pk=p.pk) for p in built if p.accepted_on]
    owned = _ownership(ref, rng, items, today, registrar)
    notices = _notices(rng, items, today, supervisor)
    reports = _reports(rng, items, today, registrar)
    bulletins = _bulletins(today, supervisor)
    _backdate(started)
    return {"owned": owned, "notices": notices, "reports": reports, "bulletins": bulletins}


def _ownership(ref, rng, items, today, actor) -> int:
    count = 0
    for p in sorted((p for p in items if rules.needs_ownership(p)), key=lambda p: (p.accepted_on, p.pk)):
        roll = rng.random()
        if p.is_open and roll < 0.15:
            continue  # not yet owned: the supervisor's worklist
        on = min(p.accepted_on + dt.timedelta(days=rng.randint(0, 4)), today)
        # An item sent down late can be due (the higher body's date) before it was accepted; ownership cannot.
        deadline = max(p.accepted_on, p.handling_due_on or p.accepted_on + dt.timedelta(days=30))
        if rng.random() < 0.2:
            deadline = max(p.accepted_on, deadline - dt.timedelta(days=rng.randint(5, 20)))  # tighter than the law
        leader = p.owning_leader or rng.choice(ref.leaders)
        partial = p.is_open and roll < 0.3
        actions.ownership_set(
            actor=actor, petition=p, owning_leader=leader, lead_unit=p.responsible_unit, handlers=_handlers(rng),
            deadline=deadline, risk_measures=rng.choice(RISKS), funds="" if partial else rng.choice(FUNDS), on=on,
        )
        count += 1
    return count


def _notices(rng, items, today, actor) -> int:
    plans = []
    candidates = [p for p in items if p.handling_due_on and p.responsible_unit_id]
    rng.shuffle(candidates)
    for p in candidates[:45]:
        latest = min(p.replied_on or today, today)
        if latest < p.accepted_on + dt.timedelta(days=3):
            continue
        issued = p.accepted_on + dt.timedelta(days=rng.randint(3, max(3, (latest - p.accepted_on).days)))
        due = issued + dt.timedelta(days=rng.randint(5, 15))
        plans.append((issued, due, p))
    # Warnings on today's worklists: two notices due within three days, two overdue.
    open_items = [p for p in candidates[45:] if p.is_open and p.accepted_on <= today - dt.timedelta(days=25)]
    for p, (ago, due_in) in zip(open_items, ((6, 2), (4, 3), (20, -3), (15, -1)), strict=False):
        plans.append((today - dt.timedelta(days=ago), today + dt.timedelta(days=due_in), p))
    count = 0
    for issued, due, p in sorted(plans, key=lambda plan: (plan[0], plan[2].pk)):
        notice = actions.notice_issue(actor=actor, petition=p, due_on=due, requirement=rng.choice(REQUIREMENTS),
                                      on=issued)
        count += 1
        if p.replied_on and p.replied_on <= today:
            done = min(max(issued, p.replied_on + dt.timedelta(days=rng.randint(0, 3))), today)
        elif due < today - dt.timedelta(days=7) and rng.random() < 0.5:
            done = min(due + dt.timedelta(days=rng.randint(1, 6)), today)
        else:
            continue  # still open: due soon or overdue on the worklists
        actions.notice_complete(actor=actor, notice=notice, result=rng.choice(RESULTS), on=done)
    return count


def _reports(rng, items, today, actor) -> int:
    count = 0
    for p in sorted((p for p in items if rules.is_from_above(p) and p.replied_on), key=lambda p: p.replied_on):
        roll = rng.random()
        if roll < 0.2:
            continue  # not reported back yet
        due = p.source_due_on or p.handling_due_on or p.replied_on
        sent = p.replied_on + dt.timedelta(days=rng.randint(0, 3)) if roll < 0.8 else due + dt.timedelta(
            days=rng.randint(1, 10))
        sent = min(max(sent, p.replied_on), today)
        actions.report_back_record(actor=actor, petition=p, sent_on=sent,
                                   reference=f"{p.received_on:%Y}年第{p.pk % 97 + 1}号", on=sent)
        count += 1
    return count


def _bulletins(today, actor) -> int:
    count = 0
    quarter = Period.containing(today, "quarter")
    periods = []
    for _n in range(4):
        quarter = quarter.previous()
        periods.append(quarter)
    for period in reversed(periods):
        issued = period.end + dt.timedelta(days=10)
        if issued <= today:
            actions.bulletin_issue(actor=actor, period=period, as_of=issued, on=issued)
            count += 1
    return count


def _backdate(started) -> None:
    """Give the notes this load appended the day they record (the actions stamp the wall clock): from 15:00 on,
    and after whatever the item's history already holds on that day, in the order they were written. An item can
    be registered and assigned late in the afternoon and owned the same day; its ownership note must not come
    before its registration."""
    tz = timezone.get_default_timezone()
    events = list(PetitionEvent.objects.filter(kind=EventKind.NOTE, at__gte=started).order_by("pk"))
    last: dict[tuple[int, dt.date], dt.datetime] = {}
    history = (PetitionEvent.objects.filter(petition_id__in={e.petition_id for e in events})
               .exclude(pk__in=[e.pk for e in events]).values_list("petition_id", "at"))
    for petition_id, at in history:
        key = (petition_id, timezone.localtime(at, tz).date())
        last[key] = max(last.get(key, at), at)
    for index, event in enumerate(events):
        day = event.business_date
        key = (event.petition_id, day)
        at = dt.datetime(day.year, day.month, day.day, 15, 0, tzinfo=tz) + dt.timedelta(minutes=index % 120)
        if key in last:
            at = max(at, last[key] + dt.timedelta(minutes=5))
        event.at = last[key] = at
    PetitionEvent.objects.bulk_update(events, ["at"], batch_size=500)
    for model, field in ((Ownership, "created_at"), (Ownership, "updated_at"), (SupervisionNotice, "created_at"),
                         (ReportBack, "recorded_at")):
        rows = list(model.objects.filter(**{f"{field}__gte": started}))
        for row in rows:
            day = {Ownership: lambda r: r.completed_on or r.petition.accepted_on,
                   SupervisionNotice: lambda r: r.issued_on, ReportBack: lambda r: r.sent_on}[model](row)
            setattr(row, field, dt.datetime(day.year, day.month, day.day, 16, 0, tzinfo=tz))
        model.objects.bulk_update(rows, [field], batch_size=500)
