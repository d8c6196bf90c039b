"""The statistical tables (.xlsx) in the layout bureaus report upward: one sheet by unit, one by category.

    write_tables(period, unit, file, as_of=today)

Three sheets: by unit, by category, and the dispute screening by township (矛盾纠纷排查化解情况统计表).

Every number comes from the stats module: the rows by unit from ``units.by_unit`` (the same definitions applied
to each township and department), the 合计 row from ``compute`` for the whole scope, the rows by category from
its breakdowns, the screening rows from ``stats.screening.compute`` for each township's subtree and for the whole
scope (every dispute, as the tables count every item). Rates are the stats module's percents to one decimal (half-up on the exact fraction), written as
numbers with a ``%`` format; a rate that cannot be computed is written 无法计算, never 0. The workbook is small
(one row per unit or category), so it is built with openpyxl's normal mode: merged two-level headings, borders
and number formats. Every value is written by ``ledgers.cells`` (unit and category names are text, never formulas).

The tables are Chinese whatever the interface language (rendered under ``translation.override("zh-hans")``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import formats, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ledgers import cells
from organisation.models import TOWNSHIP_KINDS, Unit, UnitKind

from . import screening
from .figures import Figures, Handling, Scope, Volume, compute
from .periods import Period
from .units import by_unit
from .values import Change, Ratio

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_COMPUTABLE = "无法计算"
PERCENT_FORMAT = '0.0"%"'
CHANGE_FORMAT = '+0.0"%";-0.0"%";0.0"%"'

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


@dataclass(frozen=True)
class Column:
    """A data column: its heading under a group heading (``group`` None: one heading over both rows)."""

    group: str | None
    heading: str
    value: object  # a function of (volume, handling, row-or-figures) → int, Ratio or Change; of a ScreeningRow
    width: float = 8


def _v(get):
    return lambda volume, handling, yoy: get(volume)


def _h(get):
    return lambda volume, handling, yoy: get(handling)


UNIT_COLUMNS = (
    Column(None, "来信\n（件）", _v(lambda v: v.letters)),
    Column("来访", "批次", _v(lambda v: v.visits.batches)),
    Column("来访", "人次", _v(lambda v: v.visits.persons)),
    Column("其中集体访", "批次", _v(lambda v: v.collective_visits.batches)),
    Column("其中集体访", "人次", _v(lambda v: v.collective_visits.persons)),
    Column(None, "来信来访总量\n（件（人）次）", _v(lambda v: v.own_total), 12),
    Column("越级访合计", "批次", _v(lambda v: v.skip_level.total.batches)),
    Column("越级访合计", "人次", _v(lambda v: v.skip_level.total.persons)),
    Column("到市", "批次", _v(lambda v: v.skip_level.city.batches)),
    Column("到市", "人次", _v(lambda v: v.skip_level.city.persons)),
    Column("到省", "批次", _v(lambda v: v.skip_level.province.batches)),
    Column("到省", "人次", _v(lambda v: v.skip_level.province.persons)),
    Column("进京", "批次", _v(lambda v: v.skip_level.capital.batches)),
    Column("进京", "人次", _v(lambda v: v.skip_level.capital.persons)),
    Column(None, "来电\n（次）", _v(lambda v: v.phone)),
    Column(None, "网上信访\n（件）", _v(lambda v: v.online)),
    Column(None, "信访总量（全口径）\n（件（人）次）", _v(lambda v: v.all_channel_total), 13),
    Column(None, "信访总量\n同比（%）", lambda v, h, yoy: yoy("all_channel_total"), 11),
    Column(None, "受理\n（件）", _h(lambda h: h.filed)),
    Column(None, "办结\n（件）", _h(lambda h: h.closed)),
    Column(None, "到期应办结\n（件）", _h(lambda h: h.due), 10),
    Column(None, "超期未办结\n（件）", _h(lambda h: h.overdue), 10),
    Column(None, "结案率\n（%）", _h(lambda h: h.closure_rate)),
    Column(None, "按期办结率\n（%）", _h(lambda h: h.on_time_rate), 10),
    Column(None, "满意率\n（%）", _h(lambda h: h.evaluations.satisfaction)),
)

CATEGORY_HEADINGS = ("件数\n（件）", "件（人）次", "占比\n（%）", "去年同期\n（件）", "同比\n（%）")


def scope_name(unit: Unit | None) -> str:
    """The name in the title: the county (from the bureau's name: XX县信访局 → XX县) or the unit."""
    if unit is not None and unit.kind not in (UnitKind.BUREAU, UnitKind.COUNTY):
        return unit.name
    bureau = Unit.objects.filter(kind=UnitKind.BUREAU).order_by("path").first()
    name = bureau.name.removesuffix("信访局") if bureau else ""
    return name if name and name != "县" else "全县"


def title(period: Period, unit: Unit | None) -> str:
    return f"{scope_name(unit)}{period.label}信访情况统计表"


def filename(period: Period, unit: Unit | None) -> str:
    return f"{title(period, unit)}.xlsx"


def _cell(ws, row: int, column: int, value, *, bold=False, fill=None, align=CENTRED, number_format=None):
    cell = ws.cell(row=row, column=column)
    if isinstance(value, (Ratio, Change)):
        percent = value.percent(1)
        if percent is None:
            value = NOT_COMPUTABLE
        else:
            number_format = CHANGE_FORMAT if isinstance(value, Change) else PERCENT_FORMAT
            value = float(percent)
    if value is not None:  # None: a cell under a merged heading, styled for its border only
        cells.set_value(cell, value)
    cell.border = BORDER
    cell.alignment = align
    if bold:
        cell.font = Font(bold=True)
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    return cell


def _heading(ws, width: int, text: str, dateline: str) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title_cell = cells.put(ws, 1, 1, text)
    title_cell.font = Font(name="方正小标宋简体", size=16, bold=True)
    title_cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    cells.put(ws, 2, 1, dateline).alignment = Alignment(horizontal="left", vertical="center")


def _dateline(figures: Figures, maker: str, today: dt.date) -> str:
    counted = figures.counted
    span = f"{formats.date_format(counted.start, 'DATE_FORMAT')}至{formats.date_format(counted.end, 'DATE_FORMAT')}"
    state = "" if figures.complete else "（统计期未结束，数据截至统计日）"
    return (f"填报单位：{maker}　　统计范围：{figures.scope.label}　　统计时段：{span}{state}"
            f"　　制表日期：{formats.date_format(today, 'DATE_FORMAT')}")


def _two_level_headings(ws, columns) -> None:
    """Rows 3 and 4: 单位 over both, then each column's heading under its group heading (merged)."""
    width = 1 + len(columns)
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    _cell(ws, 3, 1, "单位", bold=True, fill=HEAD_FILL)
    _cell(ws, 4, 1, None, fill=HEAD_FILL)
    ws.column_dimensions["A"].width = 20
    col = 2
    while col <= width:
        column = columns[col - 2]
        ws.column_dimensions[get_column_letter(col)].width = column.width
        if column.group is None:
            ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
            _cell(ws, 3, col, column.heading, bold=True, fill=HEAD_FILL)
            _cell(ws, 4, col, None, fill=HEAD_FILL)
            col += 1
            continue
        span = sum(1 for c in columns[col - 2:] if c.group == column.group)
        ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + span - 1)
        for offset in range(span):
            _cell(ws, 3, col + offset, column.group if offset == 0 else None, bold=True, fill=HEAD_FILL)
            _cell(ws, 4, col + offset, columns[col - 2 + offset].heading, bold=True, fill=HEAD_FILL)
        col += span
    ws.row_dimensions[3].height = 22
    ws.row_dimensions[4].height = 44


