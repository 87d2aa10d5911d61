"""The API's downloads: a list endpoint answers `?format=csv|xlsx|geojson` (or the
matching `Accept` header) with the whole filtered list, streamed (core.downloads)."""

from rest_framework.renderers import BaseRenderer

from core.json_renderer import FastJSONRenderer

from .downloads import CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE, XLSX_MEDIA_TYPE, stream_download


class _DownloadRenderer(BaseRenderer):
    """Selects a download format in content negotiation. The body is streamed by
    `DownloadListMixin.list`, so this renderer only ever renders nothing."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b""


class CSVRenderer(_DownloadRenderer):
    media_type = CSV_MEDIA_TYPE
    format = "csv"


class XLSXRenderer(_DownloadRenderer):
    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"


class GeoJSONDownloadRenderer(_DownloadRenderer):
    media_type = GEOJSON_MEDIA_TYPE
    format = "geojson"


class DownloadListMixin:
    """For a list view set: `export_dataset` (a core.downloads.Dataset) names the
    columns. The list then also answers CSV, XLSX and (for rows with a place) GeoJSON:
    the same rows as the JSON pages (the view set's queryset and filters), all of them,
    unpaginated and streamed. Errors (a bad filter, a throttle) still answer JSON."""

    export_dataset = None

    def _download_renderers(self):
        renderers = [CSVRenderer(), XLSXRenderer()]
        if self.export_dataset.geometry:
            renderers.append(GeoJSONDownloadRenderer())
        return renderers

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += self._download_renderers()
        return renderers

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if isinstance(renderer, _DownloadRenderer):
            if request.query_params.get("format") == renderer.format:
                # `?format=` chose the file format; it is not a filter (the meetings'
                # own `format` filter would otherwise read "csv" and refuse it).
                params = request._request.GET.copy()
                params.pop("format")
                request._request.GET = params
            queryset = self.filter_queryset(self.get_queryset())
            return stream_download(
                self.export_dataset, queryset, renderer.format, user=request.user
            )
        return super().list(request, *args, **kwargs)

    def handle_exception(self, exc):
        request = getattr(self, "request", None)
        if request is not None and isinstance(
            getattr(request, "accepted_renderer", None), _DownloadRenderer
        ):
            request.accepted_renderer = FastJSONRenderer()
            request.accepted_media_type = FastJSONRenderer.media_type
        return super().handle_exception(exc)
