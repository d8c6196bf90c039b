"""Reference data that every installation needs: the content categories and the skeleton of the unit tree.

All functions are idempotent: they create what is missing and leave existing rows (which the admin may
have edited, renamed or deactivated) alone. The demo, the tests and a fresh production install call them.
"""

from __future__ import annotations

from django.db import transaction

from organisation.models import Unit, UnitKind
from petitions.models import Category

# The 18 content categories of local petition systems (DESIGN.md §4), in order, with sub-categories.
CATEGORIES: list[tuple[str, list[str]]] = [
    ("政治综合", ["意见建议", "干部作风", "基层政权建设"]),
    ("经济综合", ["企业改制", "非法集资", "债权债务", "惠农补贴"]),
    ("宣传舆论", ["新闻媒体", "网络舆情"]),
    ("纪检监察", ["违纪违法", "村干部问题", "惠民资金管理"]),
    ("政法", ["涉法涉诉", "治安问题", "执行难", "刑事案件"]),
    ("劳动社保", ["拖欠工资", "养老保险", "工伤认定", "劳动关系"]),
    ("教育", ["入学就学", "教师待遇", "校园安全", "教育收费"]),
    ("卫生计生", ["医疗纠纷", "医保报销", "计划生育"]),
    ("科技文体", ["文化设施", "体育场地"]),
    ("组织人事", ["人事待遇", "干部任用", "编制招聘"]),
    ("交通能源环保", ["道路交通", "环境污染", "供电供气"]),
    ("民政", ["低保救助", "退役军人安置", "社会救助", "婚姻殡葬"]),
    ("农村农业", ["村务公开", "土地承包", "农业生产", "集体资产"]),
    ("国土资源水利林业", ["征地拆迁", "退耕还林", "土地权属", "水利设施"]),
    ("城乡建设", ["城镇房屋征收", "物业管理", "房地产开发", "农村危房改造"]),
    ("信息产业", ["通信服务", "广播电视"]),
    ("商贸旅游", ["消费维权", "市场监管", "旅游服务"]),
    ("其他", ["其他"]),
]

# County departments created for every installation: (short name, kind). The full name is the county's name
# followed by the short name (县人社局, 安塞区人社局 …).
DEPARTMENTS: list[tuple[str, str]] = [
    ("人社局", UnitKind.DEPARTMENT),
    ("住建局", UnitKind.DEPARTMENT),
    ("自然资源局", UnitKind.DEPARTMENT),
    ("教育局", UnitKind.DEPARTMENT),
    ("卫健局", UnitKind.DEPARTMENT),
    ("民政局", UnitKind.DEPARTMENT),
    ("农业农村局", UnitKind.DEPARTMENT),
    ("交通局", UnitKind.DEPARTMENT),
    ("市场监管局", UnitKind.DEPARTMENT),
    ("退役军人事务局", UnitKind.DEPARTMENT),
    ("生态环境局", UnitKind.DEPARTMENT),
    ("纪委监委", UnitKind.DISCIPLINE),
    ("法院", UnitKind.POLITICAL_LEGAL),
    ("检察院", UnitKind.POLITICAL_LEGAL),
    ("公安局", UnitKind.POLITICAL_LEGAL),
]

# Higher petition bureaus, from the top down.
HIGHER_BODIES: list[tuple[str, str]] = [
    ("国家信访局", UnitKind.NATIONAL_BUREAU),
    ("省信访局", UnitKind.PROVINCE_BUREAU),
    ("市信访局", UnitKind.CITY_BUREAU),
]


@transaction.atomic
def seed_categories() -> list[Category]:
    """The 18 top-level categories in order, each with its sub-categories; returns the top-level ones."""
    tops = []
    for position, (name, children) in enumerate(CATEGORIES, start=1):
        top = Category.objects.filter(parent=None, name=name).first()
        if top is None:
            top = Category.objects.create(name=name, parent=None, position=position)
        tops.append(top)
        for child_position, child in enumerate(children, start=1):
            Category.objects.get_or_create(parent=top, name=child, defaults={"position": child_position})
    return tops


def county_government_name(county_name: str) -> str:
    """县 → 县委县政府; 安塞区 → 安塞区委区政府."""
    return f"{county_name}委{county_name[-1]}政府"


def bureau_name(county_name: str) -> str:
    return f"{county_name}信访局"


def _unit(name: str, kind: str, parent: Unit | None) -> Unit:
    unit = Unit.objects.filter(name=name).first()
    if unit is None:
        unit = Unit(name=name, kind=kind, parent=parent)
        unit.save()
    return unit


@transaction.atomic
def seed_units(county_name: str = "县", *, places: list[tuple[str, str, list[str]]] | None = None) -> dict[str, Unit]:
    """The unit tree's skeleton: county government, petition bureau, departments and the higher bureaus.

    ``places`` optionally adds townships, sub-districts and management offices with their villages or
    communities: ``[(name, kind, [village, …]), …]``. Returns every unit seeded, by name.
    """
    units: dict[str, Unit] = {}
    county = units[county_government_name(county_name)] = _unit(
        county_government_name(county_name), UnitKind.COUNTY, None
    )
    units[bureau_name(county_name)] = _unit(bureau_name(county_name), UnitKind.BUREAU, county)
    for short, kind in DEPARTMENTS:
        units[county_name + short] = _unit(county_name + short, kind, county)
    parent = None
    for name, kind in HIGHER_BODIES:
        parent = units[name] = _unit(name, kind, parent)
    for name, kind, villages in places or []:
        township = units[name] = _unit(name, kind, county)
        for village in villages:
            units[village] = _unit(village, UnitKind.COMMUNITY, township)
    return units
