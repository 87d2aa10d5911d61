"""FilterSets for representatives (API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cities.filters import MemberStateChoiceFilter, UpperCaseCodeMixin
from cities.models import City

from .models import ChiefSmartCityOfficer, NationalRepresentative


class NationalRepresentativeFilterSet(UpperCaseCodeMixin, django_filters.FilterSet):
    member_state = MemberStateChoiceFilter(field_name="member_state")

    class Meta:
        model = NationalRepresentative
        fields = ["member_state"]


class ChiefSmartCityOfficerFilterSet(UpperCaseCodeMixin, django_filters.FilterSet):
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="slug"
    )
    member_state = MemberStateChoiceFilter(field_name="city__member_state")

    class Meta:
        model = ChiefSmartCityOfficer
        fields = ["city", "member_state"]
