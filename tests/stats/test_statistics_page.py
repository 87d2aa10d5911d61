"""/statistics/ renders its figures once per public data version, member state, language
and year (stats.views.figures_html) and its member-state select from the listed choices
(core.filters, core.renderers): the page is the HTML the former view and template wrote,
character for character, it follows a change of the data, and a dead shared cache only
makes it dearer."""

import re
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import caches_clear
from core.redis_cache import cache_is_down, reset_outage_state
from tests.factories import CityFactory, MemberStateFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("stats:statistics")


@pytest.mark.parametrize(
    ("query", "status", "shows"),
    [
        ("", 200, "All member states"),
        ("member_state=aa", 200, 'value="AA" selected'),
        ("member_state=BB", 200, 'value="BB" selected'),
        ("member_state=ZZ", 400, "Select a valid choice"),
    ],
)
def test_the_kept_figures_are_the_figures_built_afresh(client, counted, query, status, shows):
    """The page is the same whether its figures were just built, read from this
    process's memory, or built again after the memory was emptied (the page's HTML
    was compared with the former view's, page for page, when the figures were first
    kept: bench/RESULTS.md)."""
    pages = []
    for attempt in ("built", "kept", "emptied"):
        if attempt == "emptied":
            caches_clear()
        response = client.get(URL, QUERY_STRING=f"{query}&reader={attempt}")
        assert response.status_code == status
        pages.append(response.content.decode())
    assert pages[0] == pages[1] == pages[2]
    assert shows in pages[0]
    if status == 200:
        assert pages[0].count("<svg") >= 5 and "choropleth-config" in pages[0]


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
