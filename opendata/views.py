"""The open-data pages: the catalogue (/data/), a page per dataset with its field
dictionary, the downloads, and the catalogue's machine-readable forms (DCAT JSON-LD, a
Frictionless Data package). Every download starts from the dataset's public queryset
for this user (`Dataset.rows(user)`) and its filters, like the HTML list it mirrors."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.downloads import stream_download
from core.pages import BreadcrumbsMixin
from core.throttling import AnonymousThrottle, SignedInThrottle

from . import catalogue
from .registry import get_dataset


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


class LicenceMixin:
    """Every open-data page names the licence (settings.DATA_LICENCE)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(licence=settings.DATA_LICENCE, licence_url=settings.DATA_LICENCE_URL)
        return context


def _dataset_or_404(key):
    dataset = get_dataset(key)
    if dataset is None:
        raise Http404(_("There is no dataset with this name."))
    return dataset


class DataCatalogueView(LicenceMixin, BreadcrumbsMixin, TemplateView):
    """Every public dataset: what it holds, its licence, size, last update, downloads."""

    template_name = "opendata/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = catalogue.entries()
        return context

    def get_breadcrumbs(self):
        return [(None, _("Open data"))]


class DatasetDetailView(LicenceMixin, BreadcrumbsMixin, TemplateView):
    """One dataset: its description, licence, field dictionary and downloads."""

    template_name = "opendata/dataset_detail.html"

    def get(self, request, *args, **kwargs):
        self.entry = catalogue.entry(_dataset_or_404(kwargs["key"]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        context["dataset"] = self.entry.dataset
        return context

    def get_breadcrumbs(self):
        return [(reverse("opendata:catalogue"), _("Open data")), (None, self.entry.dataset.title)]


def _throttled(request):
    """Downloads spend the API's request budget (core.throttling): a full list is the
    most expensive read there is. Answers 429 with Retry-After, or None."""
    for throttle in (AnonymousThrottle(), SignedInThrottle()):
        if not throttle.allow_request(request, None):
            response = JsonResponse(
                {"detail": str(_("Too many requests: try again later."))}, status=429
            )
            response["Retry-After"] = str(max(1, int(throttle.wait() or 1)))
            return response
    return None


class DatasetDownloadView(View):
    """A dataset's rows, filtered by the query string, streamed in one file. A filter
    that does not validate answers 400 with the field errors."""

    def get(self, request, key, fmt):
        dataset = _dataset_or_404(key)
        if (refused := _throttled(request)) is not None:
            return refused
        if fmt not in dataset.formats:
            raise Http404(_("This dataset is not published in this format."))
        rows = dataset.rows(request.user)
        if dataset.filterset_class is not None:
            filterset = dataset.filterset_class(request.GET, queryset=rows, request=request)
            if not filterset.is_valid():
                return JsonResponse(filterset.errors, status=400)
            rows = filterset.qs
        return stream_download(dataset, rows, fmt, user=request.user)


class CatalogueJSONLDView(View):
    """The catalogue in DCAT, as JSON-LD."""

    def get(self, request):
        return JsonResponse(
            catalogue.dcat_catalogue(_base_url(request)),
            content_type="application/ld+json",
            json_dumps_params={"ensure_ascii": False},
        )


class DataPackageView(View):
    """The Frictionless Data package: one resource per dataset, on its CSV download."""

    def get(self, request):
        return JsonResponse(
            catalogue.data_package(_base_url(request)), json_dumps_params={"ensure_ascii": False}
        )
