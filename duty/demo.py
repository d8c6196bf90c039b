"""Duty rosters for the demo county: the May Day (劳动节) and National Day (国庆) holidays of the demo year, when
the reception hall stays open for petitioners, and an important meeting that is running on the demo's last day (so
that "on duty today" has names), entered through the roster actions."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from organisation.models import Role, User

from . import actions
from .models import DutyEvent, DutyRoster, Shift

STAFF = ("刘晓燕", "张志华", "李红梅", "王建国", "赵鹏飞", "孙丽娟", "高文斌", "马小军", "杨春燕", "贺海龙")
LEADERS = ("张宏伟（县信访局局长）", "王立新（县信访局副局长）", "白志强（县委常委、政法委书记）", "李明（县政府副县长）")
DUTY_PHONE = "0911-6212345"
PLACES = {Shift.DAY: "县信访局接访大厅", Shift.NIGHT: "县信访局值班室"}
REQUIREMENTS = (
    "一、值班人员须坚守岗位，保持通讯畅通，热情接待来信来访群众，及时登记群众诉求，依法按程序办理。\n"
    "二、能当场答复的当场答复，需交办的按程序及时交办；遇有突发事件，第一时间向带班领导报告，并按应急预案处置。\n"
    "三、值班期间每日17时前向县委办、县政府办报送来信来访登记和办理情况。"
)


def _last(month: int, day: int, today: dt.date) -> dt.date:
    """The latest ``month``/``day`` not after ``today``."""
    candidate = dt.date(today.year, month, day)
    return candidate if candidate <= today else dt.date(today.year - 1, month, day)


def _fill(roster: DutyRoster, actor, rng: random.Random) -> None:
    staff = list(STAFF)
    for index, day in enumerate(roster.days):
        rng.shuffle(staff)
        leader = LEADERS[index % 3]
        for shift in (Shift.DAY, Shift.NIGHT):
            names = "、".join(staff[:2] if shift == Shift.DAY else staff[2:3])
            phone = f"139{rng.randint(0, 99999999):08d}" if shift == Shift.NIGHT else DUTY_PHONE
            actions.duty_shift_set(actor=actor, roster=roster, on_date=day, shift=shift, staff=names,
                                   place=PLACES[shift], phone=phone, leader=leader)


def load(today: dt.date) -> int:
    rng = random.Random(f"duty-{today.isoformat()}")
    actor = User.objects.with_role(Role.SUPERVISOR).filter(unit__kind="bureau").order_by("pk").first()
    if actor is None:
        return 0
    may_day = _last(5, 1, today)
    guoqing = _last(10, 1, today)
    periods = [
        (f"{may_day.year}年劳动节期间", may_day, may_day + dt.timedelta(days=4)),
        (f"{guoqing.year}年国庆节期间", guoqing, guoqing + dt.timedelta(days=7)),
        (f"{today.year}年县人大常委会会议期间", today - dt.timedelta(days=2), today + dt.timedelta(days=3)),
    ]
    for name, start, end in sorted(periods, key=lambda p: p[1]):
        roster = actions.duty_roster_create(actor=actor, name=name, starts_on=start, ends_on=end,
                                            requirements=REQUIREMENTS)
        _fill(roster, actor, rng)
        created = timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=5), dt.time(10, 0)))
        DutyRoster.objects.filter(pk=roster.pk).update(created_at=created)
        DutyEvent.objects.filter(roster=roster).update(at=created)
    return len(periods)


def reset() -> None:
    DutyEvent.objects.all().delete()
    DutyRoster.objects.all().delete()
