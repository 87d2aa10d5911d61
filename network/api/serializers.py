"""API shapes of the network's documents and projects on public record."""

from rest_framework import serializers

from cities.models import FocusArea
from core.serializers import (
    SOURCED_FIELDS,
    PageUrlField,
    SourcesField,
    ValidatedModelSerializer,
)
from network.models import Document, RecordedProject
from partnerships.models import Meeting


class DocumentSerializer(ValidatedModelSerializer):
    meetings = serializers.SlugRelatedField(
        slug_field="slug", queryset=Meeting.objects.all(), many=True, required=False
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="key", queryset=FocusArea.objects.all(), many=True, required=False
    )
    sources = SourcesField()
    page_url = PageUrlField()

    class Meta:
        model = Document
        fields = [
            "slug",
            "title",
            "kind",
            "year",
            "publisher",
            "language",
            "url",
            "copy_url",
            "status",
            "notes",
            "meetings",
            "focus_areas",
            *SOURCED_FIELDS,
            "page_url",
        ]


class RecordedProjectSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    focus_area = serializers.SlugRelatedField(slug_field="key", read_only=True)
    inferred_focus_area = serializers.SlugRelatedField(slug_field="key", read_only=True)
    agreements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = RecordedProject
        fields = [
            "key",
            "city",
            "title",
            "description",
            "focus_area",
            "inferred_focus_area",
            "ascn_link",
            "is_scap_confirmed",
            "agreements",
            "notes",
            *SOURCED_FIELDS,
        ]
