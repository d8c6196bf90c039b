"""Who sees and does what in dispute screening — decided here and nowhere else (DESIGN.md §7).

Every list, detail page, download, export, statistic and search of the register goes through the conditions below
(the querysets' ``visible_to``).

- **Bureau staff** (registrars, supervisors, administrators of the petition bureau) see everything.
- **A unit's handlers** see the disputes of their unit's subtree — found by it, to be resolved by it, or in a place
  within it (a township sees its villages' disputes) — the reports of the information officers under it, and the
  incidents in its subtree or for which it was mobilised.
- **A leader** sees the disputes he or she owns (包案), and the incidents of his or her unit's subtree.
- **An information officer** sees only his or her own reports and what became of them (``report_outcome``),
  never a dispute's parties.
- Campaigns (their names, periods and which units reported) are open to all staff except information officers.

Writes: the bureau desk (registrars and supervisors) sets up campaigns, names owning leaders and links petition
items; a unit reports its own screening and registers and resolves its disputes; the township (or the bureau)
screens its officers' reports. Full ID and phone numbers of a dispute's parties are shown to the bureau desk and to
the handlers of the responsible unit, who must reach the parties to mediate; each reveal is logged.
"""

from __future__ import annotations

from django.db.models import Q

from organisation.models import Role, UnitKind
from petitions.access import user_of, works_the_bureau_desk

NOTHING = Q(pk__in=[])
# Units that screen in a campaign: townships, sub-districts, management offices and county departments.
SCREENING_UNIT_KINDS = (UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.MANAGEMENT_OFFICE, UnitKind.DEPARTMENT,
                        UnitKind.POLITICAL_LEGAL)


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _staff(user) -> bool:
    """Active staff other than information officers (who see their own reports only)."""
    return _active(user) and not is_info_officer(user)


def is_info_officer(user) -> bool:
    user = user_of(user)
    return _active(user) and user.has_role(Role.INFO_OFFICER) and not user.is_bureau_staff and not user.has_role(
        Role.UNIT_HANDLER, Role.LEADER)


def _handler_unit(user):
    """The unit whose subtree a unit handler works for, or None."""
    if user.has_role(Role.UNIT_HANDLER) and user.unit_id and not user.unit.is_higher_level:
        return user.unit
    return None


# --- What a user sees --------------------------------------------------------------------------------------------


def dispute_condition(user, prefix: str = "") -> Q:
    """The disputes (through ``prefix``, e.g. "dispute__") that ``user`` sees."""
    user = user_of(user)
    if not _staff(user):
        return NOTHING
    if user.is_bureau_staff:
        return Q()
    condition = NOTHING
    unit = _handler_unit(user)
    if unit is not None:
        condition |= (Q(**{f"{prefix}responsible_unit__path__startswith": unit.path})
                      | Q(**{f"{prefix}found_by_unit__path__startswith": unit.path})
                      | Q(**{f"{prefix}place__path__startswith": unit.path}))
    if user.has_role(Role.LEADER):
        condition |= Q(**{f"{prefix}owning_leader_id": user.pk})
    return condition


def report_condition(user) -> Q:
    """The information officers' reports ``user`` sees: an officer his or her own; a township those under it."""
    user = user_of(user)
    if not _active(user):
        return NOTHING
    if user.is_bureau_staff:
        return Q()
    condition = NOTHING
    if user.has_role(Role.INFO_OFFICER):
        condition |= Q(officer_id=user.pk)
    unit = _handler_unit(user)
    if unit is not None:
        condition |= Q(township__path__startswith=unit.path) | Q(community__path__startswith=unit.path)
    return condition


def incident_condition(user) -> Q:
    """Emergency linkages: the bureau all; a unit's staff those in its subtree or for which it was mobilised."""
    user = user_of(user)
    if not _staff(user):
        return NOTHING
    if user.is_bureau_staff:
        return Q()
    if not user.unit_id or user.unit.is_higher_level or not user.has_role(Role.UNIT_HANDLER, Role.LEADER):
        return NOTHING
    path = user.unit.path
    return Q(place__path__startswith=path) | Q(units_mobilised__path__startswith=path) | Q(
        started_by__unit__path__startswith=path)


