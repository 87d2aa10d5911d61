"""API view sets for partners, agreements and meetings."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api_downloads import DownloadListMixin
from core.api_mixins import LastModifiedDetailMixin, RefetchAfterWriteMixin
from core.list_reader import ValuesListMixin
from core.permissions import IsSecretariatOrReadOnly
from partnerships import exports, services
from partnerships.filters import (
    MeetingFilterSet,
    PartnerFilterSet,
    PartnershipAgreementFilterSet,
)
from partnerships.models import Interest, InterestEvent, Meeting, Partner, PartnershipAgreement
from plans.models import PriorityProject

from .serializers import (
    InterestAgreementSerializer,
    InterestCreateSerializer,
    InterestMessageSerializer,
    InterestSerializer,
    MeetingSerializer,
    PartnerSerializer,
    PartnershipAgreementSerializer,
)


class PartnerViewSet(
    DownloadListMixin, ValuesListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet
):
    """Governments, agencies, organisations and firms in the network's agreements."""

    export_dataset = exports.PARTNERS

    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = PartnerFilterSet
    lookup_field = "slug"
    ordering_fields = ["name", "kind"]
    ordering = ["name"]


class PartnershipAgreementViewSet(
    DownloadListMixin,
    ValuesListMixin,
    LastModifiedDetailMixin,
    RefetchAfterWriteMixin,
    viewsets.ModelViewSet,
):
    """MOUs, funds, agreements and programmes; looked up by slug."""

    export_dataset = exports.PARTNERSHIPS

    serializer_class = PartnershipAgreementSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = PartnershipAgreementFilterSet
    lookup_field = "slug"
    ordering_fields = ["signed_on", "title", "amount"]
    ordering = ["-signed_on", "title"]

    def get_queryset(self):
        # Only the projects the user may see are listed: drafts stay hidden.
        projects = PriorityProject.objects.visible_to(self.request.user).only("uuid")
        return PartnershipAgreement.objects.published().prefetch_related(
            "parties", "cities", Prefetch("projects", queryset=projects)
        )

    def perform_create(self, serializer):
        serializer.instance = services.partnership_agreement_save(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.partnership_agreement_save(
            user=self.request.user, agreement=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.partnership_agreement_delete(user=self.request.user, agreement=instance)


class MeetingViewSet(
    DownloadListMixin, ValuesListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet
):
    """The network's annual meetings, workshops and roundtables; looked up by slug."""

    export_dataset = exports.MEETINGS

    queryset = Meeting.objects.select_related("host_country", "chair_country").prefetch_related(
        "agreements_signed", "related_agreements"
    )
    serializer_class = MeetingSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = MeetingFilterSet
    lookup_field = "slug"
    ordering_fields = ["year", "start_on", "sequence"]
    ordering = ["-year", "-start_on"]


# ------------------------------------------------------------------------------
# The marketplace: expressions of interest (never public)
# ------------------------------------------------------------------------------
def _interest_queryset(user):
    return (
        Interest.objects.visible_to(user)
        .select_related("project__plan__city", "organisation", "agreement")
        .prefetch_related(
            Prefetch("events", queryset=InterestEvent.objects.select_related("actor"))
        )
    )


class ProjectInterestCreateView(generics.GenericAPIView):
    """Express interest in a published project that seeks partners, as a member of a
    verified organisation: `{"support": [...], "message": "...", "amount"?, "currency"?}`.
    Answers 201 with the interest; 403 for anyone else; 429 when the organisation has
    sent too many today."""

    permission_classes = [IsAuthenticated]
    serializer_class = InterestCreateSerializer
    queryset = PriorityProject.objects.none()

    @extend_schema(
        request=InterestCreateSerializer,
        responses={201: InterestSerializer},
        summary="Express interest in a project (verified organisation)",
    )
    def post(self, request, uuid):
        project = get_object_or_404(PriorityProject.objects.published(), uuid=uuid)
        body = InterestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            interest = services.interest_create(
                user=request.user, project=project, **body.validated_data
            )
        except services.SendingLimitReached as error:
            raise Throttled(detail=str(error)) from error
        data = InterestSerializer(_interest_queryset(request.user).get(pk=interest.pk)).data
        return Response(data, status=201)


class InterestViewSet(viewsets.ReadOnlyModelViewSet):
    """Expressions of interest the caller may see: its organisation's, its city's (CSCO),
    its member state's (national representative), or all (secretariat). Moves are POST
    actions answering 409 when the status does not allow them."""

    serializer_class = InterestSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uuid"
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return _interest_queryset(self.request.user)

    def _move(self, request, name):
        interest = services.interest_move(user=request.user, interest=self.get_object(), name=name)
        return Response(self.get_serializer(self.get_queryset().get(pk=interest.pk)).data)

    @extend_schema(request=None, summary="Take up a new interest (the city, the secretariat)")
    @action(detail=True, methods=["post"])
    def discuss(self, request, uuid=None):
        return self._move(request, "discuss")

    @extend_schema(request=None, summary="Agree (the city, the secretariat)")
    @action(detail=True, methods=["post"])
    def agree(self, request, uuid=None):
        return self._move(request, "agree")

    @extend_schema(request=None, summary="Decline (the city, the secretariat)")
    @action(detail=True, methods=["post"])
    def decline(self, request, uuid=None):
        return self._move(request, "decline")

    @extend_schema(request=None, summary="Withdraw (the organisation)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        return self._move(request, "withdraw")

    @extend_schema(
        methods=["get"], responses=InterestMessageSerializer(many=True), summary="The thread"
    )
    @extend_schema(
        methods=["post"],
        request=InterestMessageSerializer,
        responses={201: InterestMessageSerializer},
        summary="Write in the thread (the organisation, the city, the secretariat)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request, uuid=None):
        interest = self.get_object()
        if request.method == "GET":
            rows = interest.messages.select_related("author")
            return Response(InterestMessageSerializer(rows, many=True).data)
        body = InterestMessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            message = services.interest_message_post(
                user=request.user, interest=interest, body=body.validated_data["body"]
            )
        except services.SendingLimitReached as error:
            raise Throttled(detail=str(error)) from error
        return Response(InterestMessageSerializer(message).data, status=201)

    @extend_schema(
        request=InterestAgreementSerializer,
        responses={201: PartnershipAgreementSerializer},
        summary="Record the agreement of an agreed interest (secretariat)",
    )
    @action(detail=True, methods=["post"])
    def agreement(self, request, uuid=None):
        interest = self.get_object()
        body = InterestAgreementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        agreement = services.interest_agreement_create(
            user=request.user, interest=interest, **body.validated_data
        )
        data = PartnershipAgreementSerializer(agreement, context={"request": request}).data
        return Response(data, status=201)
