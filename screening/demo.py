"""A year and a half of dispute screening in the demo county, recorded through this app's actions with the dates of
each step: last year's and this year's quarterly sweeps of every township and the special sweeps before the Spring
Festival, the National People's Congress and the National Day, with their focus topics; the disputes each unit found
(and some found outside a campaign), resolved by the mediations and the other ways, a few escalated, some reopened,
the major ones owned by a county leader with the five assurances, some linked to petition items; the units'
reports (nil where nothing was found; a couple not in yet for the latest sweep); village information officers' reports, screened as disputes, merged, closed or still waiting (one late); and the year's
emergency linkages with their actions and stand-downs.

Deterministic for a seed. Events are dated by the day they record (the actions stamp the wall clock)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from organisation.models import TOWNSHIP_KINDS, Role, Unit, UnitKind
from petitions.models import EventKind, Petition, PetitionEvent
from supervision.models import Ownership

from . import actions
from .models import (
    CampaignUnit,
    Dispute,
    DisputeParty,
    DisputePetition,
    DisputeType,
    Incident,
    IncidentAction,
    OfficerReport,
    ResolutionAttempt,
    ScreeningCampaign,
    ScreeningEvent,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国秀英志强桂兰海军春燕德明玉梅永福小红国华丽娟"

# type name → (subject, description) templates; {village} is the place.
STORIES = {
    "征地补偿": ("{village}村民反映修路征地补偿款未足额发放", "{village}{n}户村民反映，县道改扩建征用其承包地，补偿款至今未足额发放到户。"),
    "房屋拆迁安置": ("{village}拆迁户对安置房分配有异议", "{village}部分拆迁户认为安置房分配顺序不公开，要求重新公示。"),
    "土地承包经营权": ("{village}两户因承包地调整发生争执", "{village}两户村民对二轮承包地调整结果有争议，多次发生口角。"),
    "山林权属": ("{village}与邻村山林界址争议", "{village}与邻村对一片集体山林的界址认识不一，双方群众情绪激动。"),
    "宅基地": ("{village}两户宅基地边界纠纷", "{village}两户村民因新建房屋占用宅基地边界发生争执，已有推搡。"),
    "地界纠纷": ("{village}村民因地界埋桩发生争执", "{village}村民在承包地边界埋设界桩，邻户认为侵占其土地。"),
    "拖欠工资": ("{village}务工人员反映工程款拖欠工资", "{n}名务工人员反映在镇域内某建设项目务工，工资被拖欠三个月。"),
    "工伤赔偿": ("企业职工工伤赔偿争议", "某企业职工在生产中受伤，与企业就工伤赔偿数额未达成一致。"),
    "社会保险": ("退休职工养老保险待遇争议", "原乡镇企业退休职工反映养老保险缴费年限认定有误，影响待遇。"),
    "改制职工安置": ("原县属企业改制职工安置诉求", "原县属企业改制时的{n}名职工反映身份置换补偿标准偏低，要求重新核算。"),
    "企业破产": ("破产企业职工债权清偿诉求", "破产企业职工反映拖欠的集资款和工资未纳入清偿。"),
    "婚姻家庭": ("{village}一户家庭因离婚财产分割争执", "{village}一对夫妻因离婚财产分割发生激烈争执，双方亲属介入。"),
    "赡养抚养": ("{village}老人赡养纠纷", "{village}一位八旬老人反映子女互相推诿，不履行赡养义务。"),
    "邻里纠纷": ("{village}邻里排水沟纠纷", "{village}两户村民因排水沟走向发生争执，影响邻里和睦。"),
    "退耕还林": ("{village}退耕还林补助发放争议", "{village}部分农户反映退耕还林补助面积核定有误，补助少发。"),
    "农村集体资产": ("{village}集体资产收益分配争议", "{village}村民对集体林地租金收益分配方案有异议，要求公开账目。"),
    "惠农补贴": ("{village}耕地地力保护补贴发放争议", "{village}部分村民反映耕地地力保护补贴未足额发放。"),
    "代课教师": ("原民办代课教师待遇诉求", "{n}名原民办代课教师反映教龄补助未落实，要求解决养老保险问题。"),
    "退役军人安置": ("退役军人安置待遇诉求", "{n}名退役士兵反映安置待遇未落实，要求解决就业和社保问题。"),
    "移民安置": ("{village}水库移民后期扶持诉求", "{village}水库移民反映后期扶持资金发放对象核定有误。"),
    "物业管理": ("小区业主与物业公司服务纠纷", "小区业主反映物业公司服务不到位、收费不透明，双方矛盾激化。"),
    "工程建设": ("{village}工程施工扰民纠纷", "{village}村民反映附近工程夜间施工噪声扰民，与施工方发生冲突。"),
    "房地产交易": ("商品房逾期交房纠纷", "{n}户购房户反映开发商逾期交房，要求支付违约金。"),
    "环境污染": ("{village}村民反映养殖场污染", "{village}村民反映附近养殖场粪污直排，污染水源和农田。"),
    "采矿采砂": ("{village}村民反映采砂影响河道", "{village}村民反映河道采砂导致河岸塌陷，危及农田。"),
    "水资源利用": ("{village}灌溉用水纠纷", "{village}上下游两个村民小组因灌溉用水分配发生争执。"),
    "医疗纠纷": ("患者家属与乡镇卫生院医疗纠纷", "患者家属认为乡镇卫生院诊疗延误，要求赔偿。"),
    "交通事故": ("交通事故赔偿纠纷", "一起交通事故双方就赔偿数额未达成一致，伤者家属情绪激动。"),
    "涉法涉诉": ("对民事判决执行不满", "当事人反映民事判决生效后长期未执行到位。"),
}
WEIGHTS = {"征地补偿": 8, "宅基地": 8, "邻里纠纷": 8, "地界纠纷": 6, "拖欠工资": 7, "婚姻家庭": 5, "赡养抚养": 4,
           "土地承包经营权": 5, "山林权属": 3, "房屋拆迁安置": 3, "退耕还林": 3, "农村集体资产": 3, "惠农补贴": 2,
           "工伤赔偿": 2, "社会保险": 2, "改制职工安置": 2, "企业破产": 1, "代课教师": 1, "退役军人安置": 1,
           "移民安置": 1, "物业管理": 2, "工程建设": 3, "房地产交易": 1, "环境污染": 3, "采矿采砂": 2,
           "水资源利用": 3, "医疗纠纷": 1, "交通事故": 2, "涉法涉诉": 1}
METHODS = [("peoples", 50), ("administrative", 20), ("judicial", 10), ("petition", 8), ("litigation", 5),
           ("arbitration", 4), ("reconsideration", 3)]
BY = {"peoples": "{town}人民调解委员会", "administrative": "{town}综治中心", "judicial": "县人民法院{town}法庭",
      "petition": "{town}信访办", "litigation": "{town}司法所", "arbitration": "县劳动人事争议仲裁委员会",
      "reconsideration": "{town}司法所"}
RESOLVED_TEXT = ["经调解，双方达成协议并当场签字。", "责任单位依法依规作出处理，当事人表示认可。",
                 "召开协调会，明确了补偿标准和兑付时间，款项已到位。", "经释法明理，当事人息诉罢访。",
                 "引导当事人通过法律途径解决，法院已立案并调解结案。"]
ONGOING_TEXT = ["已组织双方初次调解，分歧较大，继续做工作。", "已调查核实基本情况，正在研究解决方案。"]
ESCALATED_TO = ["县人民法院", "县劳动人事争议仲裁委员会", "市信访局", "县自然资源局"]
FOCUS = {
    "regular": ["征地拆迁", "土地权属", "劳动保障", "婚姻家庭邻里", "涉农利益"],
    "spring": ["拖欠农民工工资", "征地拆迁", "婚姻家庭邻里"],
    "sessions": ["企业改制", "代课教师", "退役军人", "涉法涉诉"],
    "national_day": ["退耕还林", "移民安置", "物业管理", "环境污染"],
}
INCIDENTS = [
    ("二十余名村民在镇政府门前聚集反映征地补偿问题", "征地补偿", 24),
    ("务工人员聚集项目工地讨要工资", "拖欠工资", 31),
    ("两村群众因山林界址发生对峙", "山林权属", 40),
    ("小区业主拉横幅反映逾期交房", "房地产交易", 18),
    ("村民阻挡施工车辆反映施工扰民", "工程建设", 15),
]


@dataclass(frozen=True)
class Plan:
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    topics: list[str]
    departments: bool = False


def reset() -> None:
    """Remove every record of this app (before the demo's items are deleted)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(Ownership._meta.db_table)} WHERE dispute_id IS NOT NULL")
        for model in (IncidentAction, Incident.disputes.through, Incident.petitions.through,
                      Incident.units_mobilised.through, Incident, ScreeningEvent, ResolutionAttempt, OfficerReport,
                      DisputePetition, DisputeParty, Dispute, CampaignUnit, ScreeningCampaign):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def _plans(today: dt.date) -> list[Plan]:
    plans = []
    for year in (today.year - 1, today.year):
        for q in range(4):
            start = dt.date(year, 3 * q + 1, 1)
            plans.append(Plan(f"{year}年第{'一二三四'[q]}季度矛盾纠纷拉网式排查", "regular", start,
                              start + dt.timedelta(days=24), FOCUS["regular"]))
        plans += [
            Plan(f"{year}年春节前矛盾纠纷专项排查", "special", dt.date(year, 1, 6), dt.date(year, 1, 20),
                 FOCUS["spring"], departments=True),
            Plan(f"{year}年全国两会期间矛盾纠纷专项排查", "special", dt.date(year, 2, 20), dt.date(year, 3, 15),
                 FOCUS["sessions"], departments=True),
            Plan(f"{year}年国庆节前矛盾纠纷专项排查", "special", dt.date(year, 9, 10), dt.date(year, 9, 28),
                 FOCUS["national_day"]),
        ]
    return sorted((p for p in plans if p.starts_on <= today), key=lambda p: p.starts_on)


class Builder:
    def __init__(self, ref, rng: random.Random, today: dt.date):
        self.ref, self.rng, self.today = ref, rng, today
        self.tz = timezone.get_default_timezone()
        self.bureau = ref.supervisors[0]
        self.registrar = ref.registrars[0]
        self.towns = [t for t in ref.towns if t.kind in TOWNSHIP_KINDS]
        self.villages = {t.pk: [v for v in Unit.objects.filter(parent=t, kind=UnitKind.COMMUNITY, is_active=True)]
                         for t in self.towns}
        self.types = {t.name: t for t in DisputeType.objects.filter(is_active=True, parent__isnull=False)} | {
            t.name: t for t in DisputeType.objects.filter(is_active=True, parent__isnull=True, children__isnull=True)}
        self.type_names = [n for n in WEIGHTS if n in self.types]
        self.disputes: list[Dispute] = []
        self.stamps: list[tuple[int, dt.date]] = []  # (first event pk after a step, the step's day)

    # --- helpers ----------------------------------------------------------------------------------------------

    def day_in(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.today)
        return start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def moment(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=self.tz)

    def stamp(self, day: dt.date) -> None:
        """The events written from now on happened on ``day`` (until the next stamp)."""
        last = ScreeningEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.stamps.append((last + 1, day))

    def handler(self, unit: Unit):
        return self.ref.handlers.get(unit.pk) or self.bureau

    def person(self) -> actions.PartyData:
        rng = self.rng
        phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        return actions.PartyData(name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)), phone=phone)

    # --- disputes ---------------------------------------------------------------------------------------------

    def dispute(self, town: Unit, found_on: dt.date, campaign=None, *, name: str | None = None,
                people: int | None = None) -> Dispute:
        rng = self.rng
        name = name or rng.choices(self.type_names, weights=[WEIGHTS[n] for n in self.type_names])[0]
        village = rng.choice(self.villages[town.pk]) if self.villages[town.pk] else town
        people = people or rng.choice([2, 2, 2, 3, 4, 5, 6, 8, 12, 20, 35])
        title, text = STORIES[name]
        risk = "high" if people >= 20 else "medium" if people >= 6 else "low"
        persons = [self.person() for _n in range(2 if people <= 3 else 1)]
        persons[0].side = "申请方"
        if len(persons) > 1:
            persons[1].side = "对方"
        data = actions.DisputeData(
            found_on=found_on, found_by_unit=town, place=village, type=self.types[name],
            title=title.format(village=village.name)[:120], description=text.format(village=village.name, n=people),
            responsible_unit=town, people_involved=people, risk_level=risk, is_major=people >= 20,
            campaign=campaign, persons=persons)
        self.stamp(found_on)
        dispute = actions.dispute_register(actor=self.handler(town), data=data, on=found_on)
        self.disputes.append(dispute)
        return dispute

    def resolve(self, dispute: Dispute) -> None:
        rng = self.rng
        roll = rng.random()
        town = dispute.responsible_unit
        actor = self.handler(town)
        on = dispute.found_on + dt.timedelta(days=rng.randint(3, 45))
        if on > self.today or roll > 0.92:
            if on <= self.today and rng.random() < 0.5:
                self.attempt(dispute, actor, on, "under_way", rng.choice(ONGOING_TEXT))
            return
        if roll > 0.85:
            self.attempt(dispute, actor, on, "escalated", "本级调解未果，依法引导至有权机关处理。",
                         escalated_to=rng.choice(ESCALATED_TO))
            return
        if rng.random() < 0.25:
            first = dispute.found_on + dt.timedelta(days=rng.randint(1, (on - dispute.found_on).days))
            self.attempt(dispute, actor, first, "under_way", rng.choice(ONGOING_TEXT))
        self.attempt(dispute, actor, on, "resolved", rng.choice(RESOLVED_TEXT))

    def attempt(self, dispute, actor, on, result, text, escalated_to=""):
        rng = self.rng
        method = rng.choices([m for m, _w in METHODS], weights=[w for _m, w in METHODS])[0]
        also = rng.sample(["judicial", "administrative"], 1) if method == "peoples" and rng.random() < 0.3 else []
        self.stamp(on)
        actions.dispute_attempt(actor=actor, dispute=dispute, data=actions.AttemptData(
            method=method, also_methods=also, by=BY[method].format(town=dispute.responsible_unit.name), on=on,
            result=result, text=text, escalated_to=escalated_to))

    # --- the parts ------------------------------------------------------------------------------------------

    def campaigns(self) -> int:
        rng = self.rng
        plans = _plans(self.today)
        departments = self.ref.departments[:3]
        for index, plan in enumerate(plans):
            units = self.towns + (departments if plan.departments else [])
            self.stamp(plan.starts_on)
            campaign = actions.campaign_create(actor=self.bureau, data=actions.CampaignData(
                kind=plan.kind, name=plan.name, starts_on=plan.starts_on, ends_on=plan.ends_on, units=units,
                focus_topics="\n".join(plan.topics)))
            latest = index == len(plans) - 1
            for town in self.towns:
                share = 1 / (1 + self.towns.index(town)) ** 0.5
                for _n in range(rng.choices([0, 1, 2, 3, 4], weights=[3, 4, 3, 2, 1])[0] if rng.random() < 0.4 + share
                                else 0):
                    self.dispute(town, self.day_in(plan.starts_on, plan.ends_on), campaign)
            report_on = min(plan.ends_on + dt.timedelta(days=rng.randint(0, 3)), self.today)
            for unit in units:
                if latest and (unit in self.towns[-2:] or report_on < plan.ends_on):
                    continue  # the latest sweep: a couple of townships have not reported yet
                found = campaign.disputes.filter(found_by_unit=unit).exists()
                self.stamp(report_on)
                actions.campaign_report(actor=self.handler(unit) if unit in self.towns else self.bureau,
                                        campaign=campaign, unit=unit, nil=not found,
                                        note=f"已排查辖区{rng.randint(8, 20)}个村（社区）。" if unit in self.towns else "",
                                        on=report_on)
        return len(plans)

    def outside(self) -> None:
        """Disputes found outside the campaigns: the townships' daily work."""
        start = dt.date(self.today.year - 1, 1, 1)
        for _n in range(40):
            self.dispute(self.rng.choice(self.towns), self.day_in(start, self.today))

    def officers(self) -> list:
        """The demo's officer and one more information officer per township's first village (no login)."""
        User = get_user_model()
        officers = [u for u in User.objects.filter(is_active=True).select_related("unit")
                    if u.has_role(Role.INFO_OFFICER)]
        have = {o.unit_id for o in officers}
        for town in self.towns[:6]:
            villages = self.villages[town.pk]
            if villages and villages[0].pk not in have:
                user = User(username=f"xxy{town.pk:03d}", full_name=f"{villages[0].name}信息员", unit=villages[0],
                            roles=[Role.INFO_OFFICER], position="村信访信息员")
                user.set_unusable_password()
                user.save()
                officers.append(user)
        return [o for o in officers if o.unit and o.unit.kind == UnitKind.COMMUNITY]

    def reports(self) -> int:
        rng = self.rng
        officers = self.officers()
        count = 0
        start = dt.date(self.today.year - 1, 3, 1)
        for index in range(36):
            officer = officers[index % len(officers)]
            last = index >= 34
            day = self.today - dt.timedelta(days=[1, 9][index - 34]) if last else self.day_in(start, self.today)
            name = rng.choices(self.type_names, weights=[WEIGHTS[n] for n in self.type_names])[0]
            what = STORIES[name][1].format(village=officer.unit.name, n=rng.randint(2, 9))
            self.stamp(day)
            report = actions.report_submit(actor=officer, data=actions.ReportData(
                what=what, where=f"{officer.unit.name}{rng.randint(1, 6)}组", people_involved=rng.randint(2, 9),
                urgency="urgent" if rng.random() < 0.2 else "normal"), at=self.moment(day, 9))
            count += 1
            if last:
                continue  # still waiting: one of them past its screening limit
            town = report.township
            on = min(day + dt.timedelta(days=rng.randint(0, 4)), self.today)
            actor = self.handler(town)
            roll = rng.random()
            self.stamp(on)
            known = list(Dispute.objects.filter(responsible_unit=town, state="under_way", found_on__lte=on)
                         .order_by("pk")[:10])
            if roll < 0.6 or (roll < 0.75 and not known):
                village = officer.unit
                dispute = actions.report_accept(actor=actor, report=report, on=on, data=actions.DisputeData(
                    found_on=on, found_by_unit=town, place=village, type=self.types[name],
                    title=STORIES[name][0].format(village=village.name)[:120], description=what,
                    responsible_unit=town, people_involved=report.people_involved,
                    risk_level="medium" if report.urgency == "urgent" else "low"))
                self.disputes.append(dispute)
                self.resolve(dispute)
            elif roll < 0.75:
                actions.report_merge(actor=actor, report=report, dispute=rng.choice(known), on=on)
            else:
                actions.report_close(actor=actor, report=report, on=on,
                                     reason=rng.choice(["经核实，当事人已自行协商解决。", "系误传，经了解不存在矛盾纠纷。",
                                                        "属一般咨询，已当场解答。"]))
        return count

    def reopen(self) -> None:
        resolved = [d for d in Dispute.objects.filter(state="resolved").order_by("resolved_on", "pk")
                    if d.resolved_on + dt.timedelta(days=40) < self.today]
        for dispute in resolved[:: max(len(resolved) // 3, 1)][:3]:
            on = dispute.resolved_on + dt.timedelta(days=self.rng.randint(10, 30))
            self.stamp(on)
            actions.dispute_reopen(actor=self.handler(dispute.responsible_unit), dispute=dispute,
                                   reason="一方当事人反悔，矛盾出现反复。", due_on=on + dt.timedelta(days=30), on=on)
            if self.rng.random() < 0.7:
                self.attempt(Dispute.objects.get(pk=dispute.pk), self.handler(dispute.responsible_unit),
                             on + dt.timedelta(days=8), "resolved", "再次组织调解，双方重新达成协议。")

    def owned(self) -> None:
        for dispute in Dispute.objects.filter(is_major=True, state="under_way").order_by("found_on", "pk")[:6]:
            on = dispute.found_on + dt.timedelta(days=2)
            self.stamp(on)
            actions.dispute_ownership_set(
                actor=self.bureau, dispute=dispute, owning_leader=self.rng.choice(self.ref.leaders),
                lead_unit=dispute.responsible_unit, handlers=f"{self.rng.choice(SURNAMES)}明（副镇长）",
                deadline=dispute.due_on, risk_measures="包案领导牵头，每周召开一次协调会，专人跟踪化解。",
                funds=self.rng.choice(["无需资金", "镇级专项资金3万元"]), on=on)

    def petitions(self, built: list[Petition]) -> None:
        """A few disputes linked to the petition items about the same place (the demo registers no item from a
    dispute: its items are planned apart, with their whole history)."""
        by_place = {}
        for p in built:
            by_place.setdefault(p.place_id, p)
        linked = 0
        for dispute in self.disputes:
            petition = by_place.get(dispute.place_id)
            if petition is None or petition.received_on < dispute.found_on or petition.is_accusation or linked >= 6:
                continue
            last = PetitionEvent.objects.filter(petition=petition).order_by("-at", "-pk").first()
            day = timezone.localdate(last.at) if last else petition.received_on
            self.stamp(day)
            actions.dispute_link_petition(actor=self.registrar, dispute=dispute, petition=petition)
            # The item's note of the link: written after its history so far, on that history's last day.
            note = PetitionEvent.objects.filter(petition=petition, kind=EventKind.NOTE,
                                                data__dispute=dispute.pk).latest("pk")
            note.at = (last.at if last else self.moment(day)) + dt.timedelta(minutes=5)
            note.data = {**note.data, "on": timezone.localdate(note.at).isoformat()}
            note.save(update_fields=["at", "data"])
            linked += 1

    def incidents(self) -> int:
        rng = self.rng
        start = dt.date(self.today.year, 1, 10)
        for index, (title, name, people) in enumerate(INCIDENTS):
            town = self.towns[index % len(self.towns)]
            day = start + dt.timedelta(days=(self.today - start).days * (index + 1) // (len(INCIDENTS) + 1))
            dispute = self.dispute(town, day, name=name, people=people)
            happened = self.moment(day, 9)
            started = happened + dt.timedelta(minutes=20)
            police = next((u for u in self.ref.departments if "公安" in u.name), None)
            units = [town, *([police] if police else [])]
            self.stamp(day)
            incident = actions.incident_start(actor=self.handler(town), at=started, data=actions.IncidentData(
                title=title, description=f"{title}，现场情绪较为激动。", happened_at=happened,
                place=dispute.place, units_mobilised=units, people_involved=people, disputes=[dispute]))
            steps = ["镇党委书记带队赶赴现场，劝导群众依法有序反映诉求。", "公安派出所民警到场维持秩序。",
                     "镇村干部逐户做思想工作，选派代表座谈。", "县信访局派员现场接待群众代表，承诺限期答复。"]
            for minute, text in zip((10, 30, 60, 120), steps, strict=True):
                actions.incident_act(actor=self.handler(town), incident=incident,
                                     at=started + dt.timedelta(minutes=minute), text=text,
                                     unit=police if police and "民警" in text else town)
            actions.incident_stand_down(actor=self.handler(town), incident=incident,
                                        at=started + dt.timedelta(hours=rng.randint(3, 6)),
                                        result="群众已有序离开，相关诉求转入矛盾纠纷化解程序办理。")
            self.resolve(Dispute.objects.get(pk=dispute.pk))
        return len(INCIDENTS)

    def backdate(self) -> None:
        """Each event at the day its step recorded: from 09:00 on that day, in the order written."""
        events = list(ScreeningEvent.objects.order_by("pk"))
        stamps = sorted(self.stamps)
        position, day = 0, None
        for index, event in enumerate(events):
            while position < len(stamps) and stamps[position][0] <= event.pk:
                day = stamps[position][1]
                position += 1
            if day is not None and timezone.localdate(event.at) != day:
                event.at = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=self.tz) + dt.timedelta(
                    minutes=index % 480)
        ScreeningEvent.objects.bulk_update(events, ["at"], batch_size=500)
        for model, field, day_of in ((Dispute, "created_at", lambda d: d.found_on),
                                     (ResolutionAttempt, "recorded_at", lambda a: a.on)):
            rows = list(model.objects.all())
            for row in rows:
                day = day_of(row)
                setattr(row, field, dt.datetime(day.year, day.month, day.day, 16, 0, tzinfo=self.tz))
            model.objects.bulk_update(rows, [field], batch_size=500)


def load(ref, rng: random.Random, built: list[Petition], today: dt.date) -> dict:
    """Build the screening year, once: a database that keeps a register already (the demo loaded without items,
    then again) is left as it is."""
    if ScreeningCampaign.objects.exists() or Dispute.objects.exists():
        return {}
    builder = Builder(ref, random.Random(rng.random()), today)
    campaigns = builder.campaigns()
    builder.outside()
    for dispute in list(builder.disputes):
        builder.resolve(dispute)
    reports = builder.reports()
    builder.reopen()
    builder.owned()
    builder.petitions(built)
    incidents = builder.incidents()
    builder.backdate()
    return {"campaigns": campaigns, "disputes": Dispute.objects.count(), "reports": reports, "incidents": incidents}
