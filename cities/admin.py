"""Secretariat admin for member states, cities and the framework."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.pagination import CachedCountPaginator

from .models import City, FocusArea, MemberState, StrategicOutcome


def map_link(latitude, longitude):
    """A link that opens the point on OpenStreetMap, to check coordinates at a glance."""
    if latitude is None or longitude is None:
        return "—"
    return format_html(
        '<a href="https://www.openstreetmap.org/?mlat={0}&amp;mlon={1}#map=11/{0}/{1}" '
        'target="_blank" rel="noopener noreferrer">{0}, {1} ↗</a>',
        latitude,
        longitude,
    )


class CityInline(admin.TabularInline):
    model = City
    fields = ("name", "slug", "joined_year", "cohort", "is_active")
    show_change_link = True
    extra = 0
    can_delete = False


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "official_short_name",
        "iso_alpha2",
        "iso_alpha3",
        "capital",
        "asean_accession_on",
    )
    search_fields = ("name", "official_short_name", "official_name", "iso_alpha2", "iso_alpha3")
    list_filter = ("asean_accession_on",)
    readonly_fields = ("centroid_map",)
    inlines = [CityInline]

    @admin.display(description=_("map centre"))
    def centroid_map(self, obj):
        return map_link(obj.centroid_latitude, obj.centroid_longitude)


@admin.register(City)
class CityAdmin(SimpleHistoryAdmin):
    paginator = CachedCountPaginator  # the count asked once per data version
    list_display = (
        "name",
        "member_state",
        "joined_year",
        "cohort",
        "is_national_capital",
        "is_active",
        "location",
    )
    list_filter = ("member_state", "cohort", "joined_year", "is_active", "is_national_capital")
    search_fields = ("name", "ascn_listed_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("member_state",)
    list_select_related = ("member_state",)
    readonly_fields = ("location", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "ascn_listed_name", "slug", "member_state", "description")}),
        (_("Location"), {"fields": ("latitude", "longitude", "location", "administrative_role")}),
        (
            _("Population"),
            {"fields": ("population", "population_year", "population_scope")},
        ),
        (
            _("Membership"),
            {"fields": ("joined_year", "cohort", "is_national_capital", "is_active")},
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("location"))
    def location(self, obj):
        return map_link(obj.latitude, obj.longitude)


@admin.register(StrategicOutcome, FocusArea)
class FrameworkItemAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "position")
    list_editable = ("position",)
    search_fields = ("name", "key", "description")
    prepopulated_fields = {"key": ("name",)}
