"""Secretariat admin for action plans, their projects, attachments, history and the
notification outbox. Every write goes through plans.services, as on the portal."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.exceptions import InvalidTransition
from core.pages import truncated
from core.pagination import CachedCountPaginator

from . import services
from .forms import PriorityProjectForm, project_changes
from .models import (
    ActionPlan,
    ActionPlanEvent,
    ActionPlanStatus,
    Notification,
    PlanAttachment,
    PriorityProject,
)


class PriorityProjectInline(admin.StackedInline):
    model = PriorityProject
    form = PriorityProjectForm  # the drafting page's fields: support kinds as checkboxes
    fields = (
        ("title", "position"),
        "description",
        "focus_areas",
        ("estimated_cost", "currency"),
        ("funding_status", "is_seeking_partners"),
        "support_kinds",
        "need_description",
        ("finance_amount", "finance_currency"),
        "seeking_until",
        ("start_year", "end_year"),
        "source_url",
    )
    filter_horizontal = ("focus_areas",)
    extra = 0

    # Projects change with their draft plan only; published plans are revised instead.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _is_draft(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _is_draft(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _is_draft(obj)


def _is_draft(plan):
    return plan is None or plan.status == ActionPlanStatus.DRAFT


class ActionPlanEventInline(admin.TabularInline):
    """The plan's history, read-only: events are appended by the workflow services."""

    model = ActionPlanEvent
    fields = ("created_at", "actor", "from_status", "to_status", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlanAttachmentInline(admin.TabularInline):
    """Attachments are added through the portal's checks; here they are listed."""

    model = PlanAttachment
    fields = ("original_name", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the city change?"), widget=forms.Textarea(attrs={"rows": 4})
    )


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return truncated(obj.title)

    paginator = CachedCountPaginator  # the count asked once per data version
    list_display = ("short_title", "city", "period_label", "status", "version", "updated_at")
    list_filter = ("status", "city__member_state", "focus_areas")
    search_fields = ("title", "summary", "city__name")
    autocomplete_fields = ("city",)
    filter_horizontal = ("focus_areas",)
    list_select_related = ("city",)
    # The status changes only through the workflow, which records every move.
    readonly_fields = (
        "uuid",
        "status",
        "version",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fields = (
        "city",
        "title",
        ("period_start_year", "period_end_year"),
        "vision",
        "summary",
        "focus_areas",
        ("status", "version", "published_at"),
        ("uuid", "created_by"),
        ("created_at", "updated_at"),
    )
    inlines = [PriorityProjectInline, PlanAttachmentInline, ActionPlanEventInline]
    date_hierarchy = "created_at"
    actions = ["approve", "return_to_city"]

    def _apply_move(self, request, plans, service, done, **kwargs):
        for plan in plans:
            try:
                service(user=request.user, plan=plan, **kwargs)
            except (InvalidTransition, PermissionDenied, ValidationError) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{plan}: {message}", messages.ERROR)
            else:
                self.message_user(request, f"{plan}: {done}")

    @admin.action(description=_("Approve and publish the selected endorsed plans"))
    def approve(self, request, queryset):
        self._apply_move(request, queryset, services.action_plan_approve, _("approved"))

    @admin.action(description=_("Return the selected plans to their cities (with a comment)"))
    def return_to_city(self, request, queryset):
        form = ReturnForm(request.POST if "comment" in request.POST else None)
        if form.is_valid():
            self._apply_move(
                request,
                queryset,
                services.action_plan_return,
                _("returned"),
                comment=form.cleaned_data["comment"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return plans to their cities"),
            "plans": queryset,
            "form": form,
            "action": "return_to_city",
            "opts": self.model._meta,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/plans/actionplan/return.html", context)

    @admin.display(description=_("period"))
    def period_label(self, obj):
        return obj.period_label

    def get_readonly_fields(self, request, obj=None):
        """Only a draft's text changes here; every other state moves through the workflow
        (a published plan is revised, which starts a new draft)."""
        if obj is not None and obj.status != ActionPlanStatus.DRAFT:
            return [name for name in self._field_names() if name != "focus_areas"] + ["focus_areas"]
        return super().get_readonly_fields(request, obj)

    def _field_names(self):
        names = []
        for entry in self.fields:
            names.extend(entry if isinstance(entry, tuple) else [entry])
        return names

    # Every write through plans.services, as on the portal and in the API: the creation
    # event, the edit count and the draft-only rule hold in the admin too.
    def save_model(self, request, obj, form, change):
        if change and obj.status != ActionPlanStatus.DRAFT:
            return  # every field is read-only: nothing to write
        fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        focus_areas = form.cleaned_data.get("focus_areas", [])
        if change:
            saved = services.action_plan_update(
                user=request.user, plan=obj, focus_areas=focus_areas, **fields
            )
        else:
            saved = services.action_plan_create(
                user=request.user, city=form.cleaned_data["city"], focus_areas=focus_areas, **fields
            )
        obj.pk, obj.uuid, obj.lock_version = saved.pk, saved.uuid, saved.lock_version

    def save_related(self, request, form, formsets, change):
        """Focus areas were set by the service; projects go through the services too."""
        plan = form.instance
        for formset in formsets:
            if formset.model is not PriorityProject:
                self.save_formset(request, form, formset, change=change)
                continue
            # The change message reads these; the services below do the writing.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            changes = project_changes(formset) if plan.status == ActionPlanStatus.DRAFT else []
            if changes:
                services.action_plan_save(
                    user=request.user,
                    plan=plan,
                    fields={},
                    focus_areas=None,
                    expected_version=None,
                    projects=changes,
                )

    def delete_model(self, request, obj):
        services.action_plan_delete(user=request.user, plan=obj)

    def delete_queryset(self, request, queryset):
        for plan in queryset:
            services.action_plan_delete(user=request.user, plan=plan)


@admin.register(ActionPlanEvent)
class ActionPlanEventAdmin(admin.ModelAdmin):
    """Read-only view of every plan's history."""

    list_display = ("created_at", "plan", "actor", "from_status", "to_status")
    list_filter = ("to_status",)
    search_fields = ("plan__title", "plan__city__name", "comment")
    list_select_related = ("plan__city", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PriorityProject)
class PriorityProjectAdmin(SimpleHistoryAdmin):
    form = PriorityProjectForm  # support kinds as checkboxes, never a raw JSON box

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return truncated(obj.title)

    paginator = CachedCountPaginator  # the count asked once per data version
    list_display = (
        "short_title",
        "city_name",
        "plan",
        "funding_status",
        "is_seeking_partners",
        "estimated_cost",
        "currency",
    )
    list_filter = ("funding_status", "is_seeking_partners", "focus_areas", "currency")
    search_fields = ("title", "description", "plan__title", "plan__city__name")
    autocomplete_fields = ("plan",)
    filter_horizontal = ("focus_areas",)
    list_select_related = ("plan__city",)
    readonly_fields = ("uuid", "created_at", "updated_at")

    @admin.display(description=_("city"), ordering="plan__city__name")
    def city_name(self, obj):
        return obj.plan.city.name

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.plan.status != ActionPlanStatus.DRAFT:
            return [f.name for f in self.model._meta.fields if f.editable] + ["focus_areas"]
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change and obj.plan.status != ActionPlanStatus.DRAFT:
            return  # every field is read-only: the plan is revised instead
        fields = {k: v for k, v in form.cleaned_data.items() if k in services.PROJECT_FIELDS}
        focus_areas = form.cleaned_data.get("focus_areas", [])
        if change:
            saved = services.priority_project_update(
                user=request.user, project=obj, focus_areas=focus_areas, **fields
            )
        else:
            saved = services.priority_project_create(
                user=request.user, plan=form.cleaned_data["plan"], focus_areas=focus_areas, **fields
            )
        obj.pk, obj.uuid = saved.pk, saved.uuid

    def save_related(self, request, form, formsets, change):
        """The service already set the focus areas."""

    def delete_model(self, request, obj):
        services.priority_project_delete(user=request.user, project=obj)

    def delete_queryset(self, request, queryset):
        for project in queryset:
            services.priority_project_delete(user=request.user, project=project)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: what was sent to whom, and what is still pending or failed."""

    list_display = ("created_at", "recipient", "kind", "plan", "email_status", "email_attempts")
    list_filter = ("kind", "email_status")
    search_fields = ("subject", "recipient__username", "recipient__email", "plan__title")
    list_select_related = ("recipient", "plan__city")
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(PlanAttachment)
class PlanAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "plan", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name", "plan__title", "plan__city__name")
    list_select_related = ("plan__city", "uploaded_by")
    fields = ("uuid", "plan", "original_name", "size", "uploaded_by", "uploaded_at", "download")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        # Private files have no public URL: the portal's checked download view serves them.
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)
