"""Pagination that stays cheap on a cache miss: counts cached per data version (and
right after an edit), pages read keys first (a deep page costs what page 1 costs),
and a dead cache only makes the count dearer."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cities.models import City
from core import pagination
from core.pagination import KeysFirstPaginator, cached_count, page_rows
from plans.models import PriorityProject
from tests.factories import CityFactory
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db

API = "/api/v1"


def queries_of(client, url):
    """Queries of one request, the caches left as they are."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, context.captured_queries


def test_page_rows_match_plain_slices_in_order():
    build_network(23)
    cities = City.objects.active().select_related("member_state").order_by("-name")
    expected = list(cities.values_list("pk", flat=True))
    got = []
    for bottom in range(0, 23, 5):
        rows = page_rows(cities, bottom, bottom + 5)
        assert all(row.member_state.name for row in rows)  # joins kept
        got += [row.pk for row in rows]
    assert got == expected
    assert page_rows(cities, 100, 105) == []


def test_page_rows_of_a_list_are_slices():
    assert page_rows([1, 2, 3, 4], 1, 3) == [2, 3]
    assert cached_count([1, 2, 3]) == 3


def test_paginator_pages_cover_every_row_once():
    build_network(12)
    paginator = KeysFirstPaginator(City.objects.order_by("slug"), 5)
    assert paginator.count == 12 and paginator.num_pages == 3
    slugs = [city.slug for n in paginator.page_range for city in paginator.page(n)]
    assert slugs == sorted(City.objects.values_list("slug", flat=True))
    assert len(paginator.page(3)) == 2


def test_count_is_cached_per_query():
    build_network(7)
    queryset = City.objects.active()
    assert cached_count(queryset) == 7
    with CaptureQueriesContext(connection) as context:
        assert cached_count(queryset.order_by("-name")) == 7  # same rows, same key
    assert context.captured_queries == []
    assert cached_count(queryset.filter(name__endswith="city 3")) == 1


def test_count_is_right_after_an_edit():
    build_network(7)
    queryset = City.objects.active()
    assert cached_count(queryset) == 7
    CityFactory()  # a save bumps the public data version
    assert cached_count(queryset) == 8
    City.objects.filter(pk=City.objects.first().pk).first().delete()
    assert cached_count(queryset) == 7


def test_a_count_read_again_comes_from_the_process_without_a_round_trip():
    build_network(3)
    queryset = City.objects.active()
    assert cached_count(queryset) == 3

    def counts_asked(shared):
        return [call for call in shared.call_args_list if call.args[0].startswith("count:")]

    with mock.patch.object(pagination.cache, "get", wraps=pagination.cache.get) as shared:
        assert cached_count(queryset) == 3
        assert counts_asked(shared) == []
        CityFactory()  # a new data version: a new key, asked of the shared cache
        assert cached_count(queryset) == 4
        assert len(counts_asked(shared)) == 1


def test_a_list_of_what_is_not_public_data_is_counted_afresh():
    """Counts are kept per public data version, which only public models move: a
    reader's expressions of interest are counted each time (a kept count would cut the
    list short after a new one)."""
    from partnerships.models import Interest
    from tests.factories import InterestFactory

    InterestFactory()
    assert cached_count(Interest.objects.all()) == 1
    InterestFactory()
    assert cached_count(Interest.objects.all()) == 2


def test_count_survives_a_cache_outage():
    build_network(4)
    broken = mock.Mock(side_effect=ConnectionError("redis down"))
    with mock.patch.object(pagination.cache, "get", broken):
        assert cached_count(City.objects.all()) == 4
    with mock.patch.object(pagination.cache, "set", broken):
        assert cached_count(City.objects.filter(name__startswith="bulk")) == 4


def test_api_count_asked_once_per_data_version():
    build_network(120)
    client = APIClient()
    first, queries = queries_of(client, f"{API}/cities/?page=1&x=1")
    assert first.json()["count"] == 120
    assert any("COUNT(" in q["sql"] for q in queries)
    second, queries = queries_of(client, f"{API}/cities/?page=2&x=2")
    assert second.json()["count"] == 120
    assert not any("COUNT(" in q["sql"] for q in queries)


@pytest.mark.parametrize("endpoint", ["cities", "action-plans", "projects"])
def test_api_deep_page_costs_one_query_more_than_page_one(endpoint):
    build_network(130)
    client = APIClient()
    first = count_queries(client, f"{API}/{endpoint}/?page_size=10")
    deep = count_queries(client, f"{API}/{endpoint}/?page_size=10&page=13")
    # Page 1 reads its rows in one query; a deep page reads its keys first.
    assert deep == first + 1


