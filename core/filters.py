"""Filter pieces shared by the apps' FilterSets (HTML lists and the API alike)."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cache import public_version, reads


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a `search` parameter over the fields named in `search_fields`.

    Search goes through a form field, so bad input (a NUL byte, an over-long string)
    is a 400 with a message, never a database error."""

    search_fields: tuple[str, ...] = ()

    search = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)

    def get_form_class(self):
        """The form class, built once per FilterSet class rather than on every request
        (a form field made for each filter, then a class): the fields depend on the
        class's filters alone (no filter here takes its choices from the request), and
        each form still works on copies of them (Django's forms deep-copy their base
        fields, a model choice field its queryset)."""
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._form_class = form_class
        return form_class

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
    eleven rows. Only a whole table in its default order is kept (the key names the
    model, not the SQL, which costs as much to write as to run), and only for models in
    ASCN_PUBLIC_MODELS: a change to them moves the version."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.listed_choices()

    def listed_choices(self):
        queryset = self.queryset.all()
        query = queryset.query
        whole_table = queryset.model._meta.label in settings.ASCN_PUBLIC_MODELS and not (
            query.where.children
            or query.order_by
            or query.annotations
            or query.extra
            or query.distinct
            or query.low_mark
            or query.high_mark is not None
        )
        if not whole_table:  # read as it is asked
            return [self.choice(obj) for obj in queryset]
        field = self.field
        key = (
            f"choices:{public_version()}:{queryset.db}:{queryset.model._meta.label}:"
            f"{type(field).__qualname__}:{field.to_field_name}"
        )
        choices = reads.get(key)
        if choices is None:
            choices = [self.choice(obj) for obj in queryset]
            reads.set(key, choices, nbytes=len(key) + 200 * len(choices))
        return choices


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedModelChoiceIterator
