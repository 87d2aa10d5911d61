"""Secretariat admin for partners, agreements and meetings."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Meeting, Partner, PartnershipAgreement, Programme


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_external", "country_code", "confidence")
    list_filter = ("kind", "is_external", "country_code")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "signed_on_label", "amount", "currency")
    list_filter = ("kind", "currency", "signed_on", "cities__member_state")
    search_fields = ("title", "description", "parties__name", "cities__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("parties", "cities", "projects")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "signed_on"

    @admin.display(
        description=PartnershipAgreement._meta.get_field("signed_on").verbose_name,
        ordering="signed_on",
    )
    def signed_on_label(self, obj):
        return obj.signed_on_label


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sequence", "year", "start_on", "host_country", "format")
    list_filter = ("kind", "format", "year", "host_country", "confidence")
    search_fields = ("name", "host_city", "venue", "outcomes")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = (
        "host_country",
        "chair_country",
        "agreements_signed",
        "related_agreements",
    )
    list_select_related = ("host_country",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "started_on", "confidence")
    search_fields = ("title", "description")
    autocomplete_fields = ("agreements", "cities")
    readonly_fields = ("created_at", "updated_at")
