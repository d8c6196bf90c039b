"""The ledger (台账) format: one list of columns, each with its fixed Chinese heading, how the export reads it
from an item and how the import parses it back (STYLE.md §11, Wagtail ``SpreadsheetExportMixin``).

The headings and the words that stand for choices (来信, 已答复, 满意 …) belong to the ledger format, not to
the user interface: they are fixed Chinese strings that do not change with the UI language, so a ledger
written today can be read back next year. On import a choice is also recognised by its English label and
by its label in the current catalog.

A column without ``key`` is computed by the system (registration number, query code, due dates, overdue):
it is exported and ignored on import.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from organisation.models import Unit
from petitions.identity import normalise_phone, validate_id_number
from petitions.models import (
    Channel,
    ContentType,
    DeclineReason,
    Petition,
    Petitioner,
    ReceivedLevel,
    ReplyOutcome,
    Satisfaction,
)
from petitions.states import PetitionState
from workdays.models import DeadlineClass

SHEET_TITLE = "信访台账"
FILE_STEM = "信访台账"
YES, NO = "是", "否"
CONFIDENTIAL = "（保密）"
# Several petitioners of one item: names, ID numbers and phones joined by 、 in the same order; addresses by ；
# (an address may itself contain 、).
PERSON_SEPARATOR = "、"
ADDRESS_SEPARATOR = "；"
_PERSON_SPLIT = re.compile(r"[、，,；;]")
_ADDRESS_SPLIT = re.compile(r"[；;]")

# The ledger's own words for each choice. One dictionary per choice, and nowhere else.
LEDGER_WORDS: dict[type[models.TextChoices], dict[str, str]] = {
    Channel: {
        Channel.LETTER: "来信",
        Channel.VISIT: "来访",
        Channel.PHONE: "来电",
        Channel.ONLINE: "网上信访",
        Channel.FAX: "传真",
        Channel.EMAIL: "电子邮件",
    },
    ReceivedLevel: {
        ReceivedLevel.OWN: "本级",
        ReceivedLevel.CITY: "越级到市",
        ReceivedLevel.PROVINCE: "越级到省",
        ReceivedLevel.CAPITAL: "越级进京",
    },
    ContentType: {
        ContentType.SUGGESTION: "建议意见",
        ContentType.ACCUSATION: "检举控告",
        ContentType.APPEAL_DEMAND: "申诉求决",
    },
    PetitionState: {
        PetitionState.REGISTERED: "已登记",
        PetitionState.ANSWERED: "当场答复",
        PetitionState.DECLINED: "不予受理",
        PetitionState.FORWARDED: "已转送",
        PetitionState.ASSIGNED: "已交办",
        PetitionState.RETURNED: "已退回",
        PetitionState.HANDLING: "办理中",
        PetitionState.REPLIED: "已答复",
        PetitionState.UNDER_REVIEW: "复查中",
        PetitionState.REVIEWED: "已复查",
        PetitionState.UNDER_RE_REVIEW: "复核中",
        PetitionState.TERMINATED: "已终结",
    },
    DeclineReason: {
        DeclineReason.LEGAL_PROCEDURE: "应通过诉讼、复议、仲裁等法定途径解决",
        DeclineReason.BEING_HANDLED: "已由有权机关办理",
        DeclineReason.TERMINATED: "同一事实和理由已复核终结",
        DeclineReason.NOT_PETITION: "不属于信访事项",
        DeclineReason.OTHER: "其他",
    },
    DeadlineClass: {
        DeadlineClass.URGENT: "急案",
        DeadlineClass.GENERAL: "一般",
        DeadlineClass.MAJOR: "大案",
    },
    ReplyOutcome: {
        ReplyOutcome.SUPPORT: "支持",
        ReplyOutcome.EXPLAIN: "解释说明",
        ReplyOutcome.NOT_SUPPORT: "不予支持",
    },
    Satisfaction: {
        Satisfaction.SATISFIED: "满意",
        Satisfaction.BASICALLY_SATISFIED: "基本满意",
        Satisfaction.DISSATISFIED: "不满意",
    },
}


def ledger_word(choices: type[models.TextChoices], value: str) -> str | None:
    if not value:
        return None
    return LEDGER_WORDS[choices].get(value, value)


class CellError(Exception):
    """A cell that cannot be read; the message (translated) says why."""


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").casefold()


@functools.cache
def _choice_lookup(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    """Every spelling accepted for a choice: ledger word, English label, label in ``language``, stored value."""
    lookup: dict[str, str] = {}
    for value in choices.values:
        spellings = [value, LEDGER_WORDS[choices][value]]
        for code in ("en", language):
            with translation.override(code):
                spellings.append(str(choices(value).label))
        for spelling in spellings:
            lookup.setdefault(_normalise(spelling), value)
    return lookup


def parse_choice(choices: type[models.TextChoices], raw: str) -> str:
    value = _choice_lookup(choices, translation.get_language() or "en").get(_normalise(raw))
    if value is None:
        raise CellError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": raw, "allowed": "、".join(LEDGER_WORDS[choices].values())}
        )
    return value


# --- Export side -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    address: str


@dataclass
class ExportRow:
    """What the getters read: the item, its petitioners and what the exporting user may see of them."""

    petition: Petition
    people: list[Person]
    identity_visible: bool
    query_code_visible: bool  # access.can_see_query_code: the petitioner's credential, for the bureau desk only
    unit_name: Callable[[int | None], str | None]  # unit id → name
    category_path: Callable[[int | None], str | None]
    mask_id: Callable[[str], str]
    mask_phone: Callable[[str], str]
    today: dt.date
    attachments: int = 0  # the item's current attachments (the files stay in the system, not in the ledger)

    def persons(self, attr: str, separator: str = PERSON_SEPARATOR, mask: Callable[[str], str] | None = None):
        if not self.identity_visible:
            return CONFIDENTIAL
        values = [getattr(person, attr) for person in self.people]
        if mask is not None:
            values = [mask(v) for v in values]
        if not any(values):
            return None
        return separator.join(values)


# --- Import side -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookups:
    """Names the import resolves, loaded once per file."""

    units: dict[str, Unit]
    categories: dict[str, object]
    today: dt.date

    @classmethod
    def load(cls, today: dt.date) -> Lookups:
        from petitions.models import Category

        categories = {}
        for category in Category.objects.select_related("parent"):
            categories[category_path(category)] = category
        return cls(units={unit.name: unit for unit in Unit.objects.all()}, categories=categories, today=today)


def category_path(category) -> str:
    """“parent/child” for a sub-category, the name alone for a top-level category."""
    return f"{category.parent.name}/{category.name}" if category.parent_id else category.name


def _as_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime | dt.date):
        raw = raw.isoformat()
    return str(raw).strip()


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def text(field_name: str | None = None, model=Petition) -> Callable[[Any, Lookups], str]:
    def parse(raw, lookups):
        value = _as_text(raw)
        limit = _max_length(model, field_name) if field_name else None
        if limit and len(value) > limit:
            raise CellError(_("At most %(n)s characters (this cell has %(m)s).") % {"n": limit, "m": len(value)})
        return value

    return parse


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def parse_date(raw, lookups) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(raw).date()  # a date cell that lost its format: Excel's day number
    value = _as_text(raw)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date; write it as 2026-03-02.") % {"value": value})


def integer(minimum: int = 0) -> Callable[[Any, Lookups], int]:
    def parse(raw, lookups):
        if isinstance(raw, bool):
            raise CellError(_("Please enter a whole number."))
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int):
            value = raw
        else:
            text_value = _as_text(raw)
            if not re.fullmatch(r"\d+", text_value):
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": text_value})
            value = int(text_value)
        if value < minimum:
            raise CellError(_("The number must be at least %(n)s.") % {"n": minimum})
        return value

    return parse


def yes_no(raw, lookups) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _normalise(_as_text(raw))
    if value in {"是", "yes", "y", "true", "1"}:
        return True
    if value in {"否", "no", "n", "false", "0"}:
        return False
    raise CellError(_("Please write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})


def choice(choices: type[models.TextChoices]) -> Callable[[Any, Lookups], str]:
    def parse(raw, lookups):
        return parse_choice(choices, _as_text(raw))

    return parse


def unit(raw, lookups) -> Unit:
    name = _as_text(raw)
    found = lookups.units.get(name)
    if found is None:
        raise CellError(_("Unknown unit “%(name)s”; use the name of a unit in the organisation list.") % {"name": name})
    return found


def category(raw, lookups):
    value = _as_text(raw).replace("／", "/")
    path = "/".join(part.strip() for part in value.split("/", 1))
    found = lookups.categories.get(path)
    if found is None:
        raise CellError(
            _("Unknown category “%(name)s”; use a name of the category list, “parent/child” for a sub-category.")
            % {"name": value}
        )
    return found


def _not_confidential(value: str) -> str:
    if CONFIDENTIAL in value or "保密" in value:
        raise CellError(_("The petitioner's identity is hidden in this ledger; an item without it cannot be imported."))
    return value


def names(raw, lookups) -> list[str]:
    value = _not_confidential(_as_text(raw))
    parts = [part.strip() for part in _PERSON_SPLIT.split(value)]
    limit = _max_length(Petitioner, "name")
    for index, part in enumerate(parts, start=1):
        if not part:
            raise CellError(_("Name %(n)s is empty; separate names with “、”.") % {"n": index})
        if len(part) > limit:
            raise CellError(_("Name %(n)s is longer than %(limit)s characters.") % {"n": index, "limit": limit})
    return parts


def id_numbers(raw, lookups) -> list[str]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise CellError(_("The ID number was stored as a number and has lost digits; format the column as text."))
    value = _not_confidential(_as_text(raw))
    parts = [part.strip() for part in _PERSON_SPLIT.split(value)]
    numbers = []
    for index, part in enumerate(parts, start=1):
        prefix = _("Petitioner %(n)s: ") % {"n": index} if len(parts) > 1 else ""
        if not part:
            numbers.append("")
        elif "*" in part:
            raise CellError(
                prefix + _("a masked ID number (with *) cannot be imported; enter the full number or leave it empty.")
            )
        else:
            try:
                numbers.append(validate_id_number(part, today=lookups.today))
            except ValidationError as exc:
                raise CellError(prefix + exc.messages[0]) from None
    return numbers


def phones(raw, lookups) -> list[str]:
    value = _not_confidential(_as_text(raw))
    parts = [part.strip() for part in _PERSON_SPLIT.split(value)]
    numbers = []
    for index, part in enumerate(parts, start=1):
        prefix = _("Petitioner %(n)s: ") % {"n": index} if len(parts) > 1 else ""
        if "*" in part:
            raise CellError(
                prefix
                + _("a masked phone number (with *) cannot be imported; enter the full number or leave it empty.")
            )
        try:
            numbers.append(normalise_phone(part))  # the registration's own rule (digits, dashes, an extension)
        except ValidationError as exc:
            raise CellError(prefix + exc.messages[0]) from None
    return numbers


def addresses(raw, lookups) -> str:
    """Kept whole here: it is split by ； only when the item has several petitioners (see imports)."""
    return _not_confidential(_as_text(raw))


def split_addresses(value: str, count: int) -> list[str]:
    if count <= 1:
        return [value]
    return [part.strip() for part in _ADDRESS_SPLIT.split(value)]


# --- The columns ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    heading: str  # fixed Chinese heading of the ledger format (not translated)
    get: Callable[[ExportRow], Any]  # export: the cell value (str, int, date or None)
    key: str | None = None  # import: where the parsed value goes; None: computed by the system, ignored on import
    parse: Callable[[Any, Lookups], Any] | None = None
    required: bool = False  # required in every row (others are required depending on the state)
    width: int = 12
    choices: type[models.TextChoices] | None = None  # for a choice column: whose ledger words it uses

    @property
    def imported(self) -> bool:
        return self.key is not None

    @property
    def words(self) -> list[str]:
        """The ledger words a choice column accepts (for the format description on the ledger page)."""
        if self.choices is not None:
            return list(LEDGER_WORDS[self.choices].values())
        if self.parse is yes_no:
            return [YES, NO]
        return []


def _choice_column(heading, attr, choices, *, required=False, width=10) -> Column:
    return Column(
        heading, lambda r: ledger_word(choices, getattr(r.petition, attr)), attr, choice(choices), required, width,
        choices,
    )


def _date_column(heading, attr, *, imported=True, required=False) -> Column:
    return Column(
        heading, lambda r: getattr(r.petition, attr), attr if imported else None,
        parse_date if imported else None, required, 11,
    )


def _text_column(heading, attr, *, required=False, width=20, max_length=True) -> Column:
    return Column(heading, lambda r: getattr(r.petition, attr) or None, attr, text(attr if max_length else None),
                  required, width)


def _unit_column(heading, attr, *, required=False) -> Column:
    return Column(heading, lambda r: r.unit_name(getattr(r.petition, f"{attr}_id")), attr, unit, required, 14)


def _yes_no(value: bool) -> str:
    return YES if value else NO


COLUMNS: list[Column] = [
    Column("登记编号", lambda r: r.petition.number, width=16),
    Column("查询码", lambda r: r.petition.display_query_code if r.query_code_visible else None, width=16),
    _date_column("收到日期", "received_on", required=True),
    _choice_column("来源渠道", "channel", Channel, required=True, width=9),
    _choice_column("接收层级", "received_level", ReceivedLevel, width=9),
    Column("人数", lambda r: r.petition.headcount, "headcount", integer(minimum=1), width=6),
    Column("是否集体访", lambda r: _yes_no(r.petition.is_collective), "is_collective", yes_no, width=8),
    Column("信访人", lambda r: r.persons("name"), "names", names, required=True, width=14),
    Column("身份证号", lambda r: r.persons("id_number", mask=r.mask_id), "id_numbers", id_numbers, width=21),
    Column("联系电话", lambda r: r.persons("phone", mask=r.mask_phone), "phones", phones, width=14),
    Column("住址", lambda r: r.persons("address", ADDRESS_SEPARATOR), "addresses", addresses, width=24),
    _text_column("标题/事由", "title", required=True, width=28),
    _text_column("内容", "content", required=True, width=40, max_length=False),
    _choice_column("内容性质", "content_type", ContentType, required=True),
    Column("内容分类", lambda r: r.category_path(r.petition.category_id), "category", category, True, 16),
    _unit_column("问题属地", "place", required=True),
    _unit_column("被反映单位", "accused_unit"),
    _text_column("被反映人", "accused_person", width=12),
    Column("是否重复信访", lambda r: _yes_no(r.petition.is_repeat), "is_repeat", yes_no, width=8),
    # Not in the brief's list, but the fast track shortens the time limits: without it the due dates could not
    # be reproduced on import.
    Column("是否简易办理", lambda r: _yes_no(r.petition.fast_track), "fast_track", yes_no, width=8),
    _choice_column("状态", "state", PetitionState, required=True, width=9),
    _date_column("决定期限", "decision_due_on", imported=False),
    _date_column("决定日期", "decided_on"),
    _choice_column("不予受理理由", "decline_reason", DeclineReason, width=16),
    _unit_column("转送单位", "forwarded_to"),
    _unit_column("责任单位", "responsible_unit"),
    _choice_column("期限类别", "deadline_class", DeadlineClass, width=8),
    _date_column("受理日期", "accepted_on"),
    _date_column("办理期限", "handling_due_on", imported=False),
    Column("延期天数", lambda r: r.petition.extension_days, "extension_days", integer(minimum=1), width=8),
    _text_column("延期理由", "extension_reason", max_length=False),
    _date_column("答复日期", "replied_on"),
    _choice_column("处理结果", "reply_outcome", ReplyOutcome, width=9),
    _text_column("答复内容", "reply_text", width=30, max_length=False),
    _choice_column("满意度", "satisfaction", Satisfaction, width=9),
    _date_column("复查申请日期", "review_requested_on"),
    _date_column("复查决定日期", "review_decided_on"),
    _text_column("复查意见", "review_opinion", width=24, max_length=False),
    _date_column("复核申请日期", "re_review_requested_on"),
    _date_column("复核决定日期", "re_review_decided_on"),
    _text_column("复核意见", "re_review_opinion", width=24, max_length=False),
    _date_column("当前期限", "due_on", imported=False),
    Column(
        "是否超期",
        lambda r: _yes_no(r.petition.due_status(r.today) == "overdue") if r.petition.is_open else None,
        width=8,
    ),
    Column("附件数", lambda r: r.attachments, width=7),
]

HEADINGS: list[str] = [column.heading for column in COLUMNS]
BY_HEADING: dict[str, Column] = {column.heading: column for column in COLUMNS}
BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS if column.key}


def heading_of(key: str) -> str:
    return BY_KEY[key].heading if key in BY_KEY else ""
