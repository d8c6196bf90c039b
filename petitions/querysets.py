"""Reads: the single access rule and the worklist selections, as queryset methods."""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import Q

from organisation.models import Role

from .states import OPEN_STATES

# A registration number as staff see it (``Petition.number``): XF2026-0000012.
NUMBER = re.compile(r"^XF(\d{4})-(\d{1,9})$")

DUE_SOON_DAYS = 3


class PetitionQuerySet(models.QuerySet):
    def by_number(self, text: str):
        """The item with the registration number ``text`` (XF2026-0000012) in this queryset, or None."""
        match = NUMBER.match(str(text).strip().upper())
        if not match:
            return None
        return self.filter(pk=int(match[2]), received_on__year=int(match[1])).first()

    def visible_to(self, user) -> PetitionQuerySet:
        """The one access rule (DESIGN.md §7): every list, detail page, download and export goes through it.

        - bureau staff (registrar, supervisor, admin of the petition bureau) see every item;
        - a unit handler sees the items assigned to his or her unit;
        - a leader sees the items he or she owns or was asked to instruct on;
        - and nobody outside the bureau ever sees an accusation against his or her unit or against himself or herself
          by name (``access.accusing_condition``, the same rule that assignment, instruction requests, owning leaders,
          meetings and supervision apply with ``access.accuses``).
        """
        from .access import accusing_condition

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_bureau_staff:
            return self
        condition = Q(pk__in=[])
        if user.has_role(Role.UNIT_HANDLER) and user.unit_id:
            condition |= Q(responsible_unit_id=user.unit_id)
        if user.has_role(Role.LEADER):
            from .models import Instruction

            # The items owned (the partial index on the owning leader) or asked about, whose ids are read first: a
            # leader is asked to instruct on few items, and with a list of ids the planner can join two index scans
            # (BitmapOr). An IN (subquery) inside the OR would be a filter tried on every item a list walks: for a
            # leader with few items, "all items" walked the whole table (3.8 s at a million items).
            asked = Instruction.objects.filter(leader_id=user.pk).order_by().values_list("petition_id", flat=True)
            condition |= Q(owning_leader_id=user.pk) | Q(pk__in=list(asked.distinct()))
        return self.filter(condition & ~accusing_condition(user))

    def identity_visible_to(self, user) -> PetitionQuerySet:
        """The items whose petitioners' identity ``user`` may see (``access.can_see_identity`` as a filter): a
        search or filter by a person's name, ID number or phone reads only these, so that an accuser cannot be
        found by his or her data by a user who may not see who the accuser is."""
        from .access import sees_every_identity
        from .models import ContentType

        return self if sees_every_identity(user) else self.exclude(content_type=ContentType.ACCUSATION)

    def open(self) -> PetitionQuerySet:
        """Items still owed an answer. Every open item has a current due date, which the partial worklist
        indexes rely on."""
        return self.filter(state__in=OPEN_STATES, due_on__isnull=False)

    def overdue(self, on: dt.date) -> PetitionQuerySet:
        """Open items whose current step is past its due date (derived from dates, not a stored flag)."""
        return self.open().filter(due_on__lt=on)

    def due_soon(self, on: dt.date, days: int = DUE_SOON_DAYS) -> PetitionQuerySet:
        return self.open().filter(due_on__gte=on, due_on__lte=on + dt.timedelta(days=days))

    def of_unit(self, unit) -> PetitionQuerySet:
        return self.filter(responsible_unit=unit)

    def for_list(self) -> PetitionQuerySet:
        return self.select_related("category", "place", "responsible_unit")

    def with_petitioner(self, petitioner_ids, *, seen_by) -> PetitionQuerySet:
        """Items of which one of ``petitioner_ids`` is a party, among those whose petitioners ``seen_by`` may see
        (``identity_visible_to``): finding an item by a person is reading who its petitioners are.

        Read from that person's parties, which are few (an EXISTS per item made SQLite test each of a large unit's
        120,000 items for a phone number: 340 ms)."""
        from .models import PetitionParty

        return self.identity_visible_to(seen_by).filter(
            pk__in=PetitionParty.objects.filter(petitioner_id__in=petitioner_ids).values("petition_id")
        )


class PetitionerQuerySet(models.QuerySet):
    def same_person(self, *, id_number: str = "", name: str = "", phone: str = "") -> PetitionerQuerySet:
        """The same person: by ID number when given; otherwise by name and phone together."""
        if id_number:
            return self.filter(id_number=id_number.upper())
        if name and phone:
            return self.filter(name=name, phone=phone)
        return self.none()

    def known_by(self, *, phone: str = "", name: str = "") -> PetitionerQuerySet:
        """The persons whose record has, or had before a later registration changed it (``PetitionerVersion``), this
        phone number or this name: a search finds a person by what an earlier item recorded too."""
        from .models import PetitionerVersion

        field, value = ("phone", phone) if phone else ("name", name)
        if not value:
            return self.none()
        # A union of two index look-ups, not "name = x OR pk IN (…)": the OR can use no index, and PostgreSQL then
        # walked every item to find none (2.7 s for a content search's name probe at 1,000,000 items).
        ids = (self.model.objects.filter(**{field: value}).order_by().values("pk")
               .union(PetitionerVersion.objects.filter(**{field: value}).order_by().values("petitioner_id")))
        return self.filter(pk__in=ids)
