"""Admin: categories are edited here; petitions are only read (all changes go through the actions)."""

from django.contrib import admin

from .models import Category, Petition, PetitionEvent, SensitiveReveal


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "is_active"]
    list_filter = ["is_active", "parent"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: items keep their category


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ["id", "received_on", "channel", "title", "state", "responsible_unit", "due_on"]
    list_filter = ["state", "channel", "content_type"]
    show_full_result_count = False
    list_select_related = ["responsible_unit"]


@admin.register(PetitionEvent)
class PetitionEventAdmin(ReadOnlyAdmin):
    list_display = ["petition_id", "kind", "at", "actor_label"]
    list_filter = ["kind"]
    show_full_result_count = False


@admin.register(SensitiveReveal)
class SensitiveRevealAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "petitioner", "petition_id", "field"]
    list_filter = ["field"]
