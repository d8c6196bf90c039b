"""The forms' option lists and the units and categories behind them (petitions/choices.py); how they are kept per
process is tested in tests/organisation/test_revision.py."""

import pytest

from organisation import revision
from organisation.models import Unit
from petitions import choices
from petitions.forms import RegistrationForm
from tests.factories import CategoryFactory


def test_categories_are_grouped_under_their_top_category(db):
    top = CategoryFactory(name="劳动社保")
    child = CategoryFactory(name="拖欠工资", parent=top)
    inactive = CategoryFactory(name="旧类别", is_active=False)
    listed = choices.categories()
    assert listed.index((top.pk, "劳动社保")) + 1 == listed.index((child.pk, "　└ 拖欠工资"))
    assert all(pk != inactive.pk for pk, _name in listed)


@pytest.mark.django_db(transaction=True)
def test_a_registration_checks_its_choices_against_the_data_of_its_request(registrar, township, bureau):
    """Offered while active, deactivated since (by another process: no signal): refused."""
    revision.forget()
    category = CategoryFactory(name="劳动社保")
    assert (township.pk, "化子坪镇") in choices.places()
    Unit.objects.filter(pk=township.pk).update(is_active=False)
    form = RegistrationForm({"place": township.pk, "category": category.pk, "source_body": bureau.pk}, user=registrar)
    assert not form.is_valid()
    assert "place" in form.errors
    assert "source_body" in form.errors  # the bureau is not a higher body
    assert "category" not in form.errors
    assert form.cleaned_data["category"] == category


def test_a_chosen_unit_cleans_to_the_instance_and_a_bad_id_is_refused(registrar, township):
    form = RegistrationForm({"place": str(township.pk), "accused_unit": "abc"}, user=registrar)
    form.is_valid()
    assert form.cleaned_data["place"] == township
    assert "accused_unit" in form.errors
