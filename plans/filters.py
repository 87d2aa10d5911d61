"""FilterSets for action plans and priority projects, used by the HTML lists and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cities.filters import FocusAreaChoiceFilter, MemberStateChoiceFilter, UpperCaseCodeMixin
from cities.models import City
from core.filters import SearchFilterSet

from .models import ActionPlan, ActionPlanStatus, FundingStatus, PriorityProject


class ActionPlanFilterSet(UpperCaseCodeMixin, SearchFilterSet):
    search_fields = ("title", "summary", "city__name")

    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    member_state = MemberStateChoiceFilter(field_name="city__member_state")
    focus_area = FocusAreaChoiceFilter(field_name="focus_areas")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionPlanStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = ActionPlan
        fields = ["city", "member_state", "focus_area", "status", "search"]


class PriorityProjectFilterSet(UpperCaseCodeMixin, SearchFilterSet):
    search_fields = ("title", "description")

    city = django_filters.ModelChoiceFilter(
        label=_("City"), field_name="plan__city", queryset=City.objects.all(), to_field_name="slug"
    )
    member_state = MemberStateChoiceFilter(field_name="plan__city__member_state")
    focus_area = FocusAreaChoiceFilter(field_name="focus_areas")
    funding_status = django_filters.ChoiceFilter(
        label=_("Funding status"), choices=FundingStatus.choices
    )
    is_seeking_partners = django_filters.BooleanFilter(label=_("Seeking partners"))

    class Meta:
        model = PriorityProject
        fields = [
            "city",
            "member_state",
            "focus_area",
            "funding_status",
            "is_seeking_partners",
            "search",
        ]
