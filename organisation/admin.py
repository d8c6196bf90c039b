from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import actions
from .forms import AdminLoginForm
from .models import LoginScope, LoginThrottle, Unit, User

# The administration site's login page is throttled like the staff login page.
admin.site.login_form = AdminLoginForm


def _report_unlocked(modeladmin, request, count: int) -> None:
    modeladmin.message_user(
        request,
        ngettext("%(count)d login lock was lifted.", "%(count)d login locks were lifted.", count) % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "full_name", "unit", "position", "roles", "is_active"]
    list_filter = ["unit__kind", "is_active"]
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("full_name", "unit", "position", "roles")}))
    actions = ["unlock_login"]

    @admin.action(description=_("Unlock the login of the selected users"), permissions=["change"])
    def unlock_login(self, request, queryset):
        usernames = list(queryset.values_list("username", flat=True))
        throttles = LoginThrottle.objects.filter(scope=LoginScope.ACCOUNT, key__in=usernames)
        _report_unlocked(self, request, actions.login_unlock(actor=request.user, throttles=throttles))


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Wrong passwords and locks, newest first; an administrator lifts a lock with the action "unlock"."""

    list_display = ["scope", "key", "is_locked", "locked_until", "lockouts", "failures", "last_failure"]
    list_filter = ["scope"]
    search_fields = ["key"]
    actions = ["unlock"]

    def has_add_permission(self, request):
        return False  # rows are written by failed logins only

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("locked now"))
    def is_locked(self, obj: LoginThrottle) -> bool:
        return obj.locked_until is not None and obj.locked_until > timezone.now()

    @admin.action(description=_("Unlock the selected accounts and addresses"), permissions=["delete"])
    def unlock(self, request, queryset):
        _report_unlocked(self, request, actions.login_unlock(actor=request.user, throttles=queryset))

    # Deleting a row is unlocking it: through the action, so that it is logged like one.
    def delete_model(self, request, obj):
        actions.login_unlock(actor=request.user, throttles=LoginThrottle.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        actions.login_unlock(actor=request.user, throttles=queryset)
