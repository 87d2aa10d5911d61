"""API shapes of partners, agreements and meetings."""

from rest_framework import serializers

from cities.models import City, MemberState
from core.serializers import PageUrlField, ValidatedModelSerializer
from partnerships.models import Meeting, Partner, PartnershipAgreement
from plans.models import PriorityProject


class PartnerSerializer(ValidatedModelSerializer):
    class Meta:
        model = Partner
        fields = ["slug", "name", "kind", "country_code", "website"]


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
            "description",
            "source_url",
            "page_url",
        ]

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

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "name",
            "kind",
            "sequence",
            "year",
            "start_on",
            "end_on",
            "host_country",
            "host_city",
            "venue",
            "format",
            "outcomes",
            "source_url",
        ]
