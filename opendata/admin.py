"""Bulk import and export in the secretariat admin (django-import-export).

The admins of the feature apps stay where they are; this module, above them all, adds
to them: an export of the selected rows (CSV, XLSX, JSON, private fields included) to
every admin list of the network's records, and an import with a preview to cities,
partners, partnerships, meetings and representatives. Large confirmed imports run as
a background job (`ImportJob`) whose page shows progress and the result report."""

import contextlib

from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats import base_formats

from cities.models import City
from core.permissions import is_secretariat
from partnerships.models import Meeting, Partner, PartnershipAgreement
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

from . import resources, services
from .models import ImportJob, ImportJobStatus

IMPORT_RESOURCES = {
    City: resources.CityResource,
    Partner: resources.PartnerResource,
    PartnershipAgreement: resources.PartnershipAgreementResource,
    Meeting: resources.MeetingResource,
    NationalRepresentative: resources.NationalRepresentativeResource,
    ChiefSmartCityOfficer: resources.ChiefSmartCityOfficerResource,
}
# The network's records; accounts (password hashes, tokens) are never exported.
EXPORT_APPS = {"cities", "representatives", "plans", "partnerships"}


class SecretariatExportMixin(ExportActionMixin):
    """ "Export selected rows" on the change list, and an export page, for the secretariat."""

    export_formats = [base_formats.CSV, base_formats.XLSX, base_formats.JSON]

    def has_export_permission(self, request):
        return is_secretariat(request.user) and self.has_view_permission(request)

    def get_valid_export_item_pks(self, request):
        """The selected rows the user may see, not every key of the table (the library's
        default loads them all, and is deprecated)."""
        selected = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        rows = self.get_queryset(request).filter(pk__in=selected)
        return list(rows.values_list("pk", flat=True))


class SecretariatImportMixin(ImportMixin):
    """Upload a CSV or XLSX; the preview lists the rows to create, update (matched by
    natural key), leave unchanged, and each row in error with its reason; confirming
    applies every row in one transaction or none. A file of more than
    DATA_IMPORT_ASYNC_ROWS rows is checked, then applied, by a background job."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    from_encoding = "utf-8-sig"

    def has_import_permission(self, request):
        return is_secretariat(request.user) and self.has_change_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_dataset(self, dataset, form, request, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().process_dataset(dataset, form, request, **kwargs)

    def import_action(self, request, **kwargs):
        """A large upload is checked by a background job rather than in the request."""
        if request.method == "POST" and self.has_import_permission(request):
            import_form = self.create_import_form(request)
            if import_form.is_valid():
                fmt = self.get_import_formats()[int(import_form.cleaned_data["format"])]()
                upload = import_form.cleaned_data["import_file"]
                data = b"".join(upload.chunks())
                upload.seek(0)
                try:
                    text = data if fmt.is_binary() else data.decode("utf-8-sig")
                    rows = len(fmt.create_dataset(text))
                except Exception:  # an unreadable file: the library's form says why
                    rows = 0
                if services.import_is_large(rows):
                    return self._start_job(request, import_form, fmt, data, upload.name, rows)
        return super().import_action(request, **kwargs)

    def _start_job(self, request, form, fmt, data, name, rows):
        job = services.import_job_create(
            user=request.user,
            resource_class=self.choose_import_resource_class(form, request),
            model=self.model,
            data=data,
            original_name=name or "",
            input_format=fmt.get_title().lower(),
            rows=rows,
        )
        self.message_user(
            request,
            _(
                "The file of %(rows)d rows is checked in the background; this page shows "
                "its progress, then its preview."
            )
            % {"rows": rows},
        )
        return HttpResponseRedirect(reverse("admin:opendata_importjob_change", args=[job.pk]))


def _with_import_export(model_admin_class, model):
    mixins = [SecretariatExportMixin]
    attrs = {"__module__": model_admin_class.__module__}
    if model in IMPORT_RESOURCES:
        mixins.insert(0, SecretariatImportMixin)
        attrs["resource_classes"] = [IMPORT_RESOURCES[model]]
    return type(model_admin_class.__name__, (*mixins, model_admin_class), attrs)


def extend_admins(site):
    """Give every network record's admin the export action, and the six import models
    their import, keeping each admin's own behaviour."""
    for model, model_admin in list(site._registry.items()):
        if model._meta.app_label not in EXPORT_APPS:
            continue
        if isinstance(model_admin, SecretariatExportMixin):
            continue
        site.unregister(model)
        site.register(model, _with_import_export(type(model_admin), model))


extend_admins(admin.site)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Large imports: their state, progress while they run, and the result report."""

    change_form_template = "admin/opendata/importjob/change_form.html"
    list_display = ("__str__", "status", "total_rows", "created_by", "created_at", "finished_at")
    list_filter = ("status",)
    fields = (
        "model_label",
        "original_name",
        "status",
        "progress",
        "created_by",
        "created_at",
        "finished_at",
        "report_summary",
    )
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def get_urls(self):
        apply = self.admin_site.admin_view(self.apply_view)
        return [
            path("<int:pk>/apply/", apply, name="opendata_importjob_apply"),
            *super().get_urls(),
        ]

    def apply_view(self, request, pk):
        """The secretariat confirms a checked import (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not is_secretariat(request.user):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        try:
            services.import_job_apply(user=request.user, job=job)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("The import is being applied."))
        return HttpResponseRedirect(reverse("admin:opendata_importjob_change", args=[pk]))

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user)

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if obj.status in (ImportJobStatus.READY, ImportJobStatus.DONE, ImportJobStatus.FAILED):
            return f"{obj.total_rows} / {obj.total_rows}"
        done = 0
        with contextlib.suppress(Exception):  # a dead cache shows no progress, not a 500
            done = cache.get(resources.progress_key(obj.pk)) or 0
        return f"{done} / {obj.total_rows}"

    @admin.display(description=_("result"))
    def report_summary(self, obj):
        report = obj.report or {}
        if not report:
            return "—"
        summary = format_html(
            "<p>{}</p>",
            _(
                "%(new)d to create, %(update)d to update, %(skip)d unchanged, "
                "%(invalid)d with errors."
            )
            % {
                "new": report.get("new", 0),
                "update": report.get("update", 0),
                "skip": report.get("skip", 0),
                "invalid": len(report.get("invalid", [])),
            },
        )
        rows = format_html_join(
            "",
            "<li>{}</li>",
            (
                (
                    _("Row %(row)s: %(errors)s")
                    % {
                        "row": item.get("row") or "—",
                        "errors": "; ".join(
                            f"{field}: {' '.join(messages_)}"
                            for field, messages_ in item.get("errors", {}).items()
                        ),
                    },
                )
                for item in report.get("invalid", [])
            ),
        )
        return format_html("{}<ul>{}</ul>", summary, rows) if rows else summary
