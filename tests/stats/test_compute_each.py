"""compute_each: many units' figures from one set of passes, equal to compute() for each unit."""

import pytest

from stats.figures import compute, compute_each
from stats.periods import Period

from .conftest import AS_OF


@pytest.mark.parametrize("period", ["2026", "2026-Q1", "2026-03", "2025", "2025-12-20..2026-02-10"])
def test_each_unit_has_the_figures_compute_gives_it(county_data, county, township, village, other_township,
                                                    department, period):
    period = Period.parse(period)
    units = [county, township, village, other_township, department]
    each = compute_each(period, units, as_of=AS_OF)
    assert set(each) == {u.pk for u in units}
    for unit in units:
        alone = compute(period, unit, as_of=AS_OF, compare=False)
        figures = each[unit.pk]
        assert (figures.volume, figures.decisions, figures.handling) == (alone.volume, alone.decisions, alone.handling)
        assert figures.rates == alone.rates
        assert figures.breakdowns is None and figures.year_on_year is None


def test_the_passes_do_not_grow_with_the_number_of_units(county_data, county, township, village, other_township,
                                                        department, django_assert_max_num_queries):
    period = Period.parse("2026")
    # Five passes, the period's screened disputes, and one query for every unit's subtree: not a dozen per unit.
    with django_assert_max_num_queries(5 + 1 + 1):
        compute_each(period, [county, township, village, other_township, department], as_of=AS_OF)
