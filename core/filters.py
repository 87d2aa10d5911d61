"""Filter pieces shared by the apps' FilterSets (HTML lists and the API alike)."""

import copy

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cache import public_version, reads


class SharedFilters(dict):
    """A FilterSet class's `base_filters`, copied for each request as django-filter
    copies them (each FilterSet sets the model and itself as the parent of its own
    filters), without copying deeply what no request changes: each filter's keyword
    arguments for its form field (choices, querysets, widgets). `copy.deepcopy` of
    the marketplace's filters walked some 300 objects a request (0.18 ms)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            clone = copy.copy(filter_)
            clone.extra = dict(filter_.extra)
            if isinstance(filter_.__dict__.get("filter"), django_filters.filters.FilterMethod):
                clone.filter = django_filters.filters.FilterMethod(clone)  # bound to the copy
            copies[name] = clone
        return copies


class SharedFields(dict):
    """A filter form class's `base_fields`, copied for each form as Django copies them
    (`Field.__deepcopy__`: the field, its widget, messages and validators; a model
    choice field's queryset cloned) except a choice field's choices, which are read
    and never changed: Django deep-copies every (value, label) pair of them, some 250
    objects for the marketplace's form (0.19 ms a request)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, field in self.items():
            clone = copy.copy(field)
            clone.widget = copy.deepcopy(field.widget, memo)  # its attrs; a select's list
            clone.error_messages = field.error_messages.copy()
            clone.validators = field.validators[:]
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                clone.queryset = field.queryset.all()
            copies[name] = clone
        return copies


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
        fields, a model choice field its queryset: `SharedFields`)."""
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), SharedFilters):
            cls.base_filters = SharedFilters(cls.base_filters)
        super().__init__(*args, **kwargs)

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
