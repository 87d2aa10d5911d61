"""FilterSets for representatives (API)."""

import django_filters
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _
from rest_framework.filters import OrderingFilter

from cities.filters import MemberStateChoiceFilter, UpperCaseCodeMixin
from cities.models import City
from core.permissions import is_secretariat

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


class RepresentativeOrderingFilter(OrderingFilter):
    """`?ordering=full_name` sorts by the name the caller may see: the secretariat by
    the full name, everyone else by the public name (empty for a name kept private,
    those rows then in a fixed order), so a private name cannot be inferred from where
    its row lands."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        if not is_secretariat(request.user):
            queryset = queryset.annotate(
                public_name=Case(When(is_name_public=True, then=F("full_name")), default=Value(""))
            )
            ordering = [term.replace("full_name", "public_name") for term in ordering]
        return queryset.order_by(*ordering, "pk")
