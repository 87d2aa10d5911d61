"""API view sets for partners, agreements and meetings."""

from django.db.models import Prefetch
from rest_framework import viewsets

from core.api_downloads import DownloadListMixin
from core.api_mixins import LastModifiedDetailMixin, RefetchAfterWriteMixin
from core.permissions import IsSecretariatOrReadOnly
from partnerships import exports, services
from partnerships.filters import (
    MeetingFilterSet,
    PartnerFilterSet,
    PartnershipAgreementFilterSet,
)
from partnerships.models import Meeting, Partner, PartnershipAgreement
from plans.models import PriorityProject

from .serializers import MeetingSerializer, PartnerSerializer, PartnershipAgreementSerializer


class PartnerViewSet(DownloadListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet):
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
    DownloadListMixin, LastModifiedDetailMixin, RefetchAfterWriteMixin, viewsets.ModelViewSet
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


class MeetingViewSet(DownloadListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet):
    """The network's annual meetings, workshops and roundtables; looked up by slug."""

    export_dataset = exports.MEETINGS

    queryset = Meeting.objects.select_related("host_country")
    serializer_class = MeetingSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = MeetingFilterSet
    lookup_field = "slug"
    ordering_fields = ["year", "start_on", "sequence"]
    ordering = ["-year", "-start_on"]
