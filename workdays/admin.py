from django.contrib import admin

from .models import CalendarOverride, DeadlinePolicy


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not DeadlinePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
