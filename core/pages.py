"""Mixins and helpers for the portal's HTML pages."""

from django import forms
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .cache import form_fields, public_version
from .renderers import renderer as python_widget_renderer
from .rows import escaped


class BreadcrumbsMixin:
    """Pages name their trail as (url, label) pairs; the last one is the page itself."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


# One visible field of a filter form (includes/_filter_form.html), written here rather
# than in a template loop: the markup the loop wrote, character for character
# (tests/core/test_pages.py compares the two on every public filter form).
FILTER_FIELD = (
    '\n    <div class="field{error_class}">\n'
    '      <label for="{label_for}">{label}</label>\n'
    "      {widget}\n"
    "      {errors}\n"
    "    </div>\n  "
)


def filter_fields(form, kept_for=None):
    """The visible fields of a filter form: label, widget and errors of each.

    With `kept_for` (the view, which decides the form's fields and widgets), a field
    without errors is written once per process for each value it shows, in each
    language and public data version (its choices may list records), and kept in
    `core.cache.form_fields`: a list's form is mostly the same from one request to the
    next, and writing its selects' options was a tenth of a list page's Python. A
    field with errors is always written afresh."""
    parts = []
    key = None
    if kept_for is not None:
        key = (kept_for, form.prefix, get_language(), public_version())
    for field in form.visible_fields():
        errors = field.errors
        if key is not None and not errors:
            value = field.value()
            field_key = (*key, field.html_name, tuple(value) if type(value) is list else value)
            try:
                part = form_fields.get(field_key)
            except TypeError:  # a value that cannot be a key: written afresh
                field_key = part = None
            if part is None:
                part = _filter_field(field, errors)
                if field_key is not None:
                    # The key holds the value too (a checkbox field's may be long).
                    nbytes = len(part) + len(repr(value)) + 200
                    form_fields.set(field_key, part, nbytes=nbytes)
            parts.append(part)
            continue
        parts.append(_filter_field(field, errors))
    return SafeString("".join(parts))


def _filter_field(field, errors):
    """One field of a filter form (FILTER_FIELD)."""
    error_html = ""
    if errors:
        messages = " ".join(conditional_escape(message) for message in errors)
        error_html = (
            f'<p class="field-error" id="{escaped(field.auto_id)}-error" role="alert">'
            f"{messages}</p>"
        )
    return FILTER_FIELD.format(
        error_class=" has-error" if errors else "",
        label_for=escaped(field.id_for_label),
        label=escaped(field.label),
        widget=escaped(field),
        errors=error_html,
    )


def _canonical(value):
    """A filter's cleaned value as rows_key writes it: a record by its model and key
    (two cities may share a name), several values sorted."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        return tuple(sorted((_canonical(item) for item in value), key=repr))
    return value


class FilteredPageMixin:
    """For HTML pages: binds the query string to `filterset_class` over `base_queryset()`.
    Invalid input lists nothing and the form shows its errors; no input lists all.

    Filters named in `chip_filters` choose among rows that grow with the network (a
    city among 12,000): the form does not offer them as a select. When the query string
    sets one (a city's page links to its projects with `?city=<slug>`), the form keeps it
    in a hidden input and the page shows it as a chip with a link that removes it.

    The form's widgets are written by core.renderers (the same HTML, less Python)."""

    filterset_class = None
    chip_filters = ()

    def base_queryset(self):
        raise NotImplementedError

    def base_key(self):
        """A name for base_queryset() when it is the same for every reader and depends
        on nothing but this name (the marketplace's: the projects seeking partners on
        a day), else None: see rows_key."""
        return None

    def rows_key(self):
        """What names the page's rows as surely as their SQL: the view, its base's name
        and the filters' cleaned values (a record by its key, several values in order),
        or None (no base_key, or invalid filters). The count is kept under it
        (core.pagination.count_key), so a page need not compile the count's SQL to find
        it."""
        base = self.base_key()
        if base is None:
            return None
        filterset = self.get_filterset()
        if filterset.is_bound and not filterset.is_valid():
            return None
        values = filterset.form.cleaned_data if filterset.is_bound else {}
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        return repr((view, base, sorted((name, _canonical(v)) for name, v in values.items())))

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = self.filterset_class(
                self.request.GET or None, queryset=self.base_queryset(), request=self.request
            )
            form = self._filterset.form
            form.renderer = python_widget_renderer
            for name in self.chip_filters:
                if name in form.fields:
                    form.fields[name].widget = forms.HiddenInput()
        return self._filterset

    def filter_chips(self):
        """The chip filters the query string sets: label, the value as a reader knows it
        (the city's name), the link that removes it, and its errors if it is invalid."""
        filterset = self.get_filterset()
        form = filterset.form
        if not form.is_bound:
            return []
        chips = []
        for name in self.chip_filters:
            raw = form.data.get(name)
            if name not in form.fields or not raw:
                continue
            filterset.is_valid()
            value = getattr(form, "cleaned_data", {}).get(name)
            params = self.request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            query = params.urlencode()
            chips.append(
                {
                    "name": name,
                    "label": form.fields[name].label,
                    "text": str(value) if value is not None else raw,
                    "remove_url": self.request.path + (f"?{query}" if query else ""),
                    "errors": form.errors.get(name, []),
                }
            )
        return chips

    def filtered_queryset(self):
        filterset = self.get_filterset()
        if filterset.is_bound and not filterset.is_valid():
            return filterset.queryset.none()
        return filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        filterset = self.get_filterset()
        context.update(
            filterset=filterset,
            filter_fields=filter_fields(filterset.form, kept_for=type(self)),
            filter_chips=self.filter_chips(),
            query_without_page=params.urlencode(),
        )
        return context


def truncated(text, length=60):
    """A long title cut to `length` characters for admin lists, the full title shown on
    hover (and read by screen readers from the title attribute)."""
    from django.utils.html import format_html
    from django.utils.text import Truncator

    text = str(text or "")
    short = Truncator(text).chars(length)
    if short == text:
        return text
    return format_html('<span title="{}">{}</span>', text, short)
