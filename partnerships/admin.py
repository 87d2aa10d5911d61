"""Secretariat admin for partners, agreements and meetings."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Meeting, Partner, PartnershipAgreement


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country_code", "website")
    list_filter = ("kind", "country_code")
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
    list_filter = ("kind", "format", "year", "host_country")
    search_fields = ("name", "host_city", "venue", "outcomes")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("host_country",)
    list_select_related = ("host_country",)
    readonly_fields = ("created_at", "updated_at")
