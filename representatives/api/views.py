"""API view sets for national representatives and CSCOs."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from core.api_downloads import DownloadListMixin
from core.api_mixins import LastModifiedDetailMixin
from core.permissions import IsSecretariatOrReadOnly, is_secretariat
from representatives import exports
from representatives.filters import (
    ChiefSmartCityOfficerFilterSet,
    NationalRepresentativeFilterSet,
    RepresentativeOrderingFilter,
)
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

from .serializers import (
    ChiefSmartCityOfficerSerializer,
    NationalRepresentativeSerializer,
    PublicChiefSmartCityOfficerSerializer,
    PublicNationalRepresentativeSerializer,
)


class RepresentativeViewSet(DownloadListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet):
    """Everyone reads current representatives (names only where consented); the
    secretariat reads past terms and private contact data, and writes."""

    permission_classes = [IsSecretariatOrReadOnly]
    filter_backends = [DjangoFilterBackend, RepresentativeOrderingFilter]
    model = None
    public_serializer_class = None
    ordering = ["-term_start_on"]
    ordering_fields = ["term_start_on", "full_name"]

    def get_queryset(self):
        rows = self.model.objects.all()
        if not is_secretariat(self.request.user):
            rows = rows.current()
        return rows.select_related(*self.related)

    def get_serializer_class(self):
        if is_secretariat(self.request.user):
            return self.serializer_class
        return self.public_serializer_class


class NationalRepresentativeViewSet(RepresentativeViewSet):
    """Each member state's National Representative."""

    model = NationalRepresentative
    export_dataset = exports.NATIONAL_REPRESENTATIVES
    related = ("member_state",)
    serializer_class = NationalRepresentativeSerializer
    public_serializer_class = PublicNationalRepresentativeSerializer
    filterset_class = NationalRepresentativeFilterSet


class ChiefSmartCityOfficerViewSet(RepresentativeViewSet):
    """Each city's Chief Smart City Officer (CSCO)."""

    model = ChiefSmartCityOfficer
    export_dataset = exports.CHIEF_OFFICERS
    related = ("city",)
    serializer_class = ChiefSmartCityOfficerSerializer
    public_serializer_class = PublicChiefSmartCityOfficerSerializer
    filterset_class = ChiefSmartCityOfficerFilterSet
