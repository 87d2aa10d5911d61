"""FilterSets for partners, agreements and meetings (HTML lists and API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cities.filters import MemberStateChoiceFilter, UpperCaseCodeMixin
from cities.models import City
from core.choices import Currency
from core.filters import SearchFilterSet

from .models import (
    AgreementKind,
    Meeting,
    MeetingFormat,
    MeetingKind,
    Partner,
    PartnerKind,
    PartnershipAgreement,
)


class PartnerFilterSet(SearchFilterSet):
    search_fields = ("name",)

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    country = django_filters.CharFilter(
        label=_("Country (ISO alpha-2)"),
        field_name="country_code",
        max_length=2,
        method="filter_country",
    )

    class Meta:
        model = Partner
        fields = ["kind", "country", "search"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country_code=value.upper())


class PartnershipAgreementFilterSet(SearchFilterSet):
    search_fields = ("title", "description")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AgreementKind.choices, empty_label=_("All kinds")
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        field_name="cities",
        queryset=City.objects.active(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        field_name="parties",
        queryset=Partner.objects.all(),
        to_field_name="slug",
        empty_label=_("All partners"),
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any currency")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="signed_on__year", min_value=1900, max_value=2100
    )

    class Meta:
        model = PartnershipAgreement
        fields = ["kind", "city", "partner", "currency", "year", "search"]


class MeetingFilterSet(UpperCaseCodeMixin, SearchFilterSet):
    search_fields = ("name", "host_city", "venue")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    format = django_filters.ChoiceFilter(label=_("Format"), choices=MeetingFormat.choices)
    year = django_filters.NumberFilter(label=_("Year"), min_value=2018, max_value=2100)
    member_state = MemberStateChoiceFilter(field_name="host_country", label=_("Host country"))

    class Meta:
        model = Meeting
        fields = ["kind", "format", "year", "member_state", "search"]
