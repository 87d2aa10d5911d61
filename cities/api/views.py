"""API view sets for member states, cities (and their GeoJSON) and the framework."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action

from cities import exports
from cities.filters import CityFilterSet
from cities.geojson import MEDIA_TYPE, GeoJSONVersion
from cities.models import City, FocusArea, MemberState, StrategicOutcome
from core.api_downloads import DownloadListMixin
from core.api_mixins import LastModifiedDetailMixin, RefetchAfterWriteMixin
from core.json_renderer import FastJSONRenderer
from core.list_reader import ValuesListMixin
from core.permissions import IsSecretariatOrReadOnly, is_secretariat

from .serializers import (
    CitySerializer,
    FocusAreaSerializer,
    MemberStateSerializer,
    StrategicOutcomeSerializer,
)


class GeoJSONRenderer(FastJSONRenderer):
    """Lets clients ask for application/geo+json (RFC 7946); errors render as JSON."""

    media_type = MEDIA_TYPE
    format = "geojson"


GEOJSON_SCHEMA = {
    "type": "object",
    "description": "RFC 7946 FeatureCollection of Point features, one per active city.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                                "description": "[longitude, latitude]",
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "slug": {"type": "string"},
                            "name": {"type": "string"},
                            "member_state": {"type": "string"},
                            "member_state_code": {"type": "string"},
                            "joined_year": {"type": "integer"},
                            "is_national_capital": {"type": "boolean"},
                            "published_project_count": {"type": "integer"},
                            "seeking_project_count": {"type": "integer"},
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
    },
}


class MemberStateViewSet(
    DownloadListMixin, ValuesListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet
):
    """The ASEAN member states; looked up by ISO 3166 alpha-2 code (`SG`)."""

    export_dataset = exports.MEMBER_STATES

    queryset = MemberState.objects.all()
    serializer_class = MemberStateSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    lookup_field = "iso_alpha2"
    lookup_value_regex = "[A-Za-z]{2}"
    ordering_fields = ["name", "iso_alpha2", "asean_accession_on"]
    ordering = ["name"]

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


@extend_schema_view(
    geojson=extend_schema(
        summary="Active member cities as GeoJSON",
        description=(
            "An RFC 7946 FeatureCollection (media type application/geo+json) of the active "
            "cities, filtered like the city list. Coordinates are [longitude, latitude]. "
            "Answers 304 to a matching If-None-Match."
        ),
        responses={
            (200, MEDIA_TYPE): OpenApiResponse(GEOJSON_SCHEMA),
            304: OpenApiResponse(description="Not modified"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid filter"),
        },
    )
)
class CityViewSet(
    DownloadListMixin,
    ValuesListMixin,
    LastModifiedDetailMixin,
    RefetchAfterWriteMixin,
    viewsets.ModelViewSet,
):
    """The network's member cities. The public sees active cities; the secretariat all."""

    export_dataset = exports.CITIES

    serializer_class = CitySerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = CityFilterSet
    lookup_field = "slug"
    ordering_fields = ["name", "joined_year", "population", "member_state__name"]
    ordering = ["name"]

    def handle_exception(self, exc):
        """Errors are JSON, also on the GeoJSON route (a PUT to /cities/geojson/ is
        refused there, not rendered as a FeatureCollection's media type)."""
        request = getattr(self, "request", None)
        if isinstance(getattr(request, "accepted_renderer", None), GeoJSONRenderer):
            request.accepted_renderer = FastJSONRenderer()
            request.accepted_media_type = FastJSONRenderer.media_type
        return super().handle_exception(exc)

    def get_queryset(self):
        cities = City.objects.all()
        if not is_secretariat(self.request.user):
            cities = cities.active()
        return cities.select_related("member_state")

    @action(
        detail=False,
        methods=["get"],
        url_path="geojson",
        pagination_class=None,
        renderer_classes=[GeoJSONRenderer, FastJSONRenderer],
    )
    def geojson(self, request):
        filterset = self.filterset_class(
            request.query_params, queryset=City.objects.active(), request=request
        )
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        base_url = request.build_absolute_uri("/").rstrip("/")
        current = GeoJSONVersion(
            cleaned_filters={k: v for k, v in filterset.form.cleaned_data.items() if v},
            base_url=base_url,
        )
        # The body comes from the cache; its ETag, and the 304 to a matching
        # If-None-Match, from ConditionalGetMiddleware like every other answer.
        response = HttpResponse(current.body(filterset.qs, base_url), content_type=MEDIA_TYPE)
        response["Last-Modified"] = current.last_modified
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


class FocusAreaViewSet(DownloadListMixin, ValuesListMixin, viewsets.ModelViewSet):
    """The framework's six focus areas; looked up by key (`safety_security`)."""

    export_dataset = exports.FOCUS_AREAS

    queryset = FocusArea.objects.all()
    serializer_class = FocusAreaSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    lookup_field = "key"
    ordering_fields = ["position", "name"]


class StrategicOutcomeViewSet(viewsets.ModelViewSet):
    """The framework's three strategic outcomes; looked up by key."""

    queryset = StrategicOutcome.objects.all()
    serializer_class = StrategicOutcomeSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    lookup_field = "key"
    ordering_fields = ["position", "name"]
