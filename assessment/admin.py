from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AssessmentScheme


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(admin.ModelAdmin):
    """One scheme per year. A new scheme starts from the documented defaults (the fields' defaults); ``clean``
    refuses weights that do not add up to the total, with the figures. Every indicator is a handling rate; there is
    no field to score how many petitions were received (DESIGN.md §6)."""

    list_display = ["year", "total", "timely_acceptance_weight", "on_time_closure_weight", "reply_weight",
                    "satisfaction_weight", "repeat_resolved_weight", "dispute_resolution_weight",
                    "lapsed_skip_level_deducted", "updated_at",
                    "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["year", "total"]}),
        (_("Rates: full points at or above the target, proportional below"), {"fields": [
            ("timely_acceptance_weight", "timely_acceptance_target"),
            ("on_time_closure_weight", "on_time_closure_target"),
            ("reply_weight", "reply_target"),
            ("satisfaction_weight", "satisfaction_target"),
            ("repeat_resolved_weight", "repeat_resolved_target"),
            ("dispute_resolution_weight", "dispute_resolution_target"),
        ]}),
        (_("Deductions"), {"fields": [
            ("overdue_per_item", "overdue_cap"),
            "lapsed_skip_level_deducted",
            ("lapsed_skip_level_per_item", "lapsed_skip_level_cap"),
        ]}),
        (None, {"fields": ["updated_at", "updated_by"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
