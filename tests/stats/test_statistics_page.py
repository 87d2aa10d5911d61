"""/statistics/ renders its figures once per public data version, member state, language
and year (stats.views.figures_html) and its member-state select from the listed choices
(core.filters, core.renderers): the page is the HTML the former view and template wrote,
character for character, it follows a change of the data, and a dead shared cache only
makes it dearer."""

import re
import socket
from pathlib import Path

import pytest
from django import forms
from django.db import connection
from django.template import engines
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import MemberState
from core.cache import caches_clear
from core.redis_cache import cache_is_down, reset_outage_state
from stats import charts, figures
from stats.views import table_rows
from tests.factories import CityFactory, MemberStateFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("stats:statistics")
# The page's template before its figures were rendered apart (templates/stats/
# statistics.html as it was), rendered below with the context the view then built.
BEFORE = engines["django"].from_string(
    (Path(__file__).parent / "statistics_before.html").read_text(encoding="utf-8")
)


class FormBefore(forms.Form):
    """The form as it was: Django's field, its query and its template renderer."""

    member_state = forms.ModelChoiceField(
        label=_("Member state"),
        queryset=MemberState.objects.all(),
        to_field_name="iso_alpha2",
        required=False,
        empty_label=_("All member states"),
    )

    def __init__(self, data=None):
        if data is not None and data.get("member_state"):
            data = data.copy()
            data["member_state"] = data["member_state"].upper()
        super().__init__(data)


def page_before(request):
    """The page as the former StatisticsView.get rendered it for `request`."""
    form = FormBefore(request.GET or None)
    context = {"breadcrumbs": [(None, _("The network in numbers"))], "form": form}
    if form.is_bound and not form.is_valid():
        return BEFORE.render({**context, "figures": [], "invalid": True}, request)
    member_state = form.cleaned_data.get("member_state") if form.is_bound else None
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
    map_config = {
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
    }
    context.update(
        member_state=member_state,
        figures=shown,
        map_config=map_config,
        report_years=range(timezone.now().year, 2017, -1),
    )
    return BEFORE.render(context, request)


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 200), ("member_state=aa", 200), ("member_state=BB", 200), ("member_state=ZZ", 400)],
)
def test_statistics_page_is_the_html_the_former_view_wrote(client, counted, query, status):
    for attempt in ("built", "kept"):  # the figures rendered, then read from memory
        response = client.get(URL, QUERY_STRING=f"{query}&reader={attempt}")
        assert response.status_code == status
        assert response.content.decode() == page_before(response.wsgi_request), attempt


def test_statistics_page_follows_a_new_member_state_and_city(client, counted):
    client.force_login(UserFactory())  # a signed-in reader: no response cache
    page = client.get(URL).text
    assert 'value="GG"' not in page and "?member_state=GG" not in page
    gamma = MemberStateFactory(name="Gammaland", iso_alpha2="GG", iso_alpha3="GGG")
    page = client.get(URL).text
    assert '<option value="GG">Gammaland</option>' in page
    assert "?member_state=GG" not in page  # no city of its own yet
    CityFactory(name="G One", member_state=gamma, joined_year=2024, cohort="later")
    page = client.get(URL).text
    assert reverse("cities:city_list") + "?member_state=GG" in page
    chosen = client.get(URL, {"member_state": "gg"})
    assert chosen.status_code == 200
    assert '<option value="GG" selected>Gammaland</option>' in chosen.text
    assert "The network in numbers: Gammaland" in chosen.text
    assert "1 member city in 1 member state." in chosen.text


def without_token(page):
    """The page but the sign-out form's CSRF token (masked afresh for each request)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_known_member_state_page_reads_no_data_once_built(client, counted):
    client.force_login(UserFactory())
    first = client.get(URL, {"member_state": "AA"})
    with CaptureQueriesContext(connection) as context:
        again = client.get(URL, {"member_state": "AA"})
    assert without_token(again.text) == without_token(first.text)
    # The session and the user only: no member state, city, plan or agreement.
    tables = ("cities_", "plans_", "partnerships_")
    assert not [q["sql"] for q in context.captured_queries if any(t in q["sql"] for t in tables)]
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, {"member_state": "ZZ"}).status_code == 400
    assert any("cities_memberstate" in q["sql"] for q in context.captured_queries)


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def outage_state():
    reset_outage_state()
    yield
    reset_outage_state()


@pytest.mark.parametrize("query", ["", "member_state=AA"])
def test_statistics_page_renders_the_same_while_the_cache_is_down(
    client, counted, settings, outage_state, query
):
    expected = client.get(URL, QUERY_STRING=f"{query}&cache=up").content
    caches_clear()
    # The shared cache becomes a Redis that does not answer (nothing listens on its port).
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for attempt in ("first", "again"):
        response = client.get(URL, QUERY_STRING=f"{query}&cache={attempt}")
        assert response.status_code == 200
        assert response.content == expected, attempt
    assert cache_is_down()
