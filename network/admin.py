"""Secretariat admin for the network's governance records, documents and projects on
public record. Attendance is answered by the CSCOs in the workspace (through
network.services); the admin shows it read-only."""

from django.contrib import admin

from .models import (
    ChairTerm,
    Document,
    GovernanceRole,
    MeetingAttendance,
    NetworkSizeStatement,
    RecordedProject,
    ShepherdTerm,
)


@admin.register(RecordedProject)
class RecordedProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "focus_area", "inferred_focus_area", "is_scap_confirmed")
    list_filter = ("is_scap_confirmed", "city__member_state", "focus_area")
    search_fields = ("title", "description", "city__name")
    autocomplete_fields = ("city", "agreements")
    list_select_related = ("city", "focus_area", "inferred_focus_area")


@admin.register(GovernanceRole)
class GovernanceRoleAdmin(admin.ModelAdmin):
    list_display = ("key", "confidence")


@admin.register(ChairTerm)
class ChairTermAdmin(admin.ModelAdmin):
    list_display = ("year", "member_state", "chair_body", "confidence")
    list_select_related = ("member_state",)


@admin.register(ShepherdTerm)
class ShepherdTermAdmin(admin.ModelAdmin):
    list_display = ("period", "member_state", "confidence")
    list_select_related = ("member_state",)


@admin.register(NetworkSizeStatement)
class NetworkSizeStatementAdmin(admin.ModelAdmin):
    list_display = ("as_of", "member_cities", "member_states", "confidence")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "publisher", "language", "confidence")
    list_filter = ("kind", "year", "language")
    search_fields = ("title", "publisher", "notes")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("meetings",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(admin.ModelAdmin):
    list_display = ("meeting", "city", "attendee", "delegate_name", "confirmed_at")
    list_filter = ("meeting",)
    list_select_related = ("meeting", "city")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
