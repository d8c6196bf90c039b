"""The ledger import: every row checked first, all problems reported by row and column, nothing saved unless
the whole file is valid; valid rows saved through the real actions with their historical dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from ledgers.imports import RowError, import_ledger
from petitions.models import EventKind, Petition, PetitionEvent
from petitions.states import PetitionState

from .conftest import ID_1, ID_2, TODAY, d, ledger_file

GOOD = {
    "收到日期": dt.date(2026, 3, 2),
    "来源渠道": "来信",
    "信访人": "张三",
    "身份证号": ID_1,
    "联系电话": "13800001111",
    "住址": "王家村",
    "标题/事由": "反映村道损毁问题",
    "内容": "通村道路多处损毁。",
    "内容性质": "申诉求决",
    "内容分类": "城乡建设",
    "问题属地": "化子坪镇",
    "状态": "已登记",
}


def replied(**changes):
    return {**GOOD, "状态": "已答复", "责任单位": "化子坪镇", "受理日期": d(3, 3), "答复日期": d(3, 20),
            "处理结果": "支持", "答复内容": "已修复。", **changes}


def run(user, rows, **kwargs):
    with translation.override("en"):
        return import_ledger(ledger_file(rows, **kwargs), user=user, today=TODAY)


def problems(result) -> dict[tuple[int, str], str]:
    return {(e.row, e.column): e.message for e in result.errors}


@pytest.fixture
def world(registrar, township, other_township, discipline, construction, land):
    return registrar


def test_a_valid_file_is_saved_through_the_actions_with_historical_dates(world, handler):
    result = run(world, [GOOD, replied(信访人="李四", 身份证号=None, 联系电话="13900002222", 满意度="满意")])
    assert result.ok, result.errors
    first, second = sorted(result.petitions, key=lambda p: p.pk)
    assert first.state == PetitionState.REGISTERED and first.received_on == d(3, 2)
    assert first.parties.get().petitioner.id_number == ID_1
    assert second.state == PetitionState.REPLIED
    assert (second.accepted_on, second.replied_on, second.satisfaction) == (d(3, 3), d(3, 20), "satisfied")
    assert second.responsible_unit == handler.unit
    kinds = list(second.events.values_list("kind", flat=True))
    assert kinds == [EventKind.REGISTERED, EventKind.ASSIGNED, EventKind.SIGNED_FOR, EventKind.REPLIED,
                     EventKind.EVALUATED]
    assert all(e.data.get("recorded_from_ledger") and e.actor_id == world.pk for e in second.events.all())
    assert second.events.get(kind=EventKind.REPLIED).data["on"] == "2026-03-20"


def test_bad_rows_are_all_reported_with_their_excel_row_number_and_nothing_is_saved(world):
    rows = [
        GOOD,                                                     # row 2: fine
        {**GOOD, "问题属地": "不存在镇"},                           # 3: unknown unit
        {**GOOD, "收到日期": "2026-02-30"},                        # 4: bad date
        replied(答复日期=d(3, 1), 受理日期=d(3, 5)),                # 5: reply before acceptance
        {**GOOD, "身份证号": "110101********7571"},                # 6: masked ID
        {**GOOD, "来源渠道": "飞鸽传书"},                           # 7: unknown choice label
        {**GOOD, "标题/事由": None},                               # 8: required cell empty
        {**GOOD, "状态": "已答复"},                                # 9: state without its dates
        {**GOOD, "内容分类": "不存在的分类"},                        # 10: unknown category
        {**GOOD, "身份证号": "110101199003077578"},                # 11: wrong check digit
        {**GOOD, "受理日期": d(3, 3)},                             # 12: acceptance date on a registered item
        {**GOOD, "收到日期": dt.date(2026, 7, 1)},                 # 13: in the future
    ]
    result = run(world, rows)
    found = problems(result)
    assert (3, "问题属地") in found and "Unknown unit “不存在镇”" in found[(3, "问题属地")]
    assert "is not a date" in found[(4, "收到日期")]
    assert found[(5, "答复日期")] == "答复日期 (2026-03-01) is before 受理日期 (2026-03-05)."
    assert "masked ID number" in found[(6, "身份证号")]
    assert "“飞鸽传书” is not one of: 来信、来访、来电" in found[(7, "来源渠道")]
    assert found[(8, "标题/事由")] == "This cell must not be empty."
    for heading in ("责任单位", "受理日期", "答复日期", "处理结果", "答复内容"):
        assert "needs this" in found[(9, heading)], heading
    assert "Unknown category" in found[(10, "内容分类")]
    assert "check digit" in found[(11, "身份证号")]
    assert "cannot have this" in found[(12, "受理日期")]
    assert "in the future" in found[(13, "收到日期")]
    assert not any(error.row == 2 for error in result.errors)
    assert result.errors == sorted(result.errors, key=lambda e: e.row)
    assert Petition.objects.count() == 0


def test_a_step_the_actions_refuse_is_reported_and_the_whole_file_is_rolled_back(world):
    late_review = replied(状态="复查中", 复查申请日期=d(5, 15))  # more than 30 days after the reply of 20 March
    result = run(world, [GOOD, late_review])
    assert [(e.row, e.column) for e in result.errors] == [(3, "复查申请日期")]
    assert "30 days to request a review ended" in result.errors[0].message
    assert Petition.objects.count() == 0
    assert PetitionEvent.objects.count() == 0


def test_masked_phone_numbers_and_hidden_accusers_are_refused(world):
    result = run(world, [{**GOOD, "联系电话": "138****1111"}, {**GOOD, "信访人": "（保密）"}])
    found = problems(result)
    assert "masked phone number" in found[(2, "联系电话")]
    assert "identity is hidden" in found[(3, "信访人")]


def test_unknown_and_missing_headings_are_reported_on_row_one(world):
    headings = [h for h in GOOD if h != "内容"] + ["备注"]
    result = run(world, [GOOD], headings=headings)
    assert set(problems(result)) == {(1, "内容"), (1, "备注")}


def test_columns_may_come_in_any_order_and_computed_columns_are_ignored(world):
    headings = list(reversed([*GOOD, "登记编号", "查询码", "当前期限"]))
    row = {**GOOD, "登记编号": "XF2020-0000009", "查询码": "AAAA-BBBB-CCCC", "当前期限": d(1, 1)}
    result = run(world, [row], headings=headings)
    assert result.ok, result.errors
    petition = result.petitions[0]
    assert petition.number != "XF2020-0000009" and petition.decision_due_on == d(3, 17)


def test_english_labels_and_text_dates_are_accepted(world):
    result = run(world, [{**GOOD, "来源渠道": "Letter", "内容性质": "appeal or demand", "收到日期": "2026/3/2"}])
    assert result.ok, result.errors
    assert result.petitions[0].channel == "letter"


def test_several_petitioners_are_split_in_order_and_a_single_address_is_kept_whole(world):
    result = run(world, [
        {**GOOD, "信访人": "钱七、孙八", "身份证号": f"{ID_2}、", "联系电话": "13600004444、13600005555",
         "住址": "王家村、李家村交界处；李家村1组"},
        {**GOOD, "信访人": "周九", "身份证号": None, "联系电话": "13500006666", "住址": "甲村；乙组"},
    ])
    assert result.ok, result.errors
    two, one = sorted(result.petitions, key=lambda p: p.pk)
    people = [party.petitioner for party in two.parties.all()]
    assert [(p.name, p.id_number, p.address) for p in people] == [
        ("钱七", ID_2, "王家村、李家村交界处"), ("孙八", "", "李家村1组"),
    ]
    assert one.parties.get().petitioner.address == "甲村；乙组"


def test_petitioner_columns_must_line_up_with_the_names(world):
    result = run(world, [{**GOOD, "信访人": "钱七、孙八", "身份证号": ID_2}])
    assert "2 petitioners are named but 1 values are given" in problems(result)[(2, "身份证号")]


def test_a_collective_visit_names_its_representatives_and_must_agree_with_its_headcount(world):
    visit = {**GOOD, "来源渠道": "来访", "人数": 6, "是否集体访": "是", "信访人": "陈甲、陈乙", "身份证号": None,
             "联系电话": "13100001010、13100002020", "住址": None}
    result = run(world, [visit, {**visit, "人数": 3}, {**GOOD, "人数": 4}])
    found = problems(result)
    assert "collective visit" in found[(3, "是否集体访")]
    assert "Only visits count persons" in found[(4, "人数")]
    assert (2, "是否集体访") not in found
    result = run(world, [visit])
    assert result.ok, result.errors
    petition = result.petitions[0]
    assert petition.is_collective and petition.headcount == 6
    assert all(party.is_representative for party in petition.parties.all())


def test_a_repeat_petition_is_linked_to_the_earlier_item_of_the_same_petitioner(world):
    repeat = {**GOOD, "收到日期": d(3, 20), "是否重复信访": "是"}
    result = run(world, [repeat, GOOD])  # the earlier item comes later in the file
    assert result.ok, result.errors
    earlier = Petition.objects.get(received_on=d(3, 2))
    assert Petition.objects.get(received_on=d(3, 20)).repeat_of == earlier


def test_a_repeat_petition_without_an_earlier_item_is_refused(world):
    result = run(world, [{**GOOD, "是否重复信访": "是"}])
    assert "No earlier item of the same petitioner" in problems(result)[(2, "是否重复信访")]


def test_answered_declined_and_forwarded_items_replay_their_decision(world):
    rows = [
        {**GOOD, "状态": "当场答复", "决定日期": d(3, 2), "答复日期": d(3, 2), "答复内容": "当场解释。",
         "满意度": "基本满意"},
        {**GOOD, "状态": "不予受理", "决定日期": d(3, 5), "不予受理理由": "应通过诉讼、复议、仲裁等法定途径解决"},
        {**GOOD, "状态": "已转送", "决定日期": d(3, 6), "转送单位": "县纪委监委", "内容性质": "检举控告",
         "被反映人": "某干部"},
    ]
    result = run(world, rows)
    assert result.ok, result.errors
    answered, declined, forwarded = sorted(result.petitions, key=lambda p: p.pk)
    assert (answered.state, answered.satisfaction) == (PetitionState.ANSWERED, "basically_satisfied")
    assert (declined.state, declined.decided_on, declined.decline_reason) == ("declined", d(3, 5), "legal_procedure")
    assert (forwarded.state, forwarded.forwarded_to.name) == ("forwarded", "县纪委监委")


def test_an_accusation_can_never_be_assigned_to_the_unit_it_accuses(world):
    row = {**GOOD, "内容性质": "检举控告", "被反映单位": "化子坪镇", "状态": "已交办", "责任单位": "化子坪镇",
           "受理日期": d(3, 3)}
    assert "can never be sent to that unit" in problems(run(world, [row]))[(2, "责任单位")]


def test_handed_back_items_are_refused_with_a_reason(world):
    assert "Handed-back items cannot be imported" in problems(run(world, [{**GOOD, "状态": "已退回"}]))[(2, "状态")]


def test_a_file_that_is_not_a_workbook_is_reported(world):
    import io

    with translation.override("en"):
        result = import_ledger(io.BytesIO(b"not a zip"), user=world, today=TODAY)
    assert result.errors == [RowError(0, "", "The file cannot be read as an Excel workbook (.xlsx).")]


def test_only_bureau_registrars_and_supervisors_may_import(handler, leader, supervisor, world):
    for user in (handler, leader):
        with pytest.raises(PermissionDenied):
            import_ledger(ledger_file([GOOD]), user=user, today=TODAY)
    assert import_ledger(ledger_file([GOOD]), user=supervisor, today=TODAY).ok


def test_the_registration_rules_of_the_action_are_reported_by_column(world):
    rows = [
        {**GOOD, "内容性质": "检举控告"},                                    # accusation without anyone accused
        {**GOOD, "是否简易办理": "是", "是否重复信访": "否", "信访人": "甲、乙", "身份证号": None,
         "联系电话": None, "住址": None},                                  # fast track for two petitioners
    ]
    found = problems(run(world, rows))
    assert "must say whom it accuses" in found[(2, "被反映单位")]
    assert "fast track is only for simple first petitions" in found[(3, "是否简易办理")]


def test_an_extension_needs_days_and_reason_within_the_limit(world):
    handling = replied(状态="办理中", 答复日期=None, 处理结果=None, 答复内容=None)
    found = problems(run(world, [{**handling, "延期天数": 10}, {**handling, "延期天数": 40, "延期理由": "协调"}]))
    assert "needs both its number of days and its reason" in found[(2, "延期理由")]
    assert "1 to 30 days" in found[(3, "延期天数")]
    assert Petition.objects.count() == 0
    result = run(world, [{**handling, "延期天数": 20, "延期理由": "协调"}])
    assert result.ok, result.errors
    assert result.petitions[0].extension_days == 20
    assert result.petitions[0].handling_due_on > result.petitions[0].original_handling_due_on


def test_a_known_id_number_with_another_name_is_refused_not_merged(world, township):
    """Issue 12, hole 4: the import registers through the same action, which never merges two people silently."""
    from petitions.actions import PetitionerData
    from petitions.models import Petitioner

    from ..factories import register

    register(world, township, petitioners=[PetitionerData(name="王大", id_number=ID_1)])
    result = run(world, [GOOD])  # 张三 with the same ID number
    assert not result.ok
    assert any("王大" in message and "张三" in message for message in problems(result).values())
    assert Petition.objects.count() == 1 and Petitioner.objects.get().name == "王大"
