"""The scheme's weights must add up to the total: refused with the figures, in Chinese, by the model, the admin and
the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessment.models import AssessmentScheme
from organisation.models import Role, UnitKind

from ..factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_weights_that_do_not_add_up_are_refused_with_the_figures():
    scheme = AssessmentScheme(year=2026, satisfaction_weight=Decimal("15"))  # 95 of 100
    with pytest.raises(ValidationError) as refused:
        scheme.full_clean()
    assert refused.value.messages == ["各项指标分值之和为95分，与总分100分不符，请调整各项分值，使其之和等于总分。"]


def test_weights_that_add_up_to_another_total_are_accepted():
    scheme = AssessmentScheme(year=2026, total=Decimal("95"), satisfaction_weight=Decimal("15"))
    scheme.full_clean()
    scheme.save()


def test_the_database_refuses_weights_that_do_not_add_up():
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentScheme.objects.create(year=2026, reply_weight=Decimal("20"))


def test_one_scheme_per_year():
    AssessmentScheme.objects.create(year=2026)
    with pytest.raises(ValidationError) as refused:
        AssessmentScheme(year=2026).full_clean()
    assert "year" in refused.value.message_dict


@pytest.fixture
def admin_user(db):
    bureau = UnitFactory(name="县信访局", kind=UnitKind.BUREAU)
    return UserFactory(username="admin", unit=bureau, roles=[Role.ADMIN], is_staff=True, is_superuser=True)


def _form(**changes):
    data = {f.name: f.default for f in AssessmentScheme._meta.fields
            if f.name not in ("id", "updated_at", "updated_by")}
    data.update(year=2027, **changes)
    return {k: str(v) for k, v in data.items()}


def test_the_admin_shows_the_chinese_message_and_stores_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:assessment_assessmentscheme_add"), _form(reply_weight="20"))
    assert response.status_code == 200
    assert "各项指标分值之和为105分，与总分100分不符" in response.content.decode()
    assert not AssessmentScheme.objects.exists()


def test_the_admin_stores_a_scheme_from_the_defaults_and_records_who(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:assessment_assessmentscheme_add"), _form())
    assert response.status_code == 302
    scheme = AssessmentScheme.objects.get(year=2027)
    assert scheme.updated_by == admin_user and scheme.weights_sum == Decimal(100)