def test_api_deep_page_keys_skip_rows_without_the_columns_joins():
    """The skipped rows are read for their keys only: the columns' joins (a city's
    member state) are left to the page's own rows."""
    build_network(130)
    response, queries = queries_of(APIClient(), f"{API}/cities/?page_size=10&page=13")
    assert response.status_code == 200 and len(response.json()["results"]) == 10
    (keys,) = [q["sql"] for q in queries if "OFFSET" in q["sql"]]
    assert "JOIN" not in keys


@pytest.mark.parametrize("endpoint", ["cities", "action-plans", "projects"])
def test_api_next_links_walk_every_row_once(endpoint):
    build_network(26)
    client = APIClient()
    url, seen, count = f"{API}/{endpoint}/?page_size=7", [], None
    while url:
        body = client.get(url).json()
        count = body["count"]
        seen += [row.get("uuid") or row.get("slug") for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == count
    model = {"cities": City, "projects": PriorityProject}.get(endpoint)
    if model is City:
        assert count == 26
    elif model is PriorityProject:
        assert count == PriorityProject.objects.published().count() == 52


def test_api_page_order_is_the_lists_order():
    build_network(30)
    client = APIClient()
    walked = []
    for page in (1, 2, 3):
        body = client.get(f"{API}/cities/", {"page_size": 10, "page": page, "ordering": "-name"})
        walked += [row["slug"] for row in body.json()["results"]]
    assert walked == list(City.objects.order_by("-name").values_list("slug", flat=True))


def test_html_city_list_deep_page_costs_what_page_one_costs(client):
    build_network(130)
    first = count_queries(client, "/cities/")
    deep = count_queries(client, "/cities/?page=3")
    assert deep == first + 1  # page 1 reads its rows in one query; a deep page keys first
    response = client.get("/cities/?page=3&fresh=1")  # not the cached answer
    names = [city.name for city in response.context["cities"]]
    assert names == list(
        City.objects.active().order_by("name").values_list("name", flat=True)[100:130]
    )


def test_filter_dropdowns_read_without_a_server_side_cursor(client):
    """The member-state and focus-area choices: every choice, in order, the empty choice
    first, and no cursor declared for them (PostgreSQL; SQLite has no such cursor)."""
    from cities.filters import CityFilterSet
    from cities.models import FocusArea, MemberState

    build_network(3)
    form = CityFilterSet(None, queryset=City.objects.all()).form
    states = [label for value, label in form.fields["member_state"].choices]
    assert states[1:] == [str(s) for s in MemberState.objects.order_by("name")]
    assert str(states[0]) == "All member states"
    areas = [value for value, label in form.fields["focus_area"].choices][1:]
    assert [str(a) for a in areas] == list(FocusArea.objects.values_list("key", flat=True))
    clear = CaptureQueriesContext(connection)
    with clear:
        assert client.get("/cities/?fresh=dropdowns").status_code == 200
    assert not any("DECLARE" in q["sql"].upper() for q in clear.captured_queries)


def test_page_rows_as_named_columns_match_model_rows():
    build_network(23)
    cities = City.objects.active().select_related("member_state").order_by("-name")
    columns = ("pk", "name", "member_state__name")
    expected = [(c.pk, c.name, c.member_state.name) for c in cities]
    for size in (5, 7):
        got = []
        for bottom in range(0, 23, size):
            with CaptureQueriesContext(connection) as context:
                rows = page_rows(cities, bottom, bottom + size, columns)
            assert len(context.captured_queries) == (1 if bottom == 0 else 2)
            got += [(row.pk, row.name, row.member_state__name) for row in rows]
        assert got == expected
    paginator = KeysFirstPaginator(cities, 10, columns=columns)
    assert [row.name for row in paginator.page(3)] == [c.name for c in cities[20:]]


def test_rows_that_tie_on_the_ordering_are_each_on_exactly_one_page():
    """Cities of one name tie on the list's ordering: the pages add the key to it."""
    state = build_network(1)[0].member_state
    City.objects.bulk_create(
        City(
            name="Same Name",
            slug=f"same-name-{i}",
            member_state=state,
            latitude="1.3",
            longitude="103.8",
            joined_year=2018,
            cohort="pilot_2018",
        )
        for i in range(25)
    )
    client = APIClient()
    slugs = []
    for page in (1, 2, 3):
        response, _queries = queries_of(client, f"{API}/cities/?page_size=10&page={page}")
        slugs += [row["slug"] for row in response.json()["results"]]
    assert len(slugs) == len(set(slugs)) == 26
    assert set(slugs) == set(City.objects.active().values_list("slug", flat=True))
