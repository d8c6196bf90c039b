from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AssessmentScheme


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(admin.ModelAdmin):
    """One scheme per year. A new scheme starts from the documented defaults (the fields' defaults); ``clean``
    refuses weights that do not add up to the total, with the figures."""

    list_display = ["year", "total", "timely_acceptance_weight", "on_time_closure_weight", "reply_weight",
                    "satisfaction_weight", "repeat_weight", "skip_level_weight", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["year", "total"]}),
        (_("Rates: full points at or above the target, proportional below"), {"fields": [
            ("timely_acceptance_weight", "timely_acceptance_target"),
            ("on_time_closure_weight", "on_time_closure_target"),
            ("reply_weight", "reply_target"),
            ("satisfaction_weight", "satisfaction_target"),
        ]}),
        (_("Fewer is better: points off per item or person, not below 0"), {"fields": [
            ("repeat_weight", "repeat_per_item"),
            ("skip_level_weight", "skip_level_per_person"),
        ]}),
        (_("Deductions"), {"fields": [("overdue_per_item", "overdue_cap"), ("escalated_per_batch", "escalated_cap")]}),
        (None, {"fields": ["updated_at", "updated_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
