"""The minutes of a joint meeting (联席会议纪要) as .docx in official-document style, laid out by
``petitions.documents`` (GB/T 9704). The text of an official document: always in Chinese, written here in Chinese.
The agenda shows the cases the user may see (``Petition.objects.visible_to``) and how many others there are."""

from __future__ import annotations

from django.utils import translation

from petitions.documents import Block, Style, bureau_name, official_date, render_docx

from .models import JointMeeting
from .selectors import agenda_for

NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else f"十{NUMERALS[n - 11]}" if n < 20 else str(n)


def compose(meeting: JointMeeting, *, user) -> list[Block]:
    attendees = "、".join(str(a) for a in meeting.attendees.select_related("unit"))
    blocks = [
        Block(Style.TITLE, f"{meeting.title}纪要"),
        Block(Style.BODY, f"{official_date(meeting.held_on)}，{meeting.chair}在{meeting.place}主持召开"
                          f"{meeting.title}。参加会议的有：{attendees}。"),
    ]
    if meeting.summary:
        blocks += [Block(Style.BODY, line.strip()) for line in meeting.summary.splitlines() if line.strip()]
    agenda = agenda_for(meeting, user)
    section = 0
    if agenda.visible or agenda.hidden:
        section += 1
        blocks.append(Block(Style.HEADING, f"{_numeral(section)}、研究的重大信访案件"))
        for index, p in enumerate(agenda.visible, start=1):
            unit = p.responsible_unit.name if p.responsible_unit_id else "尚未交办"
            blocks.append(Block(Style.BODY, f"{index}. {p.number}“{p.title}”（责任单位：{unit}）。"))
        if agenda.hidden:
            blocks.append(Block(Style.BODY, f"另有{agenda.hidden}件信访事项，您无权查看，未列出。"))
    tasks = list(meeting.tasks.select_related("owner_unit", "owner_user", "petition").order_by("pk"))
    if tasks:
        section += 1
        blocks.append(Block(Style.HEADING, f"{_numeral(section)}、议定事项"))
        blocks.append(Block(Style.BODY, "会议议定如下："))
        for index, task in enumerate(tasks, start=1):
            blocks.append(Block(Style.SUBHEADING, f"（{_numeral(index)}）{task.text}"))
            blocks.append(Block(Style.BODY, f"责任单位（人）：{task.owner_label}；完成时限：{official_date(task.due_on)}。"))
    blocks.append(Block(Style.BODY, "各责任单位要按照会议议定事项抓好落实，在完成时限内将办理结果报县信访局。"))
    blocks += [Block(Style.ISSUER, bureau_name()), Block(Style.DATE, official_date(meeting.held_on))]
    return blocks


def build(meeting: JointMeeting, *, user) -> bytes:
    with translation.override("zh-hans"):
        blocks = compose(meeting, user=user)
        return render_docx(blocks, title=blocks[0].text)


def filename(meeting: JointMeeting) -> str:
    return f"{meeting.title}纪要-{meeting.held_on:%Y%m%d}.docx"
