"""API view sets for the network's documents and projects on public record."""

from rest_framework import viewsets

from core.api_downloads import DownloadListMixin
from core.api_mixins import LastModifiedDetailMixin
from core.list_reader import ValuesListMixin
from core.permissions import IsSecretariatOrReadOnly
from network import exports
from network.filters import DocumentFilterSet
from network.models import Document, RecordedProject

from .serializers import DocumentSerializer, RecordedProjectSerializer


class DocumentViewSet(
    DownloadListMixin, ValuesListMixin, LastModifiedDetailMixin, viewsets.ModelViewSet
):
    """The network's public documents; looked up by slug. Filter by kind, year and
    language, or search."""

    export_dataset = exports.DOCUMENTS

    queryset = Document.objects.published().prefetch_related("meetings", "focus_areas")
    serializer_class = DocumentSerializer
    permission_classes = [IsSecretariatOrReadOnly]
    filterset_class = DocumentFilterSet
    lookup_field = "slug"
    ordering_fields = ["year", "title"]
    ordering = ["-year", "title"]


class RecordedProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Projects on public record: linked to the network by public sources, not projects
    of an approved action plan (those are under /projects/)."""

    queryset = RecordedProject.objects.select_related(
        "city", "focus_area", "inferred_focus_area"
    ).prefetch_related("agreements")
    serializer_class = RecordedProjectSerializer
    lookup_field = "key"
    ordering = ["city__name", "key"]
