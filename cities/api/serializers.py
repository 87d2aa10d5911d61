"""API shapes of member states, cities and the framework."""

from rest_framework import serializers

from cities.models import City, FocusArea, MemberState, StrategicOutcome
from core.serializers import (
    SOURCED_FIELDS,
    FastReadMixin,
    PageUrlField,
    SourcesField,
    ValidatedModelSerializer,
)


class MemberStateSerializer(ValidatedModelSerializer):
    page_url = PageUrlField()
    sources = SourcesField()

    class Meta:
        model = MemberState
        fields = [
            "iso_alpha2",
            "iso_alpha3",
            "name",
            "official_short_name",
            "official_name",
            "capital",
            "asean_accession_on",
            "centroid_latitude",
            "centroid_longitude",
            *SOURCED_FIELDS,
            "page_url",
        ]


class CitySerializer(FastReadMixin, ValidatedModelSerializer):
    member_state = serializers.SlugRelatedField(
        slug_field="iso_alpha2", queryset=MemberState.objects.all()
    )
    member_state_name = serializers.CharField(source="member_state.name", read_only=True)
    page_url = PageUrlField()
    sources = SourcesField()

    class Meta:
        model = City
        fields = [
            "slug",
            "name",
            "ascn_listed_name",
            "member_state",
            "member_state_name",
            "latitude",
            "longitude",
            "administrative_role",
            "population",
            "population_year",
            "population_scope",
            "is_national_capital",
            "joined_year",
            "cohort",
            "description",
            "is_active",
            "published_project_count",
            "seeking_project_count",
            *SOURCED_FIELDS,
            "page_url",
        ]


class FocusAreaSerializer(ValidatedModelSerializer):
    class Meta:
        model = FocusArea
        fields = ["key", "name", "description", "position"]


class StrategicOutcomeSerializer(ValidatedModelSerializer):
    class Meta:
        model = StrategicOutcome
        fields = ["key", "name", "description", "position"]
