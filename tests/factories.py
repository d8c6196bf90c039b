"""factory_boy factories and a helper that registers items through the real action."""

from __future__ import annotations

import datetime as dt

import factory

from organisation.models import Role, Unit, UnitKind, User
from petitions.actions import PetitionerData, RegistrationData, petition_register
from petitions.models import Category, Channel, ContentType


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.TOWNSHIP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    unit = factory.SubFactory(UnitFactory)
    roles = factory.LazyFunction(lambda: [Role.UNIT_HANDLER])
    password = factory.django.Password("pass12345")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name", "parent")

    name = "城乡建设"
    parent = None


# A valid ID number (checksum and birth date correct) for tests.
VALID_ID = "110101199003077571"


def registration(place: Unit, category: Category | None = None, **overrides) -> RegistrationData:
    values = dict(
        channel=Channel.LETTER,
        received_on=dt.date(2026, 3, 2),
        title="反映村道损毁问题",
        content="村民反映通村道路多处损毁，雨天无法通行，请求尽快修复。",
        content_type=ContentType.APPEAL_DEMAND,
        category=category or CategoryFactory(),
        place=place,
        petitioners=[PetitionerData(name="张三", id_number="", phone="13800001111")],
    )
    values.update(overrides)
    return RegistrationData(**values)


def register(actor, place: Unit, *, on: dt.date | None = None, **overrides):
    data = registration(place, **overrides)
    return petition_register(actor=actor, data=data, on=on or data.received_on)
