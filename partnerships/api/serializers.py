"""API shapes of partners, agreements and meetings."""

from rest_framework import serializers

from cities.models import City, MemberState
from core.serializers import (
    SOURCED_FIELDS,
    PageUrlField,
    SourcesField,
    ValidatedModelSerializer,
)
from partnerships.models import Meeting, Partner, PartnershipAgreement
from plans.models import PriorityProject


class PartnerSerializer(ValidatedModelSerializer):
    sources = SourcesField()
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=20
    )

    class Meta:
        model = Partner
        fields = [
            "slug",
            "name",
            "aliases",
            "kind",
            "is_external",
            "country_code",
            "website",
            *SOURCED_FIELDS,
        ]


class PartnershipAgreementSerializer(ValidatedModelSerializer):
    parties = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partner.objects.all(), many=True, required=False
    )
    cities = serializers.SlugRelatedField(
        slug_field="slug", queryset=City.objects.all(), many=True, required=False
    )
    projects = serializers.SlugRelatedField(
        slug_field="uuid", queryset=PriorityProject.objects.none(), many=True, required=False
    )
    date_label = serializers.CharField(source="signed_on_label", read_only=True)
    page_url = PageUrlField()
    # Read-only here: agreement writes go through partnerships.services, which names
    # the fields it writes.
    sources = SourcesField(read_only=True)
    asean_side_parties = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = PartnershipAgreement
        fields = [
            "slug",
            "title",
            "kind",
            "parties",
            "cities",
            "projects",
            "signed_on",
            "signed_on_precision",
            "date_label",
            "amount",
            "currency",
            "amount_note",
            "asean_side_parties",
            "description",
            "notes",
            "source_url",
            *SOURCED_FIELDS,
            "page_url",
        ]
        read_only_fields = ["amount_note", "notes", "confidence", "confidence_note"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only projects the user may see can be named or are shown.
            fields["projects"].child_relation.queryset = PriorityProject.objects.visible_to(
                request.user
            )
        return fields


class MeetingSerializer(ValidatedModelSerializer):
    host_country = serializers.SlugRelatedField(
        slug_field="iso_alpha2",
        queryset=MemberState.objects.all(),
        allow_null=True,
        required=False,
    )
    chair_country = serializers.SlugRelatedField(
        slug_field="iso_alpha2",
        queryset=MemberState.objects.all(),
        allow_null=True,
        required=False,
    )
    co_chairs = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=10
    )
    agreements_signed = serializers.SlugRelatedField(
        slug_field="slug", queryset=PartnershipAgreement.objects.all(), many=True, required=False
    )
    related_agreements = serializers.SlugRelatedField(
        slug_field="slug", queryset=PartnershipAgreement.objects.all(), many=True, required=False
    )
    dates_label = serializers.CharField(read_only=True)
    sources = SourcesField()
    page_url = PageUrlField()

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "name",
            "kind",
            "sequence",
            "year",
            "start_on",
            "start_on_precision",
            "end_on",
            "dates_label",
            "host_country",
            "host_country_code",
            "host_city",
            "venue",
            "host_organisation",
            "chair_country",
            "co_chairs",
            "format",
            "agenda",
            "outcomes",
            "notes",
            "agreements_signed",
            "related_agreements",
            "source_url",
            *SOURCED_FIELDS,
            "page_url",
        ]
