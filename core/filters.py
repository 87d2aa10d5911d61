"""Filter pieces shared by the apps' FilterSets (HTML lists and the API alike)."""

import django_filters
from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cache import public_version, reads


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
    plain query, once per public data version in each process (core.cache.reads): every
    list page and the home page shows them in its filter form. Django reads them
    through `.iterator()`, which on PostgreSQL opens a server-side cursor (DECLARE,
    FETCH, CLOSE: three round trips, the rows held past the transaction) for six or
    eleven rows. Only for models in ASCN_PUBLIC_MODELS: a change to them moves the
    version."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.listed_choices()

    def listed_choices(self):
        queryset = self.queryset.all()
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return []
        field = self.field
        key = (
            f"choices:{public_version()}:{queryset.db}:{type(field).__qualname__}:"
            f"{field.to_field_name}:{sql}:{params!r}"
        )
        choices = reads.get(key)
        if choices is None:
            choices = [self.choice(obj) for obj in queryset]
            reads.set(key, choices, nbytes=len(key) + 200 * len(choices))
        return choices


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedModelChoiceIterator
