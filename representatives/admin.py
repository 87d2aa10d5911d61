"""Secretariat admin for national representatives and CSCOs (private data: admin only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ChiefSmartCityOfficer, NationalRepresentative


class RepresentativeAdmin(admin.ModelAdmin):
    search_fields = ("full_name", "title", "organisation", "email")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")
    list_filter_base = ("is_name_public", "term_start_on")

    @admin.display(description=_("current"), boolean=True, ordering="term_end_on")
    def current(self, obj):
        return obj.is_current


@admin.register(NationalRepresentative)
class NationalRepresentativeAdmin(RepresentativeAdmin):
    list_display = ("full_name", "title", "member_state", "current", "is_name_public")
    list_filter = ("member_state", *RepresentativeAdmin.list_filter_base)
    autocomplete_fields = ("member_state", "user")
    list_select_related = ("member_state",)


@admin.register(ChiefSmartCityOfficer)
class ChiefSmartCityOfficerAdmin(RepresentativeAdmin):
    list_display = ("full_name", "title", "city", "current", "is_name_public")
    list_filter = ("city__member_state", *RepresentativeAdmin.list_filter_base)
    search_fields = (*RepresentativeAdmin.search_fields, "city__name")
    autocomplete_fields = ("city", "user")
    list_select_related = ("city",)