def _unit_sheet(ws, table, maker: str, today: dt.date, heading: str) -> None:
    _heading(ws, 1 + len(UNIT_COLUMNS), heading, _dateline(table.total, maker, today))
    _two_level_headings(ws, UNIT_COLUMNS)
    row = 5
    for line in table.rows:
        _unit_row(ws, row, str(line.label), line.volume, line.handling, line.year_on_year)
        row += 1
    total = table.total
    _unit_row(ws, row, "合计", total.volume, total.handling, total.year_on_year.change, bold=True)
    ws.freeze_panes = "B5"
    _notes(ws, row + 2, total)


def _unit_row(ws, row: int, label: str, volume: Volume, handling: Handling, yoy, *, bold=False) -> None:
    fill = TOTAL_FILL if bold else None
    _cell(ws, row, 1, label, bold=bold, fill=fill, align=Alignment(horizontal="left", vertical="center"))
    for index, column in enumerate(UNIT_COLUMNS, start=2):
        _cell(ws, row, index, column.value(volume, handling, yoy), bold=bold, fill=fill)


def _notes(ws, row: int, figures: Figures) -> None:
    lines = [
        "说明：1. 来信来访总量=来信件数+来访人次；信访总量（全口径）=来信来访总量+越级访人次+来电+网上信访。",
        "2. 来信来访按问题属地统计，受理、办结及各项比率按责任单位统计；信访局当场答复的事项计入“信访局（当场答复）”行。",
        "3. 按期办结率=按期办结件数÷本期到期应办结件数（超期未办结计为未按期）；满意率=（满意+基本满意）÷参评件数；比率保留一位小数。",
    ]
    yoy = figures.year_on_year
    if yoy is not None and not yoy.available:
        lines.append(f"4. 同比：{yoy.reason}。")
    for offset, text in enumerate(lines):
        cells.put(ws, row + offset, 1, text).font = Font(size=9)


