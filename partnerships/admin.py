"""Secretariat admin for partners, agreements and meetings."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Interest,
    InterestEvent,
    Meeting,
    Organisation,
    OrganisationMember,
    Partner,
    PartnershipAgreement,
    Programme,
    SavedSearch,
)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_external", "country_code", "confidence")
    list_filter = ("kind", "is_external", "country_code")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class PartnershipAgreementAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        try:
            services.agreement_projects_check(cleaned.get("projects"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(SimpleHistoryAdmin):
    form = PartnershipAgreementAdminForm
    list_display = ("title", "kind", "signed_on_label", "amount", "currency")
    list_filter = ("kind", "currency", "signed_on", "cities__member_state")
    search_fields = ("title", "description", "parties__name", "cities__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("parties", "cities", "projects")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "signed_on"

    # Writes go through partnerships.services, as in the API: the form validates the
    # shape, the service the rules (only published projects), history records who.
    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.AGREEMENT_FIELDS
            if name in form.cleaned_data
        }
        saved = services.partnership_agreement_save(
            user=request.user,
            agreement=obj if change else None,
            parties=form.cleaned_data.get("parties"),
            cities=form.cleaned_data.get("cities"),
            projects=form.cleaned_data.get("projects"),
            **fields,
        )
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """The service already set the parties, cities and projects."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.partnership_agreement_delete(user=request.user, agreement=obj)

    def delete_queryset(self, request, queryset):
        for agreement in queryset:
            services.partnership_agreement_delete(user=request.user, agreement=agreement)

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


# ------------------------------------------------------------------------------
# The marketplace
# ------------------------------------------------------------------------------
class OrganisationMemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The secretariat verifies organisations here (the "Verify" action)."""

    list_display = ("name", "kind", "country_code", "email_confirmed_at", "verified_at")
    list_filter = ("kind", "country_code", ("verified_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "slug", "contact_name", "contact_email")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("email_confirmed_at", "verified_at", "verified_by", "created_at")
    autocomplete_fields = ("partner",)
    inlines = [OrganisationMemberInline]
    actions = ["verify"]

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        done = 0
        for organisation in queryset:
            try:
                services.organisation_verify(user=request.user, organisation=organisation)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{organisation}: {text}", level=messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(n)d organisation(s) verified.") % {"n": done})

    def save_formset(self, request, form, formset, change):
        """New members go through the service (one organisation per person)."""
        if formset.model is not OrganisationMember:
            return super().save_formset(request, form, formset, change)
        for obj in formset.deleted_objects:
            obj.delete()
        for member_form in formset.forms:
            if member_form in formset.deleted_forms or not member_form.has_changed():
                continue
            if member_form.instance.pk is None and member_form.cleaned_data.get("user"):
                services.organisation_member_add(
                    user=request.user,
                    organisation=form.instance,
                    member=member_form.cleaned_data["user"],
                )


class InterestEventInline(admin.TabularInline):
    model = InterestEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    """Read-only here: interests move through the workspace and the API."""

    list_display = ("project", "organisation", "status", "created_at", "city_answered_at")
    list_filter = ("status",)
    search_fields = ("project__title", "organisation__name")
    list_select_related = ("project", "organisation")
    inlines = [InterestEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("email", "query", "frequency", "confirmed_at", "unsubscribed_at")
    list_filter = ("frequency",)
    search_fields = ("email",)
    readonly_fields = ("uuid", "created_at", "last_sent_at")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "started_on", "confidence")
    search_fields = ("title", "description")
    autocomplete_fields = ("agreements", "cities")
    readonly_fields = ("created_at", "updated_at")
