from demo.seed import CATEGORIES, bureau_name, county_government_name, seed_categories, seed_units
from organisation.models import Unit, UnitKind
from petitions.models import Category


def test_seed_categories_creates_the_18_categories_in_order(db):
    tops = seed_categories()

    assert [c.name for c in tops] == [
        "政治综合", "经济综合", "宣传舆论", "纪检监察", "政法", "劳动社保", "教育", "卫生计生", "科技文体",
        "组织人事", "交通能源环保", "民政", "农村农业", "国土资源水利林业", "城乡建设", "信息产业", "商贸旅游", "其他",
    ]
    assert list(Category.objects.filter(parent=None).values_list("name", flat=True)) == [c.name for c in tops]


def test_sub_categories_sit_under_their_parents(db):
    seed_categories()
    parent_of = {c.name: c.parent.name for c in Category.objects.exclude(parent=None).select_related("parent")}

    assert parent_of["征地拆迁"] == "国土资源水利林业"
    assert parent_of["退耕还林"] == "国土资源水利林业"
    assert parent_of["企业改制"] == "经济综合"
    assert parent_of["拖欠工资"] == "劳动社保"
    assert parent_of["退役军人安置"] == "民政"
    assert parent_of["城镇房屋征收"] == "城乡建设"
    assert parent_of["物业管理"] == "城乡建设"
    assert parent_of["医疗纠纷"] == "卫生计生"
    assert parent_of["涉法涉诉"] == "政法"


def test_seed_categories_twice_adds_nothing_and_keeps_the_admins_changes(db):
    seed_categories()
    count = Category.objects.count()
    Category.objects.filter(name="信息产业").update(is_active=False, position=99)

    seed_categories()

    assert Category.objects.count() == count == 18 + sum(len(children) for _name, children in CATEGORIES)
    changed = Category.objects.get(name="信息产业")
    assert (changed.is_active, changed.position) == (False, 99)


def test_seed_units_builds_the_skeleton_of_a_county(db):
    units = seed_units("县")

    assert units["县委县政府"].kind == UnitKind.COUNTY and units["县委县政府"].parent is None
    assert units["县信访局"].kind == UnitKind.BUREAU and units["县信访局"].parent == units["县委县政府"]
    assert units["县人社局"].kind == UnitKind.DEPARTMENT
    assert units["县纪委监委"].kind == UnitKind.DISCIPLINE
    assert {units[n].kind for n in ("县法院", "县检察院", "县公安局")} == {UnitKind.POLITICAL_LEGAL}
    # The higher bureaus form their own chain, outside the county's subtree.
    assert units["市信访局"].parent == units["省信访局"] and units["省信访局"].parent == units["国家信访局"]
    assert not Unit.objects.subtree(units["县委县政府"]).filter(kind=UnitKind.CITY_BUREAU).exists()


def test_seed_units_names_follow_the_county(db):
    units = seed_units("安塞区")

    assert county_government_name("安塞区") == "安塞区委区政府" and bureau_name("安塞区") == "安塞区信访局"
    assert {"安塞区委区政府", "安塞区信访局", "安塞区人社局"} <= set(units)


def test_seed_units_adds_places_once(db):
    places = [("化子坪镇", UnitKind.TOWNSHIP, ["化子坪村"]), ("金明街道", UnitKind.SUBDISTRICT, ["城南社区"])]
    seed_units("县", places=places)
    count = Unit.objects.count()

    units = seed_units("县", places=places)

    assert Unit.objects.count() == count
    assert units["化子坪村"].parent == units["化子坪镇"] and units["化子坪村"].kind == UnitKind.COMMUNITY
    assert units["城南社区"].parent == units["金明街道"]
