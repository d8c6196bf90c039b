"""The year-end summary's section on case ownership and supervision (包案和督查督办), for ``reports.summary``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from stats import supervision as supervision_stats
from stats import wording


def supervision_section(ctx):
    """包案、督办、上级交办事项的报结、领导批示和督查通报, with the figures of ``stats.supervision``."""
    from reports.summary import Section, paragraphs

    figures = ctx.figures
    sup = supervision_stats.compute(figures.period, figures.scope.unit, as_of=figures.as_of)
    o, n, a, b = sup.ownership, sup.notices, sup.from_above, sup.bulletins
    lines = [
        _("(1) Case ownership"),
        _("%(required)s major, repeat and assigned-from-above items needed an owning leader; for %(owned)s of them "
          "the five assurances (owning leader, lead unit and handlers, deadline, risk-control measures, funds) were "
          "in place (%(owned_rate)s). %(due)s owned cases fell due: %(on_time)s resolved on time, %(late)s late, "
          "%(overdue)s overdue; on-time rate %(rate)s.") % {
            "required": o.required, "owned": o.owned, "owned_rate": wording.percent(o.owned_rate), "due": o.due,
            "on_time": o.on_time, "late": o.late, "overdue": o.overdue, "rate": wording.percent(o.on_time_rate)},
        _("(2) Supervision"),
        _("%(issued)s supervision notices were issued and %(completed)s completed; of the %(due)s due, %(on_time)s "
          "were completed on time (%(rate)s) and %(overdue)s are overdue. Leaders wrote %(instructions)s "
          "instructions on items.") % {
            "issued": n.issued, "completed": n.completed, "due": n.due, "on_time": n.on_time,
            "rate": wording.percent(n.on_time_rate), "overdue": n.overdue, "instructions": sup.instructions},
        _("(3) Items from higher bodies"),
        _("%(received)s items were assigned or forwarded by the city and the province; %(closed)s were closed. "
          "Completion reports were sent back on time for %(on_time)s, late for %(late)s; %(not_yet)s not yet "
          "(on-time report rate %(rate)s).") % {
            "received": a.received, "closed": a.closed, "on_time": a.reported_on_time, "late": a.reported_late,
            "not_yet": a.not_reported, "rate": wording.percent(a.on_time_report_rate)},
    ]
    if b.issued or b.praised or b.criticised:
        lines.append(_("(4) Bulletins"))
        lines.append(_("%(issued)s supervision bulletins were issued, commending units %(praised)s times and "
                       "criticising units %(criticised)s times.") % {
            "issued": b.issued, "praised": b.praised, "criticised": b.criticised})
    return Section("supervision", _("Case ownership and supervision"), paragraphs(*lines))
