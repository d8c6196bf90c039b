"""The ledger export: headings, masking, the access rule, real dates, and many rows in bounded queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ledgers.columns import CONFIDENTIAL, HEADINGS, LEDGER_WORDS
from ledgers.exports import CHUNK_SIZE, stream_workbook, write_petition_ledger
from petitions.actions import instruction_request
from petitions.models import Petition, Petitioner, PetitionParty
from petitions.states import PetitionState
from workdays.models import DeadlineClass

from .conftest import ID_1, TODAY, as_dicts, d, workbook_rows


def export(user, queryset=None, **kwargs) -> bytes:
    buffer = io.BytesIO()
    write_petition_ledger(Petition.objects.all() if queryset is None else queryset, user, buffer, today=TODAY, **kwargs)
    return buffer.getvalue()


def by_title(content: bytes) -> dict[str, dict]:
    return {row["标题/事由"]: row for row in as_dicts(content)}


def test_heading_row_is_the_fixed_chinese_ledger_format(registrar, items):
    assert workbook_rows(export(registrar))[0] == tuple(HEADINGS)
    assert HEADINGS[:12] == [
        "登记编号", "查询码", "收到日期", "来源渠道", "接收层级", "人数", "是否集体访", "信访人", "身份证号", "联系电话",
        "住址", "标题/事由",
    ]
    assert HEADINGS[-3:] == ["当前期限", "是否超期", "附件数"]
    assert len(HEADINGS) == len(set(HEADINGS)) == 44


def test_every_choice_value_has_a_ledger_word():
    from petitions.models import (
        Channel,
        ContentType,
            DeclineReason,
        ReceivedLevel,
        ReplyOutcome,
        Satisfaction,
    )

    for choices in (Channel, ContentType, DeadlineClass, DeclineReason, ReceivedLevel, ReplyOutcome,
                    Satisfaction, PetitionState):
        assert set(LEDGER_WORDS[choices]) == set(choices.values), choices.__name__
        assert len(set(LEDGER_WORDS[choices].values())) == len(choices.values), choices.__name__


def test_one_row_per_item_in_order_of_receipt_with_its_dates_and_ledger_words(registrar, items):
    rows = as_dicts(export(registrar))
    assert len(rows) == len(items)
    received = [row["收到日期"] for row in rows]
    assert received == sorted(received)
    terminated = by_title(export(registrar))["宅基地纠纷"]
    p = items["terminated"]
    assert terminated["登记编号"] == p.number
    assert terminated["查询码"] == p.display_query_code
    assert terminated["状态"] == "已终结"
    assert terminated["期限类别"] == "急案"
    assert terminated["处理结果"] == "不予支持"
    assert terminated["满意度"] == "不满意"
    assert terminated["责任单位"] == "化子坪镇"
    for heading, value in [
        ("收到日期", d(3, 10)), ("受理日期", d(3, 11)), ("决定日期", d(3, 11)), ("答复日期", d(3, 13)),
        ("复查申请日期", d(3, 20)), ("复查决定日期", d(4, 10)), ("复核申请日期", d(4, 20)),
        ("复核决定日期", d(5, 10)), ("决定期限", p.decision_due_on), ("办理期限", p.handling_due_on),
    ]:
        assert terminated[heading] == dt.datetime.combine(value, dt.time()), heading
    assert terminated["复核意见"] == "复核维持。"


def test_dates_are_real_excel_dates_and_the_heading_row_is_frozen(registrar, items):
    sheet = load_workbook(io.BytesIO(export(registrar))).worksheets[0]
    assert sheet.freeze_panes == "A2"
    received = sheet.cell(row=2, column=HEADINGS.index("收到日期") + 1)
    assert received.is_date and received.number_format == "yyyy-mm-dd"
    assert sheet.cell(row=1, column=1).font.b
    assert sheet.column_dimensions["M"].width >= 30  # 内容


def test_sub_category_is_parent_slash_child_and_several_petitioners_are_joined(registrar, items):
    row = by_title(export(registrar))["征地补偿未到位"]
    assert row["内容分类"] == "城乡建设/征地拆迁"
    assert row["信访人"] == "钱七、孙八"
    assert row["住址"] == "王家村、李家村交界处；李家村1组"


def test_id_and_phone_numbers_are_masked_by_default(registrar, items):
    row = by_title(export(registrar))["反映村道损毁问题"]
    assert row["身份证号"] == "110101********7571"
    assert row["联系电话"] == "138****1111"
    assert ID_1.encode() not in export(registrar)


def test_unmasked_export_shows_full_numbers_to_a_user_who_may_reveal_them(registrar, items):
    row = by_title(export(registrar, unmasked=True))["反映村道损毁问题"]
    assert row["身份证号"] == ID_1
    assert row["联系电话"] == "13800001111"


def test_unmasked_export_is_refused_to_a_unit_handler(handler, items):
    with pytest.raises(PermissionDenied):
        export(handler, unmasked=True)


def test_unit_handler_exports_only_the_items_of_his_unit(handler, items):
    titles = set(by_title(export(handler)))
    own = {p.title for p in items.values() if p.responsible_unit_id == handler.unit_id}
    assert titles == own
    assert "道路积水" not in titles  # assigned to the other township


def test_accusation_against_a_unit_is_never_in_that_units_export(handler, other_handler, items):
    accusation = items["against_township"]
    assert accusation.accused_unit_id == handler.unit_id
    assert accusation.title not in by_title(export(handler))
    # Not even when the caller hands over a queryset that contains it: the access rule is applied again.
    assert by_title(export(handler, Petition.objects.filter(pk=accusation.pk))) == {}
    assert accusation.title in by_title(export(other_handler))


def test_accusers_are_hidden_from_the_unit_that_handles_the_accusation(handler, registrar, items):
    row = by_title(export(handler))["举报村干部优亲厚友"]
    for heading in ("信访人", "身份证号", "联系电话", "住址"):
        assert row[heading] == CONFIDENTIAL
    assert by_title(export(registrar))["举报村干部优亲厚友"]["信访人"] == "匿名者"


def test_leader_exports_only_the_items_he_was_asked_to_instruct_on_without_accusers(leader, registrar, items):
    assert by_title(export(leader)) == {}
    instruction_request(actor=registrar, petition=items["confidential"], leader=leader)
    rows = by_title(export(leader))
    assert set(rows) == {"举报村干部优亲厚友"}
    assert rows["举报村干部优亲厚友"]["信访人"] == CONFIDENTIAL


def test_overdue_is_shown_for_open_items_only(registrar, items):
    rows = by_title(export(registrar))
    assert rows["反映村道损毁问题"]["是否超期"] == "是"  # decision due in March, still registered on 1 June
    assert rows["拖欠工程款"]["是否超期"] is None  # replied


def test_text_that_looks_like_a_formula_stays_text(registrar, township, items):
    from tests.factories import register

    register(registrar, township, title="=HYPERLINK(\"http://x\")", content="<b>&amp;</b>\r\n  两行",
             received_on=d(3, 25))
    sheet = load_workbook(io.BytesIO(export(registrar))).worksheets[0]
    title_cells = [row for row in sheet.iter_rows(min_row=2) if str(row[11].value).startswith("=")]
    assert title_cells[0][11].data_type == "s"
    assert title_cells[0][12].value == "<b>&amp;</b>\r\n  两行"


def test_a_sliced_queryset_is_exported_as_given(registrar, items):
    content = export(registrar, Petition.objects.order_by("-pk")[:3])
    numbers = [row["登记编号"] for row in as_dicts(content)]
    assert numbers == [p.number for p in Petition.objects.order_by("-pk")[:3]]


def _many_items(template: Petition, count: int) -> None:
    """Copies of one registered item, bulk-inserted (test data, not the registration path)."""
    person = Petitioner.objects.create(name="批量", phone="13000000000")
    copies = []
    for n in range(count):
        copy = Petition(**{f.attname: getattr(template, f.attname) for f in Petition._meta.concrete_fields
                           if f.attname != "id"})
        copy.query_code = f"Q{n:011d}"
        copies.append(copy)
    Petition.objects.bulk_create(copies, batch_size=500)
    PetitionParty.objects.bulk_create(
        [PetitionParty(petition_id=pk, petitioner=person, name=person.name) for pk in Petition.objects.exclude(pk=template.pk)
         .values_list("pk", flat=True)], batch_size=500,
    )


def test_many_rows_stream_in_a_few_queries_whatever_their_number(registrar, petition, django_assert_max_num_queries):
    count = 2 * CHUNK_SIZE + 150
    _many_items(petition, count)
    buffer = io.BytesIO()
    # units, categories, items, the petitioners and the attachment counts of each of 3 chunks
    with django_assert_max_num_queries(11):
        written = write_petition_ledger(Petition.objects.all(), registrar, buffer, today=TODAY)
    assert written == count + 1
    rows = workbook_rows(buffer.getvalue())
    assert len(rows) == count + 2
    assert {row[7] for row in rows[2:]} == {"批量"}
    assert rows[-1][2] == dt.datetime(2026, 3, 2)  # noqa: DTZ001 - Excel dates are naive


_CONTROL = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)]}


@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=200), st.dates(dt.date(1900, 3, 1)),
       st.integers(0, 10**9))
@settings(max_examples=60, deadline=None)
def test_any_text_date_and_number_survive_the_row_serialiser(text, day, number):
    """Markup characters, \\r, outer spaces and CJK come back as written; only XML-illegal controls are dropped."""
    values = [None] * len(HEADINGS)
    values[0], values[2], values[5] = text, day, number

    buffer = io.BytesIO()
    stream_workbook(buffer, lambda writer: [writer.row(2, values)])
    row = workbook_rows(buffer.getvalue())[1]
    expected = "".join(ch for ch in text if ch not in _CONTROL)[:32767]
    assert (row[0] or "") == expected
    assert row[2] == dt.datetime.combine(day, dt.time())
    assert row[5] == number
