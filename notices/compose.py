"""The words of each notice and alert: short enough for one or two SMS, always in Chinese (the petitioner's and
the county's language, whatever the staff member's page language), the petitioner's with the query code."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Topic


def _day(value) -> str:
    return date_format(value, "Y年n月j日") if value else ""


def _sign() -> str:
    from petitions.documents import bureau_name

    return f"【{bureau_name()}】"


def _follow(petition) -> str:
    url = settings.XINFANG.get("PUBLIC_URL", "")
    where = _("at %(url)s") % {"url": url} if url else _("on the bureau's public page")
    return _("Query code %(code)s; follow the item %(where)s.") % {"code": petition.display_query_code, "where": where}


def petitioner_notice(topic: str, petition, *, due=None) -> tuple[str, str]:
    """(subject, text) of the notice to the petitioner on ``topic``."""
    with translation.override("zh-hans"):
        if topic == Topic.ACCEPTED:
            what = _("was accepted on %(date)s and assigned to %(unit)s; it is due to be handled by %(due)s.") % {
                "date": _day(petition.accepted_on), "unit": petition.responsible_unit, "due": _day(petition.handling_due_on)}
        elif topic == Topic.DECLINED:
            what = _("was not accepted (%(date)s): %(reason)s.") % {
                "date": _day(petition.decided_on), "reason": petition.get_decline_reason_display()}
            if petition.decision_note:
                what = f"{what}{petition.decision_note}"
        elif topic == Topic.FORWARDED:
            what = _("was forwarded on %(date)s to %(unit)s, which handles it.") % {
                "date": _day(petition.decided_on), "unit": petition.forwarded_to}
        elif topic == Topic.EXTENDED:
            what = _("is extended by %(days)s days to %(due)s: %(reason)s.") % {
                "days": petition.extension_days, "due": _day(petition.handling_due_on),
                "reason": petition.extension_reason}
        elif topic == Topic.REPLIED:
            what = _("was answered on %(date)s with a written handling opinion. If you disagree you may ask for a review "
                     "by %(due)s.") % {"date": _day(petition.replied_on), "due": _day(petition.review_request_due_on)}
        elif topic == Topic.REVIEWED:
            what = _("was reviewed on %(date)s. If you disagree you may ask for a re-review by %(due)s.") % {
                "date": _day(petition.review_decided_on), "due": _day(petition.re_review_request_due_on)}
        elif topic == Topic.RE_REVIEWED:
            what = _("was re-reviewed on %(date)s; the re-review opinion ends the matter.") % {
                "date": _day(petition.re_review_decided_on)}
        elif topic == Topic.REVIEW_CLOSING:
            what = _("may be brought to review (or re-review) until %(due)s; after that day it can no longer be asked "
                     "for.") % {"due": _day(due)}
        else:
            raise ValueError(topic)
        subject = _("Your petition %(number)s: %(topic)s") % {"number": petition.number, "topic": Topic(topic).label}
        text = _("%(sign)sYour petition “%(title)s” %(what)s %(follow)s") % {
            "sign": _sign(), "title": petition.title, "what": what, "follow": _follow(petition)}
        return str(subject), str(text)


def staff_alert(topic: str, petition, *, due=None, note: str = "") -> tuple[str, str]:
    """(subject, text) of an alert to a handler or leader about ``petition``: never the query code."""
    with translation.override("zh-hans"):
        item = _("Item %(number)s “%(title)s”") % {"number": petition.number, "title": petition.title}
        if topic == Topic.ASSIGNED:
            what = _("was assigned to %(unit)s; handle it by %(due)s.") % {
                "unit": petition.responsible_unit, "due": _day(petition.handling_due_on)}
        elif topic == Topic.DUE_SOON:
            what = _("is due on %(due)s, in three working days.") % {"due": _day(due)}
        elif topic == Topic.OVERDUE:
            what = _("was due on %(due)s and is overdue.") % {"due": _day(due)}
        elif topic == Topic.SUPERVISION:
            what = _("has a supervision notice: %(note)s") % {"note": note}
        elif topic == Topic.INSTRUCTION_ASKED:
            what = _("awaits your instruction.")
        elif topic == Topic.INSTRUCTED:
            what = _("has the leader's instruction: %(note)s") % {"note": note}
        else:
            raise ValueError(topic)
        text = f"{_sign()}{item}{what}"
        return f"{item} — {Topic(topic).label}", text


def digest(parts: list, day) -> tuple[str, str]:
    with translation.override("zh-hans"):
        subject = _("Your alerts of %(date)s (%(n)s)") % {"date": _day(day), "n": len(parts)}
        sign = _sign()
        lines = [f"{n}. {part.body.removeprefix(sign)}" for n, part in enumerate(parts, 1)]
        return str(subject), "\n".join([f"{sign}{subject}", *lines])
