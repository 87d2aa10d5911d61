"""Secretariat admin for national representatives and CSCOs (private data: admin only)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ChiefSmartCityOfficer, NationalRepresentative
from .services import representative_invite


class RepresentativeAdmin(SimpleHistoryAdmin):
    search_fields = ("full_name", "title", "organisation", "email")
    actions = ["invite"]
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")
    list_filter_base = ("is_name_public", "term_start_on")

    @admin.action(description=_("Invite to the portal (email a link to set a password)"))
    def invite(self, request, queryset):
        base_url = request.build_absolute_uri("/")
        for representative in queryset:
            try:
                representative_invite(
                    representative=representative, invited_by=request.user, base_url=base_url
                )
            except (PermissionDenied, ValidationError) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request, _("Invitation sent to %(email)s.") % {"email": representative.email}
                )

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
