"""The year-end summary holds the section on case ownership and supervision, with its figures."""

import datetime as dt

import pytest

from reports.summary import generate
from stats.periods import Period
from supervision import actions

from .conftest import five, reply

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_summary_has_the_ownership_and_supervision_section(supervisor, handler, major, leader, township):
    actions.ownership_set(actor=supervisor, petition=major, **five(leader, township), on=D(2026, 3, 4))
    n = actions.notice_issue(actor=supervisor, petition=major, due_on=D(2026, 3, 20), requirement="一",
                             on=D(2026, 3, 10))
    actions.notice_complete(actor=supervisor, notice=n, result="已办结", on=D(2026, 3, 19))
    reply(handler, major, D(2026, 4, 1))
    report = generate(Period.year(2026), None, as_of=D(2027, 1, 10))
    section = next(s for s in report.sections if s.key == "supervision")
    assert section.heading.endswith("包案和督查督办工作")
    lines = section.text.splitlines()
    assert lines[0] == "（一）领导包案"
    assert "1件重大、重复和上级交办信访事项需落实领导包案" in lines[1]
    assert "按期化解1件" in lines[1] and "按期化解率100%" in lines[1]
    assert "下发督办通知1件" in lines[3] and "按期办结1件（100%）" in lines[3]
