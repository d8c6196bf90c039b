import datetime as dt

import pytest

from duty import actions
from duty.models import Shift


@pytest.fixture
def roster(supervisor):
    """国庆: 1 to 3 October 2026, the 1st with a day and a night shift, the 2nd with a day shift."""
    roster = actions.duty_roster_create(actor=supervisor, name="2026年国庆节期间", starts_on=dt.date(2026, 10, 1),
                                        ends_on=dt.date(2026, 10, 3), requirements="值班人员须坚守岗位。\n保持通讯畅通。")
    for day, shift, staff, phone in [
        (dt.date(2026, 10, 1), Shift.DAY, "刘晓燕、张志华", "0911-6212345"),
        (dt.date(2026, 10, 1), Shift.NIGHT, "王建国", "13909110001"),
        (dt.date(2026, 10, 2), Shift.DAY, "李红梅", "0911-6212345"),
    ]:
        actions.duty_shift_set(actor=supervisor, roster=roster, on_date=day, shift=shift, staff=staff,
                               place="县信访局接访大厅", phone=phone, leader="张宏伟（县信访局局长）")
    return roster
