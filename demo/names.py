"""Synthetic people: Chinese names, valid resident ID numbers (GB 11643-1999) and mobile numbers.

Everything is drawn from a ``random.Random`` passed in, so that a seed gives the same people again.
None of these people exist: names are drawn from common characters, ID numbers carry real area codes
of the demo county's region with a correct check digit, mobile numbers use real carrier prefixes.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate

from petitions.identity import check_digit

# Area codes (the first six digits) of the demo county and its neighbours in 延安市, most residents local.
AREA_CODES = ("610626", "610626", "610626", "610626", "610626", "610624", "610603", "610602", "610625")
HOME_AREA_CODE = "610626"

# Common surnames with a rough weight (northern Shaanxi: 王, 李, 张, 刘, 高, 白, 马, 薛… are frequent).
_SURNAMES = [
    ("王", 90), ("李", 85), ("张", 80), ("刘", 75), ("高", 45), ("白", 35), ("马", 35), ("杨", 40), ("陈", 30),
    ("赵", 30), ("郭", 28), ("冯", 22), ("曹", 20), ("薛", 20), ("贺", 20), ("呼", 12), ("艾", 10), ("任", 15),
    ("孙", 18), ("周", 16), ("吴", 14), ("徐", 12), ("胡", 14), ("朱", 12), ("何", 10), ("罗", 10), ("宋", 12),
    ("韩", 14), ("梁", 12), ("郝", 12), ("常", 10), ("惠", 8), ("雷", 8), ("田", 10), ("崔", 8),
    ("乔", 8), ("井", 5), ("拓", 6), ("党", 5), ("霍", 6), ("折", 4), ("訾", 3), ("延", 3),
]
SURNAMES = [s for s, _w in _SURNAMES]
_SURNAME_CUM = list(accumulate(w for _s, w in _SURNAMES))

_MALE_CHARS = "伟强军刚勇斌磊涛明辉建国平东海波鹏飞龙华林峰志文忠福贵宝生成才旺喜庆荣占山虎德永利兴"
_FEMALE_CHARS = "芳丽娟霞燕敏艳玲红梅兰琴英秀萍莉娜静慧丹凤桂香花翠玉珍云彩莲春月瑞"

# Mobile prefixes of the three carriers.
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199",
)

_EARLIEST_BIRTH = dt.date(1942, 1, 1).toordinal()
_LATEST_BIRTH = dt.date(2004, 12, 31).toordinal()


_SURNAME_TOTAL = _SURNAME_CUM[-1]


def surname(rng: random.Random) -> str:
    return SURNAMES[bisect(_SURNAME_CUM, rng.random() * _SURNAME_TOTAL)]


def person_name(rng: random.Random, *, female: bool | None = None) -> str:
    """A two- or three-character name (about one in four has a single-character given name)."""
    draw = rng.random
    if female is None:
        female = draw() < 0.42
    pool = _FEMALE_CHARS if female else _MALE_CHARS
    size = len(pool)
    given = pool[int(draw() * size)]
    if draw() >= 0.25:
        given += pool[int(draw() * size)]
    return surname(rng) + given


def id_number(rng: random.Random, *, female: bool, area_code: str | None = None) -> str:
    """An 18-character resident ID: area code, birth date, a sequence whose last digit is odd for men, check digit."""
    draw = rng.random
    area = area_code or AREA_CODES[int(draw() * len(AREA_CODES))]
    birth = dt.date.fromordinal(_EARLIEST_BIRTH + int(draw() * (_LATEST_BIRTH - _EARLIEST_BIRTH + 1)))
    sequence = int(draw() * 500) * 2 + (0 if female else 1)
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def mobile(rng: random.Random) -> str:
    draw = rng.random
    return _MOBILE_PREFIXES[int(draw() * len(_MOBILE_PREFIXES))] + f"{int(draw() * 100_000_000):08d}"


class People:
    """Draws distinct people: no ID number is handed out twice (the ID is a person's identity)."""

    def __init__(self, rng: random.Random, taken_ids: set[str] | None = None):
        self.rng = rng
        self.taken = taken_ids if taken_ids is not None else set()

    def new(self) -> tuple[str, str, str]:
        """(name, ID number, mobile) of a person not drawn before."""
        rng = self.rng
        female = rng.random() < 0.42
        name = person_name(rng, female=female)
        while True:
            number = id_number(rng, female=female)
            if number not in self.taken:
                self.taken.add(number)
                return name, number, mobile(rng)
