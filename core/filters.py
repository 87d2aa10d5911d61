"""Filter pieces shared by the apps' FilterSets (HTML lists and the API alike)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a `search` parameter over the fields named in `search_fields`.

    Search goes through a form field, so bad input (a NUL byte, an over-long string)
    is a 400 with a message, never a database error."""

    search_fields: tuple[str, ...] = ()

    search = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)

    def filter_search(self, queryset, name, value):
        condition = Q()
        for term in value.split()[:5]:
            term_condition = Q()
            for field in self.search_fields:
                term_condition |= Q(**{f"{field}__icontains": term})
            condition &= term_condition
        return queryset.filter(condition)
