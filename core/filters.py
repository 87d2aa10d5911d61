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


class ListedModelChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The choices of a short reference list (member states, focus areas) read with one
    plain query. Django reads them through `.iterator()`, which on PostgreSQL opens a
    server-side cursor (DECLARE, FETCH, CLOSE: three round trips, the rows held past
    the transaction) for six or eleven rows, on every list page and the home page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedModelChoiceIterator
