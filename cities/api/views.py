"""API view sets for member states, cities (and their GeoJSON), the framework, plans
and projects."""

from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ascn.api_mixins import LastModifiedDetailMixin, RefetchAfterWriteMixin
from ascn.permissions import IsSecretariatOrReadOnly
from cities import services
from cities.filters import ActionPlanFilterSet, CityFilterSet, PriorityProjectFilterSet
from cities.geojson import MEDIA_TYPE, GeoJSONVersion
from cities.models import (
    ActionPlan,
    City,
    FocusArea,
    MemberState,
    PriorityProject,
    StrategicOutcome,
)

from .serializers import (
    ActionPlanSerializer,
    CitySerializer,
    FocusAreaSerializer,
    MemberStateSerializer,
    PriorityProjectSerializer,
    ReturnSerializer,
    StrategicOutcomeSerializer,
    TransitionSerializer,
)


class GeoJSONRenderer(JSONRenderer):
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
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
    },
}


class MemberStateViewSet(LastModifiedDetailMixin, viewsets.ModelViewSet):
    """The ASEAN member states; looked up by ISO 3166 alpha-2 code (`SG`)."""

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
class CityViewSet(LastModifiedDetailMixin, RefetchAfterWriteMixin, viewsets.ModelViewSet):
    """The network's member cities. The public sees active cities; the secretariat all."""

    serializer_class = CitySerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = CityFilterSet
    lookup_field = "slug"
    ordering_fields = ["name", "joined_year", "population", "member_state__name"]
    ordering = ["name"]

    def get_queryset(self):
        cities = City.objects.all()
        if not (self.request.user.is_authenticated and self.request.user.is_secretariat):
            cities = cities.active()
        return cities.select_related("member_state").with_counts()

    @action(
        detail=False,
        methods=["get"],
        url_path="geojson",
        pagination_class=None,
        renderer_classes=[GeoJSONRenderer, JSONRenderer],
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
        if current.matches(request.headers.get("If-None-Match")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(current.body(filterset.qs, base_url), content_type=MEDIA_TYPE)
        response["ETag"] = current.etag
        response["Last-Modified"] = current.last_modified
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


class FocusAreaViewSet(viewsets.ModelViewSet):
    """The framework's six focus areas; looked up by key (`safety_security`)."""

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


def _projects_prefetch():
    return Prefetch("projects", queryset=PriorityProject.objects.prefetch_related("focus_areas"))


class ActionPlanViewSet(LastModifiedDetailMixin, viewsets.ModelViewSet):
    """Smart City Action Plans with their projects. The public reads approved plans; a
    CSCO also reads and drafts its own city's plans; a national representative reads its
    member state's plans; the secretariat reads and writes all. The status is read-only
    here: it moves only through the workflow."""

    serializer_class = ActionPlanSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = ActionPlanFilterSet
    lookup_field = "uuid"
    ordering_fields = ["updated_at", "created_at", "title", "period_start_year", "city__name"]
    ordering = ["city__name", "-period_start_year", "-version"]

    def get_queryset(self):
        return (
            ActionPlan.objects.visible_to(self.request.user)
            .select_related("city__member_state")
            .prefetch_related("focus_areas", _projects_prefetch())
        )

    def perform_create(self, serializer):
        plan = services.action_plan_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        plan = services.action_plan_update(
            user=self.request.user, plan=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_destroy(self, instance):
        services.action_plan_delete(user=self.request.user, plan=instance)

    def _move(self, request, service, body_class=TransitionSerializer):
        """Run one workflow service on the plan; 409 when its state does not allow it."""
        plan = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        plan = service(user=request.user, plan=plan, comment=body.validated_data.get("comment", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=TransitionSerializer, summary="Submit a draft for review (CSCO)")
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self._move(request, services.action_plan_submit)

    @extend_schema(request=TransitionSerializer, summary="Endorse a submitted plan (national rep.)")
    @action(detail=True, methods=["post"])
    def endorse(self, request, uuid=None):
        return self._move(request, services.action_plan_endorse)

    @extend_schema(request=TransitionSerializer, summary="Approve and publish (secretariat)")
    @action(detail=True, methods=["post"])
    def approve(self, request, uuid=None):
        return self._move(request, services.action_plan_approve)

    @extend_schema(request=ReturnSerializer, summary="Return to the city with a comment (reviewer)")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, uuid=None):
        return self._move(request, services.action_plan_return, ReturnSerializer)

    @extend_schema(request=TransitionSerializer, summary="Reopen a returned plan (CSCO)")
    @action(detail=True, methods=["post"])
    def reopen(self, request, uuid=None):
        return self._move(request, services.action_plan_reopen)

    @extend_schema(request=TransitionSerializer, summary="Withdraw a plan not yet approved (CSCO)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        return self._move(request, services.action_plan_withdraw)

    @extend_schema(request=None, summary="Start a new draft version of an approved plan (CSCO)")
    @action(detail=True, methods=["post"])
    def revise(self, request, uuid=None):
        revision = services.action_plan_revise(user=request.user, plan=self.get_object())
        data = self.get_serializer(self.get_queryset().get(pk=revision.pk)).data
        return Response(data, status=201)


class PriorityProjectViewSet(LastModifiedDetailMixin, viewsets.ModelViewSet):
    """Priority projects of the plans the user may read; written only while their plan is
    a draft, by its city's CSCO or the secretariat."""

    serializer_class = PriorityProjectSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = PriorityProjectFilterSet
    lookup_field = "uuid"
    ordering_fields = ["title", "estimated_cost", "start_year", "updated_at"]
    ordering = ["plan__city__name", "position", "title"]

    def get_queryset(self):
        return (
            PriorityProject.objects.visible_to(self.request.user)
            .select_related("plan__city")
            .prefetch_related("focus_areas")
        )

    def perform_create(self, serializer):
        project = services.priority_project_create(
            user=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=project.pk)

    def perform_update(self, serializer):
        project = services.priority_project_update(
            user=self.request.user, project=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=project.pk)

    def perform_destroy(self, instance):
        services.priority_project_delete(user=self.request.user, project=instance)
