"""The dispute types a county starts with (admin-editable afterwards): close to the petition categories, with the
standing focus topics of the reference summaries as sub-types."""

from django.db import migrations

TYPES = [
    ("土地征收与房屋拆迁", ["征地补偿", "房屋拆迁安置", "土地承包经营权"]),
    ("山林土地权属", ["山林权属", "宅基地", "地界纠纷"]),
    ("劳动和社会保障", ["拖欠工资", "工伤赔偿", "社会保险"]),
    ("企业改制", ["改制职工安置", "企业破产"]),
    ("婚姻家庭邻里", ["婚姻家庭", "赡养抚养", "邻里纠纷"]),
    ("涉农问题", ["退耕还林", "农村集体资产", "惠农补贴"]),
    ("群体性利益诉求", ["代课教师", "退役军人安置", "移民安置"]),
    ("城乡建设与物业", ["物业管理", "工程建设", "房地产交易"]),
    ("环境资源", ["环境污染", "采矿采砂", "水资源利用"]),
    ("医疗纠纷", []),
    ("交通事故", []),
    ("涉法涉诉", []),
    ("其他", []),
]


def seed(apps, schema_editor):
    DisputeType = apps.get_model("screening", "DisputeType")
    if DisputeType.objects.exists():
        return
    for position, (name, children) in enumerate(TYPES):
        parent = DisputeType.objects.create(name=name, position=position)
        for child_position, child in enumerate(children):
            DisputeType.objects.create(name=child, parent=parent, position=child_position)


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
