"""Ratios and changes: half-up rounding on the exact fraction, and figures that cannot be computed."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from stats.values import Change, Ratio, percent_half_up


@pytest.mark.parametrize(
    ("numerator", "denominator", "places", "expected"),
    [
        (1, 8, 0, "13"),  # 12.5% → 13% (half-up; round() would give 12)
        (1, 8, 1, "12.5"),
        (1, 200, 0, "1"),  # the 0.5% edge
        (1, 201, 0, "0"),  # 0.497…%
        (1, 2000, 1, "0.1"),  # 0.05% → 0.1
        (-1, 8, 0, "-13"),  # a fall of 12.5% → 13% (away from zero)
        (5, 8, 0, "63"),  # 62.5%
        (2, 3, 1, "66.7"),
        (1, 3, 0, "33"),
        (0, 7, 1, "0.0"),
        (7, 7, 1, "100.0"),
        (3, 2, 0, "150"),
    ],
)
def test_percent_is_rounded_half_up(numerator, denominator, places, expected):
    assert percent_half_up(numerator, denominator, places) == Decimal(expected)
    assert str(percent_half_up(numerator, denominator, places)) == expected


@given(st.integers(-10**9, 10**9), st.integers(1, 10**9), st.integers(0, 3))
def test_percent_equals_half_up_of_the_exact_fraction(numerator, denominator, places):
    exact = Fraction(numerator * 100, denominator)
    with localcontext(prec=60):
        # Ten more digits than any quotient here needs, so that the exact value's side of the half is kept.
        expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert percent_half_up(numerator, denominator, places) == expected


def test_a_zero_denominator_is_not_computable_and_says_why():
    ratio = Ratio(0, 0, empty="本期无到期事项")
    assert not ratio.computable
    assert ratio.percent() is None and ratio.fraction is None
    assert ratio.reason == "本期无到期事项"


def test_a_true_zero_is_zero_percent():
    assert Ratio(0, 5).percent(1) == Decimal("0.0") and Ratio(0, 5).reason is None


def test_a_figure_without_a_register_is_not_available():
    ratio = Ratio.not_available("no register")
    assert (ratio.percent(), ratio.numerator, ratio.denominator, ratio.reason) == (None, None, None, "no register")


def test_change_against_a_base():
    down = Change(7, 8)
    assert (down.difference, down.direction, down.percent(1), down.percent(0)) == (-1, "down", Decimal("-12.5"),
                                                                                   Decimal("-13"))
    assert Change(9, 8).direction == "up" and Change(8, 8).direction == "flat"
    assert Change(8, 8).percent(1) == Decimal("0.0")


def test_a_change_from_zero_or_without_data_is_not_computable():
    from_zero = Change(5, 0)
    assert (from_zero.percent(), from_zero.direction, from_zero.difference) == (None, "up", 5)
    with translation.override("zh-hans"):
        assert from_zero.reason == "基期数值为零"
    no_data = Change(5, None, no_data="去年同期无数据")
    assert (no_data.percent(), no_data.direction, no_data.difference, no_data.reason) == (None, None, None, "去年同期无数据")
