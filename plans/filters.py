"""FilterSets for action plans and priority projects, used by the HTML lists and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cities.filters import FocusAreaChoiceFilter, MemberStateChoiceFilter, UpperCaseCodeMixin
from cities.models import City
from core.choices import Currency
from core.filters import SearchFilterSet

from .models import (
    ActionPlan,
    ActionPlanStatus,
    FundingStatus,
    PriorityProject,
    SupportKind,
    support_kind_q,
)


class YearFilter(django_filters.NumberFilter):
    """A whole year: `2024.5` is refused with a field error, not read as 2024."""

    field_class = forms.IntegerField


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
    published_year = YearFilter(
        label=_("Year published"), method="filter_published_year", min_value=2018, max_value=2100
    )

    class Meta:
        model = ActionPlan
        fields = ["city", "member_state", "focus_area", "status", "published_year", "search"]

    def filter_published_year(self, queryset, name, value):
        return queryset.published_in(value) if value is not None else queryset


class PriorityProjectFilterForm(forms.Form):
    """A cost range means something only in one currency: amounts are never converted."""

    def clean(self):
        cleaned = super().clean()
        has_range = cleaned.get("cost_min") is not None or cleaned.get("cost_max") is not None
        if has_range and not cleaned.get("currency"):
            self.add_error("currency", _("Choose the currency of the cost range."))
        low, high = cleaned.get("cost_min"), cleaned.get("cost_max")
        if low is not None and high is not None and high < low:
            self.add_error("cost_max", _("The upper bound is below the lower bound."))
        return cleaned


class PriorityProjectFilterSet(UpperCaseCodeMixin, SearchFilterSet):
    """One FilterSet for the projects API and the public marketplace (/projects/)."""

    search_fields = ("title", "description", "need_description", "plan__city__name")

    member_state = MemberStateChoiceFilter(field_name="plan__city__member_state")
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        field_name="plan__city",
        queryset=City.objects.all(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    focus_area = FocusAreaChoiceFilter(field_name="focus_areas")
    support = django_filters.MultipleChoiceFilter(
        label=_("Kind of support"),
        choices=SupportKind.choices,
        method="filter_support",
        widget=forms.CheckboxSelectMultiple,
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any currency")
    )
    cost_min = django_filters.NumberFilter(
        label=_("Cost from"), field_name="estimated_cost", lookup_expr="gte", min_value=0
    )
    cost_max = django_filters.NumberFilter(
        label=_("Cost up to"), field_name="estimated_cost", lookup_expr="lte", min_value=0
    )
    funding_status = django_filters.ChoiceFilter(
        label=_("Funding status"), choices=FundingStatus.choices, empty_label=_("Any status")
    )
    seeking_partners = django_filters.BooleanFilter(
        label=_("Seeking partners"), field_name="is_seeking_partners"
    )
    is_seeking_partners = django_filters.BooleanFilter(label=_("Seeking partners"))

    class Meta:
        model = PriorityProject
        form = PriorityProjectFilterForm
        fields = [
            "search",
            "member_state",
            "city",
            "focus_area",
            "support",
            "currency",
            "cost_min",
            "cost_max",
            "funding_status",
            "seeking_partners",
            "is_seeking_partners",
        ]

    def filter_support(self, queryset, name, value):
        """Projects seeking every kind of support asked for."""
        for kind in value:
            queryset = queryset.filter(support_kind_q(kind))
        return queryset
