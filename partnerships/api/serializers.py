"""API shapes of partners, agreements and meetings."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cities.models import City, MemberState
from core.choices import Currency
from core.serializers import (
    SOURCED_FIELDS,
    PageUrlField,
    SourcesField,
    ValidatedModelSerializer,
)
from partnerships.models import (
    Interest,
    InterestEvent,
    InterestMessage,
    Meeting,
    Organisation,
    Partner,
    PartnershipAgreement,
)
from plans.models import PriorityProject, SupportKind


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


# ------------------------------------------------------------------------------
# The marketplace: expressions of interest and their threads (private)
# ------------------------------------------------------------------------------
class OrganisationContactSerializer(serializers.ModelSerializer):
    """An organisation as those who may see its interests see it, contacts included."""

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "country_code",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]


class InterestEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = InterestEvent
        fields = ["from_status", "to_status", "actor", "created_at"]


class InterestSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    city = serializers.SlugRelatedField(
        source="project.plan.city", slug_field="slug", read_only=True
    )
    organisation = OrganisationContactSerializer(read_only=True)
    support = serializers.ListField(child=serializers.ChoiceField(choices=SupportKind.choices))
    agreement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = InterestEventSerializer(many=True, read_only=True)

    class Meta:
        model = Interest
        fields = [
            "uuid",
            "project",
            "city",
            "organisation",
            "support",
            "message",
            "amount",
            "currency",
            "status",
            "city_answered_at",
            "agreement",
            "created_at",
            "updated_at",
            "events",
        ]
        read_only_fields = fields


class InterestCreateSerializer(serializers.Serializer):
    """The body of an expression of interest."""

    support = serializers.ListField(
        child=serializers.ChoiceField(choices=SupportKind.choices),
        min_length=1,
        max_length=len(SupportKind.values),
    )
    message = serializers.CharField(max_length=4000)
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = serializers.ChoiceField(choices=Currency.choices, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs.get("amount") is not None and not attrs.get("currency"):
            raise serializers.ValidationError({"currency": _("Give the amount's currency.")})
        return attrs


class InterestMessageSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    body = serializers.CharField(max_length=4000)

    class Meta:
        model = InterestMessage
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class InterestAgreementSerializer(serializers.Serializer):
    """Optional title and date of the agreement made from an agreed interest."""

    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
