"""The forms' option lists kept per process (petitions/choices.py): fresh after a change, bounded staleness otherwise."""

import pytest

from organisation.models import Unit, UnitKind
from petitions import choices
from tests.factories import CategoryFactory, UnitFactory


@pytest.fixture
def cache_on(settings):
    settings.XINFANG = {**settings.XINFANG, "REFERENCE_CACHE_SECONDS": 60}
    choices.clear()
    yield
    choices.clear()


def test_a_unit_saved_in_this_process_is_offered_at_once(cache_on, township):
    assert (township.pk, "化子坪镇") in choices.places()
    new = UnitFactory(name="建华镇", kind=UnitKind.TOWNSHIP)
    assert (new.pk, "建华镇") in choices.places()


def test_a_change_made_elsewhere_is_seen_when_the_list_expires(cache_on, township, monkeypatch):
    assert (township.pk, "化子坪镇") in choices.places()
    Unit.objects.filter(pk=township.pk).update(is_active=False)  # as another process would: no signal here
    assert (township.pk, "化子坪镇") in choices.places()
    now = choices.time.monotonic()
    monkeypatch.setattr(choices.time, "monotonic", lambda: now + 61)
    assert (township.pk, "化子坪镇") not in choices.places()


def test_categories_are_grouped_under_their_top_category(db):
    top = CategoryFactory(name="劳动社保")
    child = CategoryFactory(name="拖欠工资", parent=top)
    inactive = CategoryFactory(name="旧类别", is_active=False)
    listed = choices.categories()
    assert listed.index((top.pk, "劳动社保")) + 1 == listed.index((child.pk, "　└ 拖欠工资"))
    assert all(pk != inactive.pk for pk, _name in listed)


def test_a_registration_still_checks_the_place_against_the_database(cache_on, registrar, township, client):
    """An offered but since-deactivated place is refused when the form is validated."""
    from petitions.forms import RegistrationForm

    choices.places()  # cached while active
    Unit.objects.filter(pk=township.pk).update(is_active=False)
    form = RegistrationForm({"place": township.pk}, user=registrar)
    assert (str(township.pk), "化子坪镇") in [(str(k), v) for k, v in form.fields["place"].widget.choices]
    assert not form.is_valid()
    assert "place" in form.errors