def _category_sheet(ws, figures: Figures, base: Figures | None, maker: str, today: dt.date, heading: str) -> None:
    width = 1 + len(CATEGORY_HEADINGS)
    _heading(ws, width, heading.replace("统计表", "分类统计表"), _dateline(figures, maker, today))
    ws.column_dimensions["A"].width = 26
    _cell(ws, 3, 1, "类别", bold=True, fill=HEAD_FILL)
    for index, text in enumerate(CATEGORY_HEADINGS, start=2):
        ws.column_dimensions[get_column_letter(index)].width = 12
        _cell(ws, 3, index, text, bold=True, fill=HEAD_FILL)
    ws.row_dimensions[3].height = 34
    no_data = figures.year_on_year.reason if figures.year_on_year else None
    base_items = {}
    if base is not None:
        base_items = {r.key: r.items for r in (*base.breakdowns.category, *base.breakdowns.subcategory)}
    total_items = figures.volume.items
    subs: dict[str, list] = {}
    for r in figures.breakdowns.subcategory:
        if r.parent is not None:
            subs.setdefault(r.parent, []).append(r)
    row = 4
    left = Alignment(horizontal="left", vertical="center")
    for top in figures.breakdowns.category:
        for line, label, bold in [(top, str(top.label), True),
                                  *[(s, f"　其中：{s.label}", False) for s in subs.get(str(top.label), [])]]:
            _cell(ws, row, 1, label, bold=bold, align=left)
            change = Change(line.items, base_items.get(line.key, 0) if base is not None else None, no_data=no_data)
            values = (line.items, line.persons, line.share(total_items),
                      change.base if change.base is not None else "—", change)
            for index, value in enumerate(values, start=2):
                _cell(ws, row, index, value, bold=bold)
            row += 1
    change = Change(total_items, base.volume.items if base is not None else None, no_data=no_data)
    totals = ("合计", total_items, figures.volume.all_channel_total,
              Ratio(total_items, total_items), change.base if change.base is not None else "—", change)
    for index, value in enumerate(totals, start=1):
        _cell(ws, row, index, value, bold=True, fill=TOTAL_FILL, align=left if index == 1 else CENTRED)
    ws.freeze_panes = "B4"
    cells.put(ws, row + 2, 1, (
        "说明：按事项内容类别统计本期收到的全部信访事项（各渠道、各层级）；件（人）次中来访按人次计；"
        "子类别行为其所属类别的其中数。"
    )).font = Font(size=9)


# ------------------------------------------------------------------------------------------------------------
# Dispute screening by township (矛盾纠纷排查化解情况统计表).


SCREENING_COLUMNS = (
    Column("矛盾纠纷（起）", "排查出", lambda f: f.found),
    Column("矛盾纠纷（起）", "化解", lambda f: f.resolved),
    Column("矛盾纠纷（起）", "正在化解", lambda f: f.under_way),
    Column("矛盾纠纷（起）", "本级无法化解\n已上报", lambda f: f.escalated, 12),
    Column(None, "化解率\n（%）", lambda f: f.resolution),
    Column("排查（单位次）", "已报送", lambda f: f.units_reported),
    Column("排查（单位次）", "未报送", lambda f: f.units_to_report - f.units_reported),
    Column("信息员报送（条）", "收到", lambda f: f.reports),
    Column("信息员报送（条）", "转为矛盾纠纷", lambda f: f.reports_accepted, 12),
    Column("信息员报送（条）", "逾期甄别", lambda f: f.reports_overdue),
)

_COUNTS = ("found", "resolved", "under_way", "escalated", "units_to_report", "units_reported", "reports",
           "reports_accepted", "reports_overdue")


