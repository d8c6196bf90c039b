"""Units (the organisation tree) and staff users with their roles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    BUREAU = "bureau", _("County petition bureau")
    COUNTY = "county", _("County Party committee and government")
    TOWNSHIP = "township", _("Township")
    SUBDISTRICT = "subdistrict", _("Sub-district")
    MANAGEMENT_OFFICE = "management_office", _("Management office")
    DEPARTMENT = "department", _("County department")
    DISCIPLINE = "discipline", _("Discipline inspection body")
    POLITICAL_LEGAL = "political_legal", _("Political-legal organ")
    COMMUNITY = "community", _("Village or community")
    CITY_BUREAU = "city_bureau", _("City petition bureau")
    PROVINCE_BUREAU = "province_bureau", _("Province petition bureau")
    NATIONAL_BUREAU = "national_bureau", _("National petition bureau")


# Townships and their equals: the level above villages and communities.
TOWNSHIP_KINDS = frozenset({UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.MANAGEMENT_OFFICE})
HIGHER_LEVEL_KINDS = {UnitKind.CITY_BUREAU, UnitKind.PROVINCE_BUREAU, UnitKind.NATIONAL_BUREAU}
# The bureau assigns; higher bodies send items down. Neither is ever the unit that handles an item.
NEVER_RESPONSIBLE_KINDS = {UnitKind.BUREAU, *HIGHER_LEVEL_KINDS}


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def responsible(self) -> "UnitQuerySet":
        """Units an item can be assigned to: active local units other than the bureau and higher bodies."""
        return self.filter(is_active=True).exclude(kind__in=NEVER_RESPONSIBLE_KINDS)

    def places(self) -> "UnitQuerySet":
        """Units that can be the place of a problem (townships, sub-districts, offices, villages)."""
        return self.filter(
            is_active=True,
            kind__in=[
                UnitKind.TOWNSHIP,
                UnitKind.SUBDISTRICT,
                UnitKind.MANAGEMENT_OFFICE,
                UnitKind.COMMUNITY,
            ],
        )

    def higher_bodies(self) -> "UnitQuerySet":
        return self.filter(kind__in=HIGHER_LEVEL_KINDS)


class Unit(models.Model):
    """A node of the organisation tree: the bureau, a township, a department, a higher body."""

    name = models.CharField(pgettext_lazy("unit or category", "name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path ("0001.0004.") so that a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        creating = self.pk is None
        super().save(*args, **kwargs)
        if creating or not self.path:
            prefix = self.parent.path if self.parent_id else ""
            self.path = f"{prefix}{self.pk:05d}."
            super().save(update_fields=["path"])

    @property
    def is_bureau(self) -> bool:
        return self.kind == UnitKind.BUREAU

    @property
    def can_be_responsible(self) -> bool:
        return self.kind not in NEVER_RESPONSIBLE_KINDS

    @property
    def is_higher_level(self) -> bool:
        return self.kind in HIGHER_LEVEL_KINDS


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("Registrar")
    SUPERVISOR = "supervisor", _("Supervisor")
    UNIT_HANDLER = "unit_handler", _("Unit handler")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")
    INFO_OFFICER = "info_officer", _("Information officer")  # 信访信息员 of a village or community: own reports only


BUREAU_ROLES = {Role.REGISTRAR, Role.SUPERVISOR, Role.ADMIN}


class StaffManager(UserManager):
    def with_role(self, role: str):
        """Active users holding ``role`` (roles are a JSON list; the quoted match works on SQLite and PostgreSQL)."""
        return self.filter(is_active=True, roles__icontains=f'"{role}"')


class User(AbstractUser):
    """A staff member. Belongs to one unit and holds one or more roles."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
    )
    position = models.CharField(_("position"), max_length=50, blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)

    objects = StaffManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_bureau_staff(self) -> bool:
        """Registrars, supervisors and admins of the petition bureau see every item."""
        return bool(
            self.is_active
            and self.unit_id
            and self.unit.kind == UnitKind.BUREAU
            and self.has_role(*BUREAU_ROLES)
        )

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]


class ReferenceRevision(models.Model):
    """One row: a token that database triggers change whenever reference data changes (``organisation/revision.py``)."""

    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("reference data revision")
        verbose_name_plural = _("reference data revisions")

    def __str__(self) -> str:
        return str(self.token)


class LoginScope(models.TextChoices):
    ACCOUNT = "account", _("account")  # wrong passwords typed for one user name
    ADDRESS = "address", _("client address")  # wrong passwords from one client address, whatever the user name


class LoginThrottle(models.Model):
    """Wrong passwords for one account or from one client address, and the temporary lock they led to.

    Kept in the database, so that a lock holds in every worker process (``organisation/actions.py``).
    """

    scope = models.CharField(_("counted by"), max_length=8, choices=LoginScope.choices)
    # The user name as typed (it need not exist), or the client address as the portal's throttle keys it.
    key = models.CharField(_("user name or address"), max_length=150)
    failures = models.PositiveIntegerField(_("wrong passwords"), default=0)  # since window_start, or since the last lock
    window_start = models.DateTimeField(_("counted since"))
    last_failure = models.DateTimeField(_("last wrong password"), db_index=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    # Locks in a row (forgotten after a quiet day): the next one lasts longer.
    lockouts = models.PositiveSmallIntegerField(_("locks in a row"), default=0)

    class Meta:
        verbose_name = _("login lock")
        verbose_name_plural = _("login locks")
        ordering = ["-last_failure"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="organisation_login_throttle_unique")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key}"
