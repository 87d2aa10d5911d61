"""FilterSets for cities, and the member-state and focus-area filters other apps reuse:
one each, used by the HTML lists, the map and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import ListedModelChoiceField, SearchFilterSet

from .models import City, CityCohort, FocusArea, MemberState


@extend_schema_field(OpenApiTypes.STR)
class MemberStateChoiceFilter(django_filters.ModelChoiceFilter):
    """A member state named by its ISO alpha-2 code (`?member_state=TH`, any case)."""

    field_class = ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", MemberState.objects.all())
        kwargs.setdefault("to_field_name", "iso_alpha2")
        kwargs.setdefault("label", _("Member state"))
        kwargs.setdefault("empty_label", _("All member states"))
        super().__init__(*args, **kwargs)


class UpperCaseCodeMixin:
    """Accept `th` for `TH`: codes are stored upper-case."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("member_state"):
            data = data.copy()
            data["member_state"] = data["member_state"].upper()
        super().__init__(data, *args, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class FocusAreaChoiceFilter(django_filters.ModelChoiceFilter):
    """A focus area named by its key (`?focus_area=safety_security`)."""

    field_class = ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", FocusArea.objects.all())
        kwargs.setdefault("to_field_name", "key")
        kwargs.setdefault("label", _("Focus area"))
        kwargs.setdefault("empty_label", _("All focus areas"))
        super().__init__(*args, **kwargs)


class CityFilterSet(UpperCaseCodeMixin, SearchFilterSet):
    search_fields = ("name", "ascn_listed_name")

    member_state = MemberStateChoiceFilter(field_name="member_state")
    focus_area = FocusAreaChoiceFilter(method="filter_focus_area")
    joined_year = django_filters.NumberFilter(
        label=_("Year joined"), min_value=2018, max_value=2100
    )
    cohort = django_filters.ChoiceFilter(
        label=_("Cohort"), choices=CityCohort.choices, empty_label=_("All cohorts")
    )

    class Meta:
        model = City
        fields = ["member_state", "focus_area", "joined_year", "cohort", "search"]

    def filter_focus_area(self, queryset, name, value):
        return queryset.with_focus_area(value.key) if value else queryset
