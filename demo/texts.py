"""What petitioners write about: one scenario per kind of matter, with Chinese subjects, contents and replies.

A scenario belongs to a content category (and sub-category), has a content type, names the units that would
handle it (``"town"`` is the township, sub-district or management office of the place of the problem), and
carries the texts of the handling opinion. Placeholders are drawn once per item by ``fill_values``.
Demo data is Chinese data, not user-interface text: none of it is translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter

from petitions.models import ContentType

TOWN = "town"  # route: the township (or sub-district, management office) of the place of the problem

SUGGESTION, ACCUSATION, APPEAL = ContentType.SUGGESTION, ContentType.ACCUSATION, ContentType.APPEAL_DEMAND


@dataclass(frozen=True)
class Scenario:
    key: str
    category: str  # top-level category
    sub: str  # sub-category
    content_type: str
    titles: tuple[str, ...]
    contents: tuple[str, ...]
    route: tuple[str, ...]  # unit short names (县 + name) or TOWN
    support: str  # handling opinion when the demand is supported
    explain: str  # handling opinion explaining the policy
    weight: int = 10  # relative frequency
    collective: float = 0.0  # chance that a visit on this matter is collective
    urban: bool = False  # the place is a community of the sub-district rather than a village
    accused: str = ""  # accusations: "village", "town" or a department short name
    accused_person: str = ""  # accusations: who is accused (placeholders allowed)
    legal: bool = False  # litigation-related: pointed to the legal procedure or forwarded to the political-legal organs
    channels: dict[str, int] = field(default_factory=dict)  # channel weights overriding the default skew


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "land_requisition", "国土资源水利林业", "征地拆迁", APPEAL,
        ("反映{village}征地补偿款未足额发放问题", "要求落实{project}征地补偿标准", "{village}村民反映征地补偿分配不公"),
        ("{year}年{town}{village}因{project}建设征收我村集体土地{acres}亩，至今仍有补偿款约{amount}万元未发放到户，"
         "村民多次向村委会反映未果，请求有关部门核实并尽快足额发放。",
         "{project}占用我家承包地{small_acres}亩，补偿标准低于同期相邻村组，地上附着物也未作补偿，"
         "请求按照公布的征地补偿标准重新核算。"),
        (TOWN, "自然资源局"),
        "经核查，{village}征地补偿款已拨付到镇，因部分地块权属争议暂缓发放。现已完成权属确认，"
        "剩余补偿款于本月底前全部发放到户。",
        "经核查，{project}征地补偿执行的是省政府公布的区片综合地价标准，你家补偿款已按标准足额发放，"
        "相邻村组标准不同是因区片划分不同。",
        weight=26, collective=0.45,
    ),
    Scenario(
        "grain_for_green", "国土资源水利林业", "退耕还林", APPEAL,
        ("反映退耕还林补助资金未兑现问题", "要求核查{village}退耕还林面积"),
        ("本人在{village}有退耕还林地{small_acres}亩，{year}年以来的补助资金一直未领到，村上说名单中没有我家，"
         "请求核查补发。",),
        (TOWN, "自然资源局"),
        "经镇林业站实地核查，你家退耕还林地块面积属实，因录入错误漏报，已补录并将补助资金补发到一卡通账户。",
        "经核查，你所说地块不在{year}年退耕还林规划范围内，不能享受退耕还林补助，已向你说明政策。",
        weight=10,
    ),
    Scenario(
        "land_boundary", "国土资源水利林业", "土地权属", APPEAL,
        ("{village}与邻村土地界线纠纷", "请求确认林地权属"),
        ("我组与邻村因一块约{small_acres}亩的山地权属发生争议，多年未解决，今年春耕时双方发生争执，请求政府依法确权。",),
        (TOWN, "自然资源局"),
        "经镇政府组织双方调解，依据第二轮土地承包资料划定了界线，双方签订调解协议。",
        "该地块权属争议已由镇人民调解委员会调解，调解不成的可依法向县政府申请确权处理。",
        weight=6, collective=0.3,
    ),
    Scenario(
        "drinking_water", "国土资源水利林业", "水利设施", APPEAL,
        ("反映{village}人饮工程停水问题", "请求维修{village}饮水管道"),
        ("{village}人饮工程自{month}月以来经常停水，水管多处破裂，全村{households}户群众吃水困难，请求尽快维修。",),
        (TOWN,),
        "镇政府已组织维修队更换破损管道，{village}已恢复正常供水，并明确由村委会专人管护。",
        "该工程已列入明年农村饮水安全巩固提升项目，维修前由镇政府安排送水车定时送水。",
        weight=8, collective=0.2,
    ),
    Scenario(
        "unpaid_wages", "劳动社保", "拖欠工资", APPEAL,
        ("反映{company}拖欠农民工工资问题", "请求帮助追讨{project}项目工资"),
        ("我们{workers}名农民工在{company}承建的{project}项目务工，工程已于{year}年完工，公司至今拖欠工资共计{amount}万元，"
         "多次讨要无果，请求人社部门帮助追讨。",
         "本人在{company}打工{months}个月，老板以工程款未结算为由拖欠工资{wage}元，请求帮助解决。"),
        ("人社局",),
        "县劳动保障监察大队已责令{company}限期支付拖欠工资，所欠工资已通过农民工工资专用账户全部发放。",
        "经调查，{company}与总包方因工程款结算发生纠纷，人社部门已督促总包方先行垫付，你可持考勤记录申请劳动仲裁。",
        weight=24, collective=0.55, channels={"visit": 50, "phone": 20, "letter": 10, "online": 20},
    ),
    Scenario(
        "pension", "劳动社保", "养老保险", APPEAL,
        ("反映养老金核定有误问题", "咨询城乡居民养老保险待遇发放问题"),
        ("本人今年{age}岁，{year}年开始缴纳城乡居民养老保险，到龄后领取的养老金与缴费年限不符，请求核实。",
         "本人系原{factory}职工，企业改制后个人接续缴费，退休时部分视同缴费年限未认定，养老金偏低，请求重新核定。"),
        ("人社局",),
        "经县社保中心核查，你的缴费记录漏录两年，已补录并重新核定养老金，差额部分一次性补发。",
        "经核查，你的养老金按照缴费年限和缴费档次核定无误，已向你详细解释计发办法。",
        weight=12, channels={"phone": 30, "visit": 30, "letter": 20, "online": 20},
    ),
    Scenario(
        "work_injury", "劳动社保", "工伤认定", APPEAL,
        ("请求认定工伤并落实待遇",),
        ("本人在{company}务工期间受伤致残，单位不予申报工伤，拒绝支付医疗费用，请求人社部门依法认定工伤。",),
        ("人社局",),
        "县人社局已受理你的工伤认定申请并作出认定工伤决定，已督促{company}支付医疗费用。",
        "工伤认定需提交劳动关系证明，已告知你先行申请劳动仲裁确认劳动关系后再申请认定。",
        weight=5,
    ),
    Scenario(
        "house_expropriation", "城乡建设", "城镇房屋征收", APPEAL,
        ("对{estate}片区房屋征收补偿标准有异议", "反映{estate}片区征收安置房迟迟未交付"),
        ("我家位于县城{estate}片区的房屋被列入征收范围，评估价格明显低于周边市场价，安置房位置和面积也不合理，"
         "请求重新评估并公开补偿方案。",
         "{estate}片区棚户区改造征收时承诺{year}年底交付安置房，至今已逾期{months}个月，过渡费也停发了，请求尽快解决。"),
        ("住建局", TOWN),
        "县房屋征收办已委托评估机构复核，补偿款按复核结果补足，安置房交付时间已在片区公示。",
        "征收补偿方案经县政府批准并公示，评估由被征收人投票选定的机构作出，对评估结果有异议可申请复核评估。",
        weight=16, collective=0.5, urban=True,
    ),
    Scenario(
        "property_management", "城乡建设", "物业管理", APPEAL,
        ("反映{estate}物业服务不到位问题", "投诉{estate}物业公司乱收费"),
        ("{estate}物业公司收费后不履行职责，电梯经常停运，小区垃圾清运不及时，业主多次反映无人处理，请求主管部门督促整改。",),
        ("住建局", TOWN),
        "县住建局已约谈物业公司，责令限期维修电梯、增加保洁人员，街道社区将跟踪整改情况。",
        "物业服务收费标准经物价部门备案，已督促物业公司公开收支情况，业主可依法召开业主大会另选物业。",
        weight=12, urban=True, channels={"online": 40, "phone": 30, "visit": 20, "letter": 10},
    ),
    Scenario(
        "late_delivery", "城乡建设", "房地产开发", APPEAL,
        ("反映{estate}开发商逾期交房问题", "{estate}业主要求办理不动产权证"),
        ("我们于{year}年购买{developer}开发的{estate}商品房，合同约定交房日期已过{months}个月仍未交房，"
         "也不办理不动产证，请求政府协调解决。",),
        ("住建局",),
        "经县住建局协调，{developer}已制定复工计划并承诺按期交房，不动产登记中心开通了办证绿色通道。",
        "交房违约属于合同纠纷，已督促开发企业与业主协商，业主也可依法向人民法院起诉。",
        weight=8, collective=0.6, urban=True,
    ),
    Scenario(
        "dangerous_house", "城乡建设", "农村危房改造", APPEAL,
        ("申请农村危房改造补助",),
        ("本人家住{village}，现住土窑洞年久失修，雨季有塌方危险，家庭困难无力修缮，请求纳入危房改造计划。",),
        (TOWN, "住建局"),
        "经鉴定你家住房为C级危房，已纳入本年度农村危房改造计划，补助资金按进度拨付。",
        "经入户核查，你家已有安全住房，不符合危房改造补助条件，已向你说明政策。",
        weight=6,
    ),
    Scenario(
        "medical_dispute", "卫生计生", "医疗纠纷", APPEAL,
        ("反映{hospital}医疗事故问题", "对{hospital}诊疗过程有异议"),
        ("我父亲于{year}年在{hospital}住院治疗期间因医院诊治不当导致病情加重，医院推卸责任，请求卫健部门调查处理并依法赔偿。",),
        ("卫健局",),
        "县卫健局组织专家对诊疗过程进行了评审，医院存在告知不充分问题，已责成医院向患者家属致歉并依法协商赔偿。",
        "医疗损害赔偿可申请医疗纠纷人民调解或医疗损害鉴定，已告知你申请途径。",
        weight=8,
    ),
    Scenario(
        "medical_insurance", "卫生计生", "医保报销", APPEAL,
        ("反映住院医疗费用报销问题",),
        ("本人在外地住院花费{wage}元，回来后按规定办理报销，医保部门以转诊手续不全为由不予报销，请求予以解决。",),
        ("卫健局",),
        "经核查，你住院时已电话备案，已按异地就医政策予以报销。",
        "按规定未办理转诊备案的异地住院费用按降低比例报销，已向你解释政策。",
        weight=6, channels={"phone": 40, "visit": 30, "online": 20, "letter": 10},
    ),
    Scenario(
        "school_enrolment", "教育", "入学就学", APPEAL,
        ("反映孩子在县城就近入学难问题",),
        ("我们是在县城务工的进城人员，孩子今年该上一年级，{school}以没有县城户口为由不予接收，请求教育部门协调解决入学问题。",),
        ("教育局",),
        "县教育局已协调{school}接收你孩子入学。",
        "县城学校按学区划分招生，你孩子已统筹安排到就近的县第三小学就读。",
        weight=8, urban=True, channels={"visit": 40, "phone": 30, "online": 25, "letter": 5},
    ),
    Scenario(
        "teacher_allowance", "教育", "教师待遇", APPEAL,
        ("反映乡村教师生活补助未落实问题",),
        ("我们是{town}中心小学的教师，按政策应享受的乡村教师生活补助自{year}年起未足额发放，请求落实。",),
        ("教育局",),
        "经核查，补助资金已列入预算，差额部分随下月工资一并补发。",
        "乡村教师生活补助按学校所在地类别分档发放，你校属第二档，发放标准符合规定。",
        weight=5, collective=0.3,
    ),
    Scenario(
        "school_safety", "教育", "校园安全", SUGGESTION,
        ("关于{school}门前交通安全的建议",),
        ("{school}门前道路车流量大，没有减速带和人行横道，上下学时段学生安全隐患大，建议设置交通设施并安排人员值守。",),
        ("教育局", "交通局"),
        "建议已采纳，县交通局已在{school}门前施划人行横道、设置减速带，上下学时段安排交警和护学岗值守。",
        "感谢你的建议，已转学校加强护学岗值守，交通设施已列入明年改造计划。",
        weight=4, channels={"online": 60, "letter": 20, "phone": 20},
    ),
    Scenario(
        "village_affairs", "农村农业", "村务公开", APPEAL,
        ("反映{village}村务财务不公开问题", "要求{village}公开集体收支账目"),
        ("{village}近三年的集体收入和项目资金使用情况从未张榜公布，村民要求查看账目被拒，"
         "请求上级督促村委会公开村务、财务。",),
        (TOWN,),
        "镇政府已督促{village}村委会将近三年财务收支张榜公布，并由镇经管站进行审计。",
        "经核查，{village}已按季度在村务公开栏公布财务收支，已组织村民代表查阅账目。",
        weight=14, collective=0.35,
    ),
    Scenario(
        "contracted_land", "农村农业", "土地承包", APPEAL,
        ("反映土地承包经营权被侵占问题",),
        ("本人在{village}的承包地{small_acres}亩被同村村民强行耕种，村委会调解未果，请求依法保护承包经营权。",),
        (TOWN, "农业农村局"),
        "经镇农经站核实，争议地块属你家承包地，已责令对方退还并由村委会监督执行。",
        "该纠纷属于土地承包经营纠纷，可向县农村土地承包仲裁委员会申请仲裁，已告知申请方式。",
        weight=8,
    ),
    Scenario(
        "collective_assets", "农村农业", "集体资产", APPEAL,
        ("反映{village}集体土地出租收益分配不公",),
        ("{village}集体土地出租给{company}，每年租金{amount}万元，村委会未经村民代表大会讨论就自行分配，请求纠正。",),
        (TOWN,),
        "镇政府已责令{village}召开村民代表大会重新讨论分配方案，并对租金收支进行审计。",
        "经核查，分配方案已经村民代表大会表决通过并公示，程序合法。",
        weight=5, collective=0.4,
    ),
    Scenario(
        "farm_subsidy", "经济综合", "惠农补贴", APPEAL,
        ("反映耕地地力保护补贴未发放到户问题",),
        ("本人在{village}有耕地{small_acres}亩，今年的耕地地力保护补贴至今未发放，其他村民都已领到，请求核查。",),
        (TOWN, "农业农村局"),
        "经核查，因你家银行账户信息有误导致发放失败，已更正并补发。",
        "补贴按确权面积发放，你家补贴已发放至一卡通账户，已向你说明查询方式。",
        weight=6,
    ),
    Scenario(
        "enterprise_restructuring", "经济综合", "企业改制", APPEAL,
        ("反映原{factory}改制职工安置遗留问题",),
        ("我们是原{factory}的职工，企业{year}年改制时承诺的经济补偿和社保接续至今未落实，请求政府协调解决。",),
        ("人社局",),
        "县政府召开专题会议研究，改制职工社保接续问题已按政策解决，经济补偿分两年发放。",
        "原{factory}改制方案经职代会通过并已执行完毕，经济补偿已按方案发放，已向你们解释政策。",
        weight=6, collective=0.7,
    ),
    Scenario(
        "illegal_fundraising", "经济综合", "非法集资", APPEAL,
        ("反映{company}非法吸收公众存款问题",),
        ("{company}以高息为诱饵向本县群众集资，现已无法兑付，涉及群众{workers}人、金额{amount}万元，请求依法查处并追回资金。",),
        ("公安局",),
        "县公安局已对{company}涉嫌非法吸收公众存款立案侦查，正在依法追赃挽损。",
        "案件已由公安机关立案侦查，请你持相关凭证到县公安局经侦大队登记。",
        weight=3, collective=0.6, legal=True,
    ),
    Scenario(
        "village_cadre_corruption", "纪检监察", "村干部问题", ACCUSATION,
        ("举报{village}村干部侵占集体资金问题", "举报{village}村委会虚报冒领项目资金"),
        ("{village}村委会主任{surname}某在任期间虚报项目套取集体资金，并将征地补偿款挪作他用，请求纪检部门调查处理。",
         "{village}党支部书记{surname}某在产业扶持项目中优亲厚友，把补助资金分给亲属，请求查处。"),
        ("纪委监委",),
        "经县纪委监委调查，反映问题部分属实，已对相关人员立案审查并责令退还违规资金。",
        "经县纪委监委调查核实，反映问题不属实，已向你反馈调查结果。",
        weight=9, accused="village", accused_person="{village}村干部{surname}某",
        channels={"letter": 50, "online": 30, "visit": 15, "phone": 5},
    ),
    Scenario(
        "welfare_fraud", "纪检监察", "惠民资金管理", ACCUSATION,
        ("举报{town}工作人员违规办理低保问题",),
        ("{town}民政办工作人员{surname}某利用职务便利为亲属违规办理低保，真正困难的群众却办不上，请求调查处理。",),
        ("纪委监委",),
        "经县纪委监委调查，相关人员违规办理低保问题属实，已给予党内警告处分，违规低保已取消。",
        "经调查核实，所举报人员亲属符合低保条件，办理程序合规。",
        weight=5, accused="town", accused_person="{town}民政办工作人员{surname}某",
        channels={"letter": 50, "online": 35, "phone": 15},
    ),
    Scenario(
        "cadre_conduct", "政治综合", "干部作风", ACCUSATION,
        ("反映{department}工作人员办事推诿问题",),
        ("本人多次到{department}办理业务，工作人员{surname}某态度生硬、推诿扯皮，让群众来回跑，请求整顿作风。",),
        ("纪委监委",),
        "经核查，{department}相关工作人员存在服务态度问题，已对其诫勉谈话，并在全局开展作风整顿。",
        "经核查，你办理的业务因材料不全未能办结，工作人员已一次性告知所需材料。",
        weight=4, accused="department", accused_person="{department}工作人员{surname}某",
    ),
    Scenario(
        "policy_suggestion", "政治综合", "意见建议", SUGGESTION,
        ("关于加强农村人居环境整治的建议", "关于改善{town}便民服务的建议"),
        ("建议在{village}增设垃圾收集点并定期清运，整治乱堆乱放，改善村容村貌。",
         "建议{town}便民服务中心周末轮流值班，方便外出务工人员回乡办事。"),
        (TOWN,),
        "建议已采纳，{town}已在{village}增设垃圾收集点并落实专人清运。",
        "感谢你的建议，已纳入{town}明年工作计划统筹研究。",
        weight=5, channels={"online": 60, "letter": 30, "phone": 10},
    ),
    Scenario(
        "retrial", "政法", "涉法涉诉", APPEAL,
        ("不服法院判决请求再审", "对民间借贷纠纷判决不服"),
        ("本人与{surname}某民间借贷纠纷一案，经县法院判决后本人不服，认为判决认定事实错误，请求重新审理。",),
        ("法院",),
        "已转县法院依法审查，县法院已受理你的再审申请。",
        "该事项属于诉讼程序处理范围，已告知你依法向上级人民法院申请再审。",
        weight=8, legal=True,
    ),
    Scenario(
        "enforcement", "政法", "执行难", APPEAL,
        ("请求法院执行已生效判决",),
        ("本人与{company}劳务合同纠纷一案县法院已判决对方支付{wage}元，判决生效一年多仍未执行到位，请求督促执行。",),
        ("法院",),
        "县法院已对被执行人采取查封措施，执行款已部分到位。",
        "经查，被执行人暂无可供执行财产，法院已终结本次执行程序，发现财产线索可申请恢复执行。",
        weight=5, legal=True,
    ),
    Scenario(
        "public_order", "政法", "治安问题", APPEAL,
        ("反映{village}有人聚众赌博问题",),
        ("{village}有人长期在村内开设赌场聚众赌博，影响村风民风，请求公安机关依法打击。",),
        ("公安局",),
        "县公安局已组织警力查处，对涉赌人员依法作出治安处罚。",
        "公安机关已加强巡逻，如发现赌博行为可随时拨打110报警。",
        weight=4, channels={"phone": 40, "letter": 30, "online": 30},
    ),
    Scenario(
        "online_rumour", "宣传舆论", "网络舆情", APPEAL,
        ("反映网络谣言损害本人名誉问题",),
        ("有人在网络群组中散布关于本人的不实信息，严重损害本人名誉，请求有关部门删除并查处。",),
        ("公安局",),
        "县公安局网安大队已依法处置相关信息，并对发布人进行训诫。",
        "已告知你可就名誉侵权依法向人民法院提起诉讼。",
        weight=2, channels={"online": 60, "phone": 20, "visit": 20},
    ),
    Scenario(
        "culture_square", "科技文体", "文化设施", SUGGESTION,
        ("建议在{village}修建文化广场",),
        ("{village}群众文化活动场地缺乏，建议利用村委会旁闲置地修建文化广场，配备健身器材。",),
        (TOWN,),
        "建议已采纳，{village}文化广场已列入本年度村级综合文化服务中心建设项目。",
        "感谢你的建议，已纳入明年项目储备库。",
        weight=3, channels={"online": 50, "letter": 30, "visit": 20},
    ),
    Scenario(
        "length_of_service", "组织人事", "人事待遇", APPEAL,
        ("反映本人工龄认定及工资待遇问题",),
        ("本人系{town}原民办教师，转正前的教龄未计入工龄，退休待遇受到影响，请求按政策认定。",),
        ("人社局", "教育局"),
        "经县人社局审核，你的民办教师教龄已按政策计入连续工龄，退休待遇重新核定。",
        "按照有关政策，民办教师教龄计算需有原始档案记载，已告知你补充材料的途径。",
        weight=4,
    ),
    Scenario(
        "recruitment", "组织人事", "编制招聘", APPEAL,
        ("对事业单位招聘考试结果有异议",),
        ("本人参加{year}年县事业单位公开招聘考试，笔试成绩排名靠前，面试后未被录用，怀疑面试不公，请求复查。",),
        ("人社局",),
        "经县人社局复查，面试评分存在计分错误，已更正成绩并依规递补。",
        "经复查，面试评分程序规范、计分无误，考试结果维持。",
        weight=2,
    ),
    Scenario(
        "village_road", "交通能源环保", "道路交通", APPEAL,
        ("反映{village}通村公路损毁问题", "请求硬化{village}组道"),
        ("{village}通村公路多处路基塌陷，雨天无法通行，群众出行和农产品运输十分困难，请求尽快修复。",),
        ("交通局", TOWN),
        "县交通局已安排养护队对{village}通村公路塌陷路段进行修复，现已恢复通行。",
        "该路段修复已列入明年农村公路养护工程计划，镇政府已设置警示标志。",
        weight=8, collective=0.2,
    ),
    Scenario(
        "pollution", "交通能源环保", "环境污染", APPEAL,
        ("反映{plant}排放污水污染农田问题", "投诉{plant}粉尘噪音扰民"),
        ("{village}附近的{plant}长期将未经处理的生产污水排入河道，导致下游农田减产，群众饮水安全受到威胁，请求环保部门查处。",
         "{plant}夜间生产噪音大、粉尘多，严重影响周边群众休息，请求依法整治。"),
        ("生态环境局",),
        "县生态环境局现场检查，{plant}存在超标排放问题，已责令停产整改并依法处罚。",
        "经监测，{plant}排放指标符合标准，已督促企业加强环保设施运行管理。",
        weight=7, collective=0.35,
    ),
    Scenario(
        "power_supply", "交通能源环保", "供电供气", APPEAL,
        ("反映{village}电压不稳问题",),
        ("{village}电压长期偏低，家用电器无法正常使用，农忙时抽水灌溉也受影响，请求改造线路。",),
        (TOWN,),
        "经协调供电公司，{village}已新增变压器一台，电压恢复正常。",
        "{village}电网改造已列入供电公司明年农网改造计划。",
        weight=4, channels={"phone": 50, "online": 30, "letter": 20},
    ),
    Scenario(
        "minimum_living", "民政", "低保救助", APPEAL,
        ("申请办理农村低保", "反映低保评定不公问题"),
        ("本人家住{village}，丈夫常年患病，两个孩子上学，家庭收入微薄，申请低保多次未获批准，请求帮助解决。",),
        ("民政局", TOWN),
        "经入户核查，你家符合农村低保条件，已按程序纳入低保保障。",
        "经入户核查，你家家庭收入高于当地低保标准，暂不符合条件，已为你申请临时救助。",
        weight=12,
    ),
    Scenario(
        "veterans", "民政", "退役军人安置", APPEAL,
        ("退役士兵要求落实安置待遇", "反映参战退役人员优抚待遇问题"),
        ("本人于{year}年退役，按政策应享受的安置待遇至今未落实，请求退役军人事务部门解决。",),
        ("退役军人事务局",),
        "县退役军人事务局已核实你的退役信息，优抚待遇从本月起按标准发放。",
        "经核查，你的安置已按退役当年政策落实，相关待遇按规定发放，已向你解释政策。",
        weight=7, collective=0.3,
    ),
    Scenario(
        "temporary_relief", "民政", "社会救助", APPEAL,
        ("因病致贫申请临时救助",),
        ("本人患重病住院花费{wage}元，报销后自付部分无力承担，家庭生活困难，申请临时救助。",),
        ("民政局",),
        "县民政局已为你发放临时救助金，并协调医疗救助再次报销部分费用。",
        "临时救助需经镇政府审核上报，已告知你申请程序。",
        weight=5,
    ),
    Scenario(
        "mobile_signal", "信息产业", "通信服务", SUGGESTION,
        ("建议解决{village}手机信号差问题",),
        ("{village}地处山沟，手机信号差，群众打电话要爬到山顶，建议协调通信运营商建设基站。",),
        (TOWN,),
        "经协调，通信运营商已在{village}新建基站，信号覆盖问题已解决。",
        "已将建议转交通信运营商，{village}基站建设已列入明年计划。",
        weight=2, channels={"online": 60, "phone": 40},
    ),
    Scenario(
        "fake_fertiliser", "商贸旅游", "消费维权", APPEAL,
        ("反映{shop}销售假冒伪劣农资问题",),
        ("本人在{shop}购买的化肥使用后庄稼不长，经检测有效成分不足，商家拒绝赔偿，请求市场监管部门查处。",),
        ("市场监管局",),
        "县市场监管局已对{shop}立案查处，责令其赔偿损失并下架问题化肥。",
        "已对{shop}进货台账进行检查，问题化肥已送检，赔偿问题可通过消费纠纷调解解决。",
        weight=4, channels={"phone": 50, "visit": 30, "online": 20},
    ),
    Scenario(
        "tourism", "商贸旅游", "旅游服务", SUGGESTION,
        ("关于完善{town}乡村旅游配套设施的建议",),
        ("{town}红色旅游景点游客增多，但停车场和公厕不足，建议完善配套设施。",),
        (TOWN,),
        "建议已采纳，景区停车场扩建和公厕建设已开工。",
        "感谢你的建议，已纳入全县乡村旅游规划统筹研究。",
        weight=2, channels={"online": 70, "letter": 30},
    ),
    Scenario(
        "household_registration", "其他", "其他", APPEAL,
        ("咨询户籍迁移及证件办理问题",),
        ("本人户口迁移时身份证号码登记错误，多次到派出所办理更正未果，影响领取各项补贴，请求帮助解决。",),
        ("公安局",),
        "县公安局已为你更正身份信息，补贴发放信息同步更新。",
        "更正身份证号码需提供出生证明等原始材料，已一次性告知你所需材料。",
        weight=3, channels={"phone": 50, "visit": 30, "online": 20},
    ),
)

# Default channel skew of a petition bureau: many visits and online items, fewer letters and calls, rare fax/e-mail.
CHANNEL_WEIGHTS = {"visit": 32, "online": 28, "letter": 20, "phone": 17, "fax": 1, "email": 2}

# Fill values.
PROJECTS = ("G210线改扩建工程", "延吴高速公路", "县城北区棚户区改造", "工业园区道路", "杏子河综合治理工程", "石油集输管线",
            "风电场升压站", "农村安全饮水工程", "移民搬迁安置点", "县城集中供热管网")
COMPANIES = ("延安宏达建筑工程有限公司", "陕西鑫源石油技术服务有限公司", "县恒通劳务有限公司", "陕西华泰建设集团有限公司",
             "延安市金盛路桥工程有限公司", "县顺达运输有限公司", "陕西聚力农业开发有限公司", "延安瑞丰矿业有限公司")
DEVELOPERS = ("陕西华泰房地产开发有限公司", "延安金地置业有限公司", "县宏远房地产开发有限公司")
ESTATES = ("阳光小区", "金明花园", "滨河佳苑", "杏林苑小区", "北关棚改片区", "南街片区", "幸福家园小区")
FACTORIES = ("县水泥厂", "县农机修造厂", "县第二砖厂", "县食品公司", "县供销社", "县酒厂")
HOSPITALS = ("县人民医院", "县中医医院", "县妇幼保健院")
SCHOOLS = ("县第二小学", "县城关小学", "县第二中学", "县实验小学")
PLANTS = ("县城郊砖厂", "石油井场", "水泥搅拌站", "石料加工厂", "养殖场")
SHOPS = ("县城农资门市部", "惠农农资店", "丰收农资经营部")


# How each placeholder is drawn: from a list of names, or a number from a range (inclusive).
_DRAWN = {
    "project": PROJECTS, "company": COMPANIES, "developer": DEVELOPERS, "estate": ESTATES, "factory": FACTORIES,
    "hospital": HOSPITALS, "school": SCHOOLS, "plant": PLANTS, "shop": SHOPS,
    "acres": (10, 300), "small_acres": (2, 30), "amount": (5, 400), "workers": (6, 80), "households": (30, 260),
    "months": (2, 20), "month": (1, 12), "age": (60, 85),
}


def _placeholders(scenario: Scenario) -> tuple[str, ...]:
    """The drawn placeholders that any text of the scenario uses."""
    templates = [*scenario.titles, *scenario.contents, scenario.support, scenario.explain, scenario.accused_person]
    names = {name for template in templates for _text, name, _spec, _conv in Formatter().parse(template) if name}
    return tuple(sorted(names & {*_DRAWN, "wage"}))


_PLACEHOLDERS = {scenario.key: _placeholders(scenario) for scenario in SCENARIOS}


def fill_values(dice, scenario: Scenario, *, village: str, town: str, surname: str, department: str = "",
                year: int = 2024) -> dict:
    """The values of the scenario's placeholders for one item, drawn once so that its subject, content and reply
    agree. ``dice`` is a ``demo.plans.Dice``."""
    values = {"village": village, "town": town, "surname": surname, "department": department or "县住建局",
              "year": year}
    for name in _PLACEHOLDERS[scenario.key]:
        if name == "wage":
            values[name] = dice.between(30, 900) * 100
            continue
        drawn = _DRAWN[name]
        values[name] = dice.between(*drawn) if isinstance(drawn[0], int) else dice.pick(drawn)
    return values


def fill(template: str, values: dict) -> str:
    return template.format(**values) if "{" in template else template


# Reasons petitioners give for asking a review or re-review, and the opinions of the reviewing body.
REVIEW_REQUESTS = ("对处理意见不服，认为调查不全面，请求复查。", "处理意见没有解决实际问题，请求上级机关复查。",
                   "认为处理依据的政策理解有误，请求复查。")
REVIEW_OPINIONS = ("经复查，原处理意见认定事实清楚、适用政策正确，予以维持。",
                   "经复查，原处理意见部分不当，责成原办理单位重新核定补偿标准。")
RE_REVIEW_REQUESTS = ("对复查意见仍不服，请求复核。", "复查没有听取本人意见，请求复核。")
RE_REVIEW_OPINIONS = ("经复核，复查意见认定事实清楚，处理适当，予以维持。本复核意见为终结意见，"
                      "信访人以同一事实和理由提出的信访事项不再受理。",)
ON_THE_SPOT_ANSWERS = ("接待人员当场查阅相关政策并向信访人作了解释，信访人表示理解。",
                       "经电话联系相关单位，当场向信访人答复了办理进度，信访人表示满意。",
                       "当场告知信访人办理相关业务的部门、所需材料和办理流程。")
EVALUATION_COMMENTS = {
    "satisfied": ("问题解决了，感谢政府。", "办理及时，态度很好。", ""),
    "basically_satisfied": ("基本解决，希望后续跟进落实。", ""),
    "dissatisfied": ("问题没有实际解决。", "答复敷衍，不满意。"),
}
EXTENSION_REASONS = ("案情复杂，需进一步调查核实。", "涉及多个部门，需协调后统一答复。", "需委托第三方评估鉴定。")
HAND_BACK_REASONS = ("该事项不属于本单位职责范围，请重新交办。", "问题发生地不在本辖区，请交属地办理。")
DECLINE_NOTES = {
    "legal_procedure": "该事项属于诉讼、仲裁等法定途径处理范围，已告知信访人依法通过法定途径解决。",
    "being_handled": "该事项已由有关机关正在办理，告知信访人等待处理结果。",
    "terminated": "该事项已经复核终结，信访人以同一事实和理由提出，不再受理。",
    "not_petition": "信访人反映的内容不属于信访事项，已告知其向有关单位咨询。",
    "other": "信访人反映内容不清，无法核实，已告知其补充材料后再行反映。",
}
FORWARD_NOTE = "按照属地管理、分级负责和谁主管、谁负责的原则转送{unit}处理。"
ASSIGN_NOTE = "请{unit}认真调查处理，按期答复信访人并报送办理结果。"
INSTRUCTIONS = ("请{unit}主要负责同志亲自督办，依法依规解决群众合理诉求，按期报结。",
                "此事要高度重视，尽快查清事实，依法妥善处理，切实解决群众合理诉求。")
