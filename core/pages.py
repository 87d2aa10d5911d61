"""Mixins and helpers for the portal's HTML pages."""

from urllib.parse import quote

from django import forms
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString

from .renderers import renderer as python_widget_renderer


class UrlPattern:
    """The URL of a named route with one varying argument, reversed once for a whole
    list: each row's URL is the pattern with its value put in, quoted as reverse()
    quotes it, so a page of fifty rows pays for one reverse() instead of fifty. `marker`
    must be a value the route's converter accepts (the default suits slug and str
    routes; pass UUID_MARKER for a uuid route). Row values are not checked against the
    converter as reverse() checks them: give it the slugs and codes the rows hold."""

    MARKER = "ascn-url-marker-7f3a"
    UUID_MARKER = "7f3a7f3a-0000-4000-8000-7f3a7f3a7f3a"

    def __init__(self, viewname, argument, marker=MARKER):
        url = reverse(viewname, kwargs={argument: marker})
        self.head, found, self.tail = url.rpartition(marker)
        if not found:
            raise ValueError(f"{viewname}: the marker {marker!r} is not in {url!r}")

    def __call__(self, value):
        return f"{self.head}{quote(str(value), safe=RFC3986_SUBDELIMS + '/~:@')}{self.tail}"


class BreadcrumbsMixin:
    """Pages name their trail as (url, label) pairs; the last one is the page itself."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


_AUTOESCAPED = Context(autoescape=True)


class BlockTranslation:
    """`{% blocktranslate with name=value %}…{% endblocktranslate %}` in Python, for the
    rows of a list: the message is translated once per list, and each row's values are
    escaped as the tag escapes them. Give the tag's msgid lazily, so that makemessages
    finds it: `BlockTranslation(gettext_lazy("joined %(year)s"))`."""

    def __init__(self, message):
        self.text = str(message)

    def __call__(self, **values):
        data = {name: render_value_in_context(v, _AUTOESCAPED) for name, v in values.items()}
        return SafeString(self.text % data)


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
        context.update(
            filterset=self.get_filterset(),
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
