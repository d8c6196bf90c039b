"""The minutes of a joint meeting (联席会议纪要) as .docx in official-document style, laid out by
``petitions.documents`` (GB/T 9704). Always in Chinese; the agenda shows the cases the user may see."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from petitions.documents import Block, Style, _bureau_name, official_date, render_docx

from .models import JointMeeting
from .selectors import agenda_for

NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else f"十{NUMERALS[n - 11]}" if n < 20 else str(n)


def compose(meeting: JointMeeting, *, user) -> list[Block]:
    attendees = "、".join(str(a) for a in meeting.attendees.select_related("unit"))
    blocks = [
        Block(Style.TITLE, _("Minutes of the %(title)s") % {"title": meeting.title}),
        Block(Style.BODY, _("On %(date)s the %(title)s was held at %(place)s, chaired by %(chair)s. Attending: "
                            "%(attendees)s.") % {
            "date": official_date(meeting.held_on), "title": meeting.title, "place": meeting.place,
            "chair": meeting.chair, "attendees": attendees,
        }),
    ]
    if meeting.summary:
        blocks += [Block(Style.BODY, line.strip()) for line in meeting.summary.splitlines() if line.strip()]
    agenda = agenda_for(meeting, user)
    section = 0
    if agenda.visible or agenda.hidden:
        section += 1
        blocks.append(Block(Style.HEADING, f"{_numeral(section)}、" + _("Major cases studied")))
        for index, p in enumerate(agenda.visible, start=1):
            unit = p.responsible_unit.name if p.responsible_unit_id else _("not yet assigned")
            blocks.append(Block(Style.BODY, _("%(n)s. %(number)s “%(title)s” (responsible unit: %(unit)s).")
                                % {"n": index, "number": p.number, "title": p.title, "unit": unit}))
        if agenda.hidden:
            blocks.append(Block(Style.BODY, _("and %(n)s further case(s) not shown to you.") % {"n": agenda.hidden}))
    tasks = list(meeting.tasks.select_related("owner_unit", "owner_user", "petition").order_by("pk"))
    if tasks:
        section += 1
        blocks.append(Block(Style.HEADING, f"{_numeral(section)}、" + _("Decisions")))
        blocks.append(Block(Style.BODY, _("The meeting decided as follows:")))
        for index, task in enumerate(tasks, start=1):
            blocks.append(Block(Style.SUBHEADING, f"（{_numeral(index)}）{task.text}"))
            blocks.append(Block(Style.BODY, _("Responsible: %(owner)s; to be done by %(due)s.")
                                % {"owner": task.owner_label, "due": official_date(task.due_on)}))
    blocks.append(Block(Style.BODY, _("The units concerned shall carry out the decisions and report the results to "
                                      "the county petition bureau by the due dates.")))
    blocks += [Block(Style.ISSUER, _bureau_name()), Block(Style.DATE, official_date(meeting.held_on))]
    return blocks


def build(meeting: JointMeeting, *, user) -> bytes:
    with translation.override("zh-hans"):
        blocks = compose(meeting, user=user)
        return render_docx(blocks, title=blocks[0].text)


def filename(meeting: JointMeeting) -> str:
    return f"{meeting.title}纪要-{meeting.held_on:%Y%m%d}.docx"
