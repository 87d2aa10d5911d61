"""The network in numbers: the public statistics page with its charts, tables and CSVs,
the annual progress pack, and the secretariat's monitoring dashboard."""

import csv
import io
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse, reverse_lazy
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cities.models import MemberState
from core.cache import memo, public_version
from core.filters import ListedModelChoiceField
from core.pages import BreadcrumbsMixin
from core.permissions import is_secretariat
from core.renderers import renderer as python_widget_renderer
from core.rows import escaped

from . import charts, figures, monitoring


class MemberStateField(ListedModelChoiceField):
    """The member states, listed once per public data version in each process
    (core.filters); a code among them is taken from that list, with no query (anything
    else is asked of the database, as Django's field asks it, and refused)."""

    def to_python(self, value):
        if isinstance(value, str) and value:
            for choice, _label in self.iterator(self).listed_choices():
                if choice.value == value:
                    return choice.instance
        return super().to_python(value)


class MemberStateForm(forms.Form):
    """`?member_state=VN`, as in the lists: the whole page for one member state. Its
    select is written by core.renderers (Django's templates' HTML, less Python)."""

    default_renderer = python_widget_renderer

    member_state = MemberStateField(
        label=_("Member state"),
        queryset=MemberState.objects.all(),
        to_field_name="iso_alpha2",
        required=False,
        empty_label=_("All member states"),
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("member_state"):
            data = data.copy()
            data["member_state"] = data["member_state"].upper()
        super().__init__(data, *args, **kwargs)


def _member_state(request):
    form = MemberStateForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None, False
    member_state = form.cleaned_data.get("member_state") if form.is_bound else None
    return form, member_state, True


# Figures whose table has a third column, and the row's `extra` value it shows.
EXTRA_COLUMNS = {"cities-by-year-joined": "cumulative", "costs-by-currency": "projects"}
TABLE_ROW = (
    '\n        <tr><th scope="row">{label}</th><td class="num">{value}</td>{extra}</tr>\n      '
)


def table_rows(figure):
    """The rows of a figure's table, written here rather than in a template loop: the
    markup the loop wrote, character for character (tests/stats/test_views.py compares
    the two), for a page of about a dozen tables."""
    extra_name = EXTRA_COLUMNS.get(figure.key)
    parts = []
    for row in figure.rows:
        label = escaped(row.label)
        if row.url:
            label = f'<a href="{escaped(row.url)}">{label}</a>'
        extra = ""
        if extra_name is not None:
            extra = f'<td class="num">{escaped(row.extra.get(extra_name, ""))}</td>'
        parts.append(TABLE_ROW.format(label=label, value=escaped(row.value), extra=extra))
    return SafeString("".join(parts))


class StatisticsView(BreadcrumbsMixin, TemplateView):
    """/statistics/: every figure as a chart, a text summary and a table, each figure
    linking to the list it counts and downloadable as CSV."""

    template_name = "stats/statistics.html"

    def get_breadcrumbs(self):
        return [(None, _("The network in numbers"))]

    def get(self, request, *args, **kwargs):
        form, member_state, valid = _member_state(request)
        if not valid:
            context = self.get_context_data(form=form, figures_html="", invalid=True)
            return self.render_to_response(context, status=400)
        context = self.get_context_data(
            form=form, member_state=member_state, figures_html=figures_html(member_state)
        )
        return self.render_to_response(context)


def figures_html(member_state):
    """The figures' part of the page (contents, each figure's chart, summary, table and
    CSV link, the map's section and data, the progress packs' years), rendered once per
    public data version, member state, language and year, and kept in this process's
    memory (core.cache.memo, not the shared cache: the markup names this release's
    static files and URLs). It depends on nothing else: not on the reader, nor on the
    rest of the request. Rebuilding it reads the figures and the choropleth, which
    are cached per data version themselves; a shared cache that is down only makes that
    dearer (core.redis_cache)."""
    year = timezone.now().year
    code = member_state.iso_alpha2 if member_state else "-"
    # The version is read first: the markup is kept under the version it was built
    # from or an earlier one, never under a later one.
    # The markup's links are reversed under the request's script prefix: it is part of
    # the key (a forwarded SCRIPT_NAME must not reach another reader's page).
    key = (
        f"stats:figures-html:{public_version()}:{code}:{get_language()}:{year}:"
        f"{get_script_prefix()}"
    )
    html = memo.get(key)
    if html is None:
        html = _figures_html(member_state, year)
        memo.set(key, html, len(html))
    return html


def _figures_html(member_state, year):
    query = f"?member_state={member_state.iso_alpha2}" if member_state else ""
    shown = [
        {
            "figure": item,
            "chart": charts.chart(item),
            "table_rows": table_rows(item),
            "csv_url": reverse("stats:figure_csv", kwargs={"key": item.key}) + query,
        }
        for item in figures.figures(member_state)
    ]
    context = {
        "figures": shown,
        "map_config": {
            "outlinesUrl": static("geo/asean-outlines.geojson"),
            "data": figures.choropleth(),
            "selected": member_state.iso_alpha2 if member_state else None,
            "labels": {
                "cities": str(_("Member cities")),
                "projects": str(_("Published projects")),
                "seeking": str(_("Projects seeking partners")),
                "legend": str(_("Legend")),
                "none": str(_("None")),
            },
        },
        "report_years": range(year, 2017, -1),
    }
    return SafeString(render_to_string("stats/_figures.html", context))


def _csv_value(value):
    """Amounts with two decimals, whatever the database returned."""
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def _csv_cell(value):
    """Spreadsheet-safe: a cell that starts like a formula is taken as text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class FigureCSVView(View):
    """One figure's data as CSV (UTF-8 with BOM, for spreadsheets)."""

    def get(self, request, key):
        _form, member_state, valid = _member_state(request)
        if not valid:
            return HttpResponse(
                "member_state: not a member state code\n", status=400, content_type="text/plain"
            )
        item = figures.figure(key, member_state)
        if item is None:
            raise Http404
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        extra = sorted({name for row in item.rows for name in row.extra})
        writer.writerow([item.label_header, item.value_header, *extra])
        for row in item.rows:
            writer.writerow(
                [
                    _csv_cell(row.label),
                    _csv_value(row.value),
                    *(row.extra.get(name, "") for name in extra),
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        suffix = f"-{member_state.iso_alpha2.lower()}" if member_state else ""
        response["Content-Disposition"] = f'attachment; filename="{item.key}{suffix}.csv"'
        return response


class YearReportView(BreadcrumbsMixin, TemplateView):
    """/statistics/report/<year>/: the year in one printable page, for the annual meeting."""

    template_name = "stats/year_report.html"

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("stats:statistics"), _("The network in numbers")),
            (None, _("Progress in %(year)s") % {"year": self.kwargs["year"]}),
        ]

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        if not 2018 <= year <= timezone.now().year:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(figures.year_report(year))
        return context


class MonitoringView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """/my/monitoring/: the secretariat's dashboard in place of the manual report."""

    template_name = "stats/monitoring.html"

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("Monitoring"))]

    def get_context_data(self, **kwargs):
        if not is_secretariat(self.request.user):
            raise PermissionDenied(_("The monitoring dashboard is for the secretariat."))
        context = super().get_context_data(**kwargs)
        table, statuses = monitoring.plans_by_status_and_member_state()
        context.update(
            status_table=[
                (state, [counts.get(key, 0) for key, _label in statuses]) for state, counts in table
            ],
            statuses=statuses,
            review_times=monitoring.review_times(),
            overdue=monitoring.overdue_reviews(),
            overdue_days=settings.ASCN_REVIEW_OVERDUE_DAYS,
            stale_cities=monitoring.cities_without_current_plan(),
            interests=monitoring.interests_by_status(),
        )
        return context
