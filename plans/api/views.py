"""API view sets for action plans (with their workflow moves) and priority projects."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from core.api_downloads import DownloadListMixin
from core.api_mixins import IfMatchMixin, LastModifiedDetailMixin, PreconditionFailed
from core.list_reader import ValuesListMixin
from core.pagination import PortalPagination
from plans import exports, services
from plans.filters import ActionPlanFilterSet, PriorityProjectFilterSet
from plans.models import ActionPlan, PriorityProject

from .serializers import (
    ActionPlanSerializer,
    PriorityProjectSerializer,
    ReturnSerializer,
    TransitionSerializer,
)


def _projects_prefetch():
    # Within one plan, the projects' default order (plan, position, title) is (position,
    # title): ordering by those alone spares the prefetch a join to every plan and city.
    return Prefetch(
        "projects",
        queryset=PriorityProject.objects.order_by("position", "title").prefetch_related(
            "focus_areas"
        ),
    )


class ActionPlanPagination(PortalPagination):
    """A plan carries all its projects (ten or more each): ten plans a page by default
    keep a page near the size of the other lists' 50 rows (about 57 KB instead of
    285 KB at 12,000 cities). Clients may still ask for up to 200."""

    page_size = 10


class ActionPlanViewSet(
    DownloadListMixin, ValuesListMixin, IfMatchMixin, LastModifiedDetailMixin, viewsets.ModelViewSet
):
    """Smart City Action Plans with their projects. The public reads approved plans; a
    CSCO also reads and drafts its own city's plans; a national representative reads its
    member state's plans; the secretariat reads and writes all. The status is read-only
    here: it moves only through the workflow. Writes honour optimistic locking: If-Match
    with the detail's ETag (412 when stale) or the `lock_version` read (409 when stale)."""

    export_dataset = exports.ACTION_PLANS

    serializer_class = ActionPlanSerializer
    pagination_class = ActionPlanPagination
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
        fields = dict(serializer.validated_data)
        fields.pop("lock_version", None)
        plan = services.action_plan_create(user=self.request.user, **fields)
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        fields = dict(serializer.validated_data)
        expected = fields.pop("lock_version", None)
        if_match = self.if_match_holds(serializer.instance)
        if if_match:
            # The ETag matched this copy: the service checks, under the row lock, that
            # nobody saved in between.
            expected = serializer.instance.lock_version
        try:
            plan = services.action_plan_update(
                user=self.request.user,
                plan=serializer.instance,
                expected_version=expected,
                **fields,
            )
        except services.EditConflict as conflict:
            if if_match:
                raise PreconditionFailed() from conflict
            raise
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


class PriorityProjectViewSet(
    DownloadListMixin, ValuesListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet
):
    """Priority projects of the plans the user may read; written only while their plan is
    a draft, by its city's CSCO or the secretariat."""

    export_dataset = exports.PROJECTS

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