@dataclass(frozen=True)
class ScreeningRow:
    """One row of the screening sheet: the counts of ``SCREENING_COLUMNS`` (and 化解率 from them)."""

    label: str
    found: int = 0
    resolved: int = 0
    under_way: int = 0
    escalated: int = 0
    units_to_report: int = 0
    units_reported: int = 0
    reports: int = 0
    reports_accepted: int = 0
    reports_overdue: int = 0

    @classmethod
    def of(cls, label: str, f) -> ScreeningRow:
        return cls(label, **{name: getattr(f, name) for name in _COUNTS})

    @property
    def resolution(self) -> Ratio:
        return Ratio(self.resolved, self.found, empty=screening.NO_DISPUTE_FOUND)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in _COUNTS)


@dataclass(frozen=True)
class ScreeningTable:
    total: ScreeningRow
    rows: tuple[ScreeningRow, ...]


def screening_by_township(period: Period, unit: Unit | None, *, as_of: dt.date | None = None) -> ScreeningTable:
    """The screening figures of every active township (sub-district, management office) in ``unit``'s scope, each
    for its subtree, and 合计 for the whole scope — every dispute, by ``stats.screening.compute`` (the one
    definition). What belongs to no township (a dispute a county department must resolve, a department's campaign
    report) is the row 县直部门及其他, so that the rows add up to 合计. One ``compute`` per township (a few queries
    each): the county has a few dozen townships at most."""
    scope = Scope.of(unit)
    townships = Unit.objects.filter(is_active=True, kind__in=TOWNSHIP_KINDS).order_by("path")
    if not scope.whole_county:
        townships = townships.filter(pk__in=scope.subtree_ids)
    rows = [ScreeningRow.of(t.name, screening.compute(period, t, as_of=as_of)) for t in townships]
    total = ScreeningRow.of("合计", screening.compute(period, unit, as_of=as_of))
    rest = ScreeningRow("县直部门及其他", **{name: getattr(total, name) - sum(getattr(r, name) for r in rows)
                                        for name in _COUNTS})
    if not rest.is_empty:
        rows.append(rest)
    return ScreeningTable(total, tuple(rows))


def _screening_sheet(ws, table: ScreeningTable, figures: Figures, maker: str, today: dt.date, heading: str) -> None:
    _heading(ws, 1 + len(SCREENING_COLUMNS), heading.replace("信访情况统计表", "矛盾纠纷排查化解情况统计表"),
             _dateline(figures, maker, today))
    _two_level_headings(ws, SCREENING_COLUMNS)
    left = Alignment(horizontal="left", vertical="center")
    row = 5
    for line in (*table.rows, table.total):
        bold = line is table.total
        fill = TOTAL_FILL if bold else None
        _cell(ws, row, 1, line.label, bold=bold, fill=fill, align=left)
        for index, column in enumerate(SCREENING_COLUMNS, start=2):
            _cell(ws, row, index, column.value(line), bold=bold, fill=fill)
        row += 1
    ws.freeze_panes = "B5"
    lines = [
        "说明：1. 矛盾纠纷按化解责任单位统计：排查出为本期排查发现的矛盾纠纷，化解、正在化解、本级无法化解已上报为其截至"
        "统计日的状态，排查出=化解+正在化解+已上报；化解率=化解÷排查出，保留一位小数。",
        "2. 排查按单位次统计本期开始的排查任务中各单位已报送、未报送的情况；信息员报送按所属乡镇统计本期报送的信息，"
        "逾期甄别含超过甄别时限仍未甄别的和超过时限后才甄别的。",
    ]
    for offset, text in enumerate(lines):
        cells.put(ws, row + 1 + offset, 1, text).font = Font(size=9)


def write_tables(period: Period, unit: Unit | None, file_obj, *, as_of: dt.date | None = None,
                 maker: str = "") -> None:
    """Write the tables by unit and by category of ``period`` for ``unit``'s scope (None: the county)."""
    with translation.override("zh-hans"):
        table = by_unit(period, unit, as_of=as_of)
        figures = table.total
        yoy = figures.year_on_year
        base = compute(yoy.period, unit, as_of=figures.as_of, compare=False) if yoy.available else None
        heading = title(period, unit)
        today = figures.as_of
        bureau = Unit.objects.filter(kind=UnitKind.BUREAU).order_by("path").first()
        maker = maker or (bureau.name if bureau else "信访局")
        workbook = Workbook()
        _unit_sheet(workbook.active, table, maker, today, heading)
        workbook.active.title = "按单位"
        _category_sheet(workbook.create_sheet("按类别"), figures, base, maker, today, heading)
        _screening_sheet(workbook.create_sheet("矛盾纠纷排查化解"), screening_by_township(period, unit, as_of=as_of),
                         figures, maker, today, heading)
        for ws in workbook.worksheets:
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        workbook.save(file_obj)

