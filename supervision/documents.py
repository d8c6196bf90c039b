"""The completion report (办结报告) on an item from a higher body, as .docx in official-document style.

Addressed to the higher body that assigned or forwarded the item; it states the item's facts (registration number,
query code, the higher body's reference, when it was received), how it was handled (the responsible unit, the
owning leader and the five assurances, supervision), and the outcome (the reply, its date, the petitioner's
evaluation). Laid out by ``petitions.documents`` (GB/T 9704); always in Chinese.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from petitions.documents import Block, Style, addressee, bureau_name, official_date, paragraphs, render_docx
from petitions.models import Petition, ReplyOutcome

from .models import Ownership, ReportBack

_OUTCOMES = {
    ReplyOutcome.SUPPORT: lambda: _("The petitioner's request was supported."),
    ReplyOutcome.EXPLAIN: lambda: _("The matter was explained to the petitioner."),
    ReplyOutcome.NOT_SUPPORT: lambda: _("The petitioner's request was not supported, with the reasons explained."),
}


class ReportUnavailable(Exception):
    """The item is not from a higher body, or not closed yet."""


def title(petition: Petition) -> str:
    return _("Report on the completion of the petition “%(subject)s”") % {"subject": petition.title}


def compose(petition: Petition, *, user, on: dt.date) -> list[Block]:
    from .rules import is_from_above

    if not is_from_above(petition) or not petition.replied_on:
        raise ReportUnavailable(petition.pk)
    ownership = Ownership.objects.filter(petition=petition).select_related("lead_unit").first()
    report = ReportBack.objects.filter(petition=petition).first()
    reference = petition.source_reference or "—"
    blocks = [
        Block(Style.TITLE, title(petition)),
        # No query code: it is the petitioner's credential (DESIGN.md §7), not the higher body's.
        Block(Style.REFERENCE, _("Registration number: %(number)s") % {"number": petition.number}),
        Block(Style.SALUTATION, _("%(body)s:") % {"body": petition.source_body or _("Higher petition body")}),
        Block(Style.BODY, _(
            "The petition of %(names)s concerning “%(subject)s” (your reference %(reference)s) was received by this "
            "bureau on %(received)s%(due)s. Its handling is now complete and is reported as follows."
        ) % {
            "names": addressee(petition, user), "subject": petition.title, "reference": reference,
            "received": official_date(petition.received_on),
            "due": _(", to be completed by %(date)s") % {"date": official_date(petition.source_due_on)}
            if petition.source_due_on else "",
        }),
        Block(Style.HEADING, _("I. The matter")),
        *paragraphs(Style.BODY, petition.content),
        Block(Style.HEADING, _("II. Handling")),
    ]
    handling = _("On %(accepted)s the bureau accepted the item and assigned it to %(unit)s.") % {
        "accepted": official_date(petition.accepted_on), "unit": petition.responsible_unit or bureau_name(),
    } if petition.accepted_on else ""
    if petition.owning_leader_id:
        handling += _(" It was owned by %(leader)s (%(position)s).") % {
            "leader": petition.owning_leader, "position": petition.owning_leader.position or _("leader")}
    if ownership is not None and ownership.completed_on:
        handling += _(" The five assurances were in place: lead unit %(unit)s, persons responsible %(handlers)s, "
                      "deadline %(deadline)s; risk-control measures: %(risk)s; funds: %(funds)s.") % {
            "unit": ownership.lead_unit, "handlers": ownership.handlers, "deadline": official_date(ownership.deadline),
            "risk": ownership.risk_measures, "funds": ownership.funds}
    notices = petition.supervision_notices.count()
    if notices:
        handling += _(" The bureau supervised it with %(n)s supervision notice(s).") % {"n": notices}
    if handling:
        blocks.append(Block(Style.BODY, handling.strip()))
    blocks.append(Block(Style.HEADING, _("III. Outcome")))
    outcome = _("A written handling opinion was given to the petitioner on %(date)s.") % {
        "date": official_date(petition.replied_on)}
    if petition.reply_outcome in _OUTCOMES:
        outcome += _OUTCOMES[petition.reply_outcome]()
    blocks.append(Block(Style.BODY, outcome))
    blocks += paragraphs(Style.BODY, petition.reply_text)
    if petition.satisfaction:
        blocks.append(Block(Style.BODY, _("The petitioner's evaluation: %(rating)s.") % {
            "rating": petition.get_satisfaction_display()}))
    blocks.append(Block(Style.BODY, _("We hereby report.")))
    issued_on = report.sent_on if report is not None else on
    blocks += [Block(Style.ISSUER, bureau_name()), Block(Style.DATE, official_date(issued_on))]
    return blocks


def build(petition: Petition, *, user, on: dt.date) -> bytes:
    with translation.override("zh-hans"):
        return render_docx(compose(petition, user=user, on=on), title=title(petition))


def filename(petition: Petition) -> str:
    with translation.override("zh-hans"):
        return f"{_('Completion report')}-{petition.number}.docx"
