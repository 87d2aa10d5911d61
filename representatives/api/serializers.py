"""API shapes of representatives: the public gets names only with consent, and never a
private email or phone; the secretariat gets everything."""

from rest_framework import serializers

from cities.models import City, MemberState
from core.serializers import ValidatedModelSerializer
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

PUBLIC_FIELDS = ["id", "full_name", "title", "organisation", "term_start_on", "term_end_on"]
PRIVATE_FIELDS = ["email", "phone", "is_name_public", "user"]


class PublicNameMixin(serializers.Serializer):
    """`full_name` is null unless the person agreed to have it shown."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.is_name_public:
            data["full_name"] = None
        return data


class PublicNationalRepresentativeSerializer(PublicNameMixin, serializers.ModelSerializer):
    member_state = serializers.SlugRelatedField(slug_field="iso_alpha2", read_only=True)
    full_name = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = NationalRepresentative
        fields = ["member_state", *PUBLIC_FIELDS]
        read_only_fields = fields


class NationalRepresentativeSerializer(ValidatedModelSerializer):
    member_state = serializers.SlugRelatedField(
        slug_field="iso_alpha2", queryset=MemberState.objects.all()
    )

    class Meta:
        model = NationalRepresentative
        fields = ["member_state", *PUBLIC_FIELDS, *PRIVATE_FIELDS]


class PublicChiefSmartCityOfficerSerializer(PublicNameMixin, serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    full_name = serializers.CharField(allow_null=True, read_only=True)

    class Meta:
        model = ChiefSmartCityOfficer
        fields = ["city", *PUBLIC_FIELDS]
        read_only_fields = fields


class ChiefSmartCityOfficerSerializer(ValidatedModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())

    class Meta:
        model = ChiefSmartCityOfficer
        fields = ["city", *PUBLIC_FIELDS, *PRIVATE_FIELDS]