def campaign_condition(user) -> Q:
    return Q() if _staff(user) and (user_of(user).is_bureau_staff or user_of(user).unit_id) else NOTHING


def sees_screening(user) -> bool:
    """Whether the screening pages are open to ``user`` (the menu entry): staff of the bureau or of a unit."""
    user = user_of(user)
    return _staff(user) and (user.is_bureau_staff or user.has_role(Role.UNIT_HANDLER, Role.LEADER))


# --- What a user may do -----------------------------------------------------------------------------------------


def may_keep_campaigns(user) -> bool:
    return works_the_bureau_desk(user)


def may_report_for(user, unit) -> bool:
    """Report a unit's screening in a campaign: its own handlers, or the bureau desk on its behalf."""
    user = user_of(user)
    if works_the_bureau_desk(user):
        return True
    return _staff(user) and user.has_role(Role.UNIT_HANDLER) and user.unit_id == getattr(unit, "pk", unit)


def may_register_disputes(user) -> bool:
    user = user_of(user)
    return works_the_bureau_desk(user) or (_staff(user) and _handler_unit(user) is not None)


def may_register_for(user, *, found_by, responsible) -> bool:
    """A unit registers the disputes it found, to be resolved by itself or a unit under it; the bureau any."""
    user = user_of(user)
    if works_the_bureau_desk(user):
        return True
    unit = _handler_unit(user) if _staff(user) else None
    return bool(unit is not None and found_by.pk == unit.pk and responsible.path.startswith(unit.path))


def may_resolve(user, dispute) -> bool:
    """Record attempts, escalate, reopen: the bureau desk and the handlers of the responsible unit (or above it)."""
    user = user_of(user)
    if works_the_bureau_desk(user):
        return True
    unit = _handler_unit(user) if _staff(user) else None
    return bool(unit is not None and dispute.responsible_unit.path.startswith(unit.path))


def may_own(user) -> bool:
    """Name an owning leader and record the five assurances: the bureau desk, as for petition items."""
    return works_the_bureau_desk(user)


def may_link_petitions(user) -> bool:
    """Link a petition item to a dispute, or register a dispute as an item: the bureau's registrars."""
    user = user_of(user)
    return works_the_bureau_desk(user) and user.has_role(Role.REGISTRAR)


def may_reveal_parties(user, dispute) -> bool:
    """Full ID and phone numbers of the parties: the bureau desk and the responsible unit's handlers; logged."""
    user = user_of(user)
    if works_the_bureau_desk(user):
        return True
    return bool(_staff(user) and _handler_unit(user) is not None and user.unit_id == dispute.responsible_unit_id)


def may_submit_reports(user) -> bool:
    """An information officer bound to a village or community."""
    user = user_of(user)
    return bool(_active(user) and user.has_role(Role.INFO_OFFICER) and user.unit_id
                and user.unit.kind == UnitKind.COMMUNITY)


def may_screen(user, report) -> bool:
    """Screen an officer's report: the township's handlers, or the bureau desk."""
    user = user_of(user)
    if works_the_bureau_desk(user):
        return True
    unit = _handler_unit(user) if _staff(user) else None
    return bool(unit is not None and report.township.path.startswith(unit.path))


def may_start_linkage(user) -> bool:
    user = user_of(user)
    return works_the_bureau_desk(user) or (_staff(user) and _handler_unit(user) is not None)


def may_work_incident(user, incident) -> bool:
    """Record actions and stand the linkage down: the bureau desk, whoever started it, and the place's units."""
    user = user_of(user)
    if works_the_bureau_desk(user):
        return True
    unit = _handler_unit(user) if _staff(user) else None
    if unit is None:
        return False
    return incident.started_by_id == user.pk or incident.place.path.startswith(unit.path) or any(
        u.path.startswith(unit.path) for u in incident.units_mobilised.all())
