"""Mixins for the portal's HTML pages."""


class BreadcrumbsMixin:
    """Pages name their trail as (url, label) pairs; the last one is the page itself."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


class FilteredPageMixin:
    """For HTML pages: binds the query string to `filterset_class` over `base_queryset()`.
    Invalid input lists nothing and the form shows its errors; no input lists all."""

    filterset_class = None

    def base_queryset(self):
        raise NotImplementedError

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = self.filterset_class(
                self.request.GET or None, queryset=self.base_queryset(), request=self.request
            )
        return self._filterset

    def filtered_queryset(self):
        filterset = self.get_filterset()
        if filterset.is_bound and not filterset.is_valid():
            return filterset.queryset.none()
        return filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(filterset=self.get_filterset(), query_without_page=params.urlencode())
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
