from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Unit, User


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
