"""The API's JSON lists read from plain values (core.list_reader) write exactly what
DRF's own path writes: the same pages, key for key and value for value, for every
reader (anonymous, a CSCO, the secretariat), filter, ordering and page."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from cities.api.serializers import MemberStateSerializer
from core import list_reader
from partnerships.api.serializers import PartnershipAgreementSerializer
from plans.models import ActionPlanStatus
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    MemberStateFactory,
    PartnerFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/cities/",
    "/api/v1/cities/?search=town",
    "/api/v1/cities/?ordering=-population&page_size=2&page=2",
    "/api/v1/cities/?member_state=ZV",
    "/api/v1/action-plans/",
    "/api/v1/action-plans/?page_size=2&page=2",
    "/api/v1/action-plans/?status=draft",
    "/api/v1/projects/",
    "/api/v1/projects/?ordering=-estimated_cost",
    "/api/v1/projects/?seeking_partners=true",
    "/api/v1/focus-areas/",
    "/api/v1/strategic-outcomes/",
    "/api/v1/partners/",
]


@pytest.fixture
def network():
    """Rows with every kind of value: nulls and blanks, decimals, dates and times,
    JSON lists, slugs through joins, several focus areas in a set order, inactive
    cities, drafts beside approved plans, and a project seeking partners."""
    viet_nam = MemberStateFactory(iso_alpha2="ZV", name="Zed Viet")
    other = MemberStateFactory()
    areas = [FocusAreaFactory(position=i) for i in (3, 1, 2)]
    cities = [
        CityFactory(
            member_state=viet_nam,
            name="Da Nang town",
            population=1_220_000,
            population_year=2023,
            sources=[{"url": "https://example.org/a"}],
        ),
        CityFactory(
            member_state=viet_nam,
            name="Hue",
            ascn_listed_name="Hué town",
            latitude=Decimal("16.4637"),
            longitude=Decimal("107.5909"),
        ),
        CityFactory(member_state=other, name="Über town", population=None),
        CityFactory(member_state=other, name="Quiet city", is_active=False),
    ]
    for index, city in enumerate(cities):
        approved = ActionPlanFactory(
            city=city,
            status=ActionPlanStatus.APPROVED,
            published_at=datetime.datetime(2025, 3, index + 1, 8, 30, tzinfo=datetime.UTC),
            vision="Line one\nline two",
        )
        approved.focus_areas.set(areas[: index + 1])
        ActionPlanFactory(city=city, status=ActionPlanStatus.DRAFT, title=f"Draft {index}")
        for position in range(3):
            project = PriorityProjectFactory(
                plan=approved,
                position=position,
                title=f"Project {index}-{position}",
                estimated_cost=None if position == 2 else Decimal("1234.50") * (index + 1),
                is_seeking_partners=position == 0,
                support_kinds=["finance", "expertise"] if position == 0 else [],
                seeking_until=datetime.date(2027, 1, 31) if position == 0 else None,
            )
            project.focus_areas.set(areas[position:])
    PartnerFactory(aliases=["Alias A", "Alias B"])
    return cities


def pages(client, url):
    answer = client.get(url, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200, answer.content[:500]
    return answer


def both_ways(client, url):
    """The page read by the values reader and by DRF's own path: the same bytes (keys
    in the same order, values written alike), returned parsed."""
    fast = pages(client, url)
    with mock.patch.object(list_reader, "for_serializer", lambda serializer_class: None):
        from tests.conftest import clear_caches

        clear_caches()
        slow = pages(client, url)
    assert fast.content == slow.content
    return fast.json(), slow.json()


@pytest.mark.parametrize("url", URLS)
def test_anonymous_pages_are_drf_pages(network, url):
    fast, slow = both_ways(Client(), url)
    assert fast == slow
    assert fast["count"] == slow["count"]


@pytest.mark.parametrize("url", [u for u in URLS if "action-plans" in u or "projects" in u])
def test_signed_in_pages_are_drf_pages(network, url):
    officer = UserFactory(username="officer")
    ChiefSmartCityOfficerFactory(city=network[0], user=officer)
    staff = UserFactory(username="staff", secretariat=True)
    for user in (officer, staff):
        client = Client()
        client.force_login(user)
        fast, slow = both_ways(client, url)
        assert fast == slow


def test_the_pages_hold_what_the_fixture_has(network):
    """Not two empty pages agreeing: the rows, their joins and their lists are there."""
    plans = pages(Client(), "/api/v1/action-plans/").json()["results"]
    assert [plan["city"] for plan in plans] == [c.slug for c in network[:3]]
    assert [len(plan["focus_areas"]) for plan in plans] == [1, 2, 3]
    first = plans[0]["projects"]
    assert [p["title"] for p in first] == ["Project 0-0", "Project 0-1", "Project 0-2"]
    assert first[0]["support_kinds"] == ["finance", "expertise"]
    assert first[0]["seeking_until"] == "2027-01-31"
    assert first[2]["estimated_cost"] is None
    cities = pages(Client(), "/api/v1/cities/").json()["results"]
    assert cities[0]["page_url"] == f"http://testserver/cities/{network[0].slug}/"
    assert cities[0]["member_state"] == "ZV" and cities[0]["member_state_name"] == "Zed Viet"
    assert [s["url"] for s in cities[0]["sources"]] == ["https://example.org/a"]


def test_secretariat_cities_include_inactive_the_same_way(network):
    client = Client()
    client.force_login(UserFactory(username="staff", secretariat=True))
    fast, slow = both_ways(client, "/api/v1/cities/")
    assert fast == slow
    assert "Quiet city" in [city["name"] for city in fast["results"]]


def test_serializers_choosing_fields_per_request_keep_drf_path():
    """A serializer that tailors its fields per request (the agreements hide private
    terms) or reads an attribute that is not a column keeps DRF's path."""
    assert list_reader.for_serializer(PartnershipAgreementSerializer) is None
    assert list_reader.for_serializer(MemberStateSerializer) is None


@pytest.mark.parametrize("url", ["/api/v1/action-plans/", "/api/v1/projects/", "/api/v1/cities/"])
def test_query_count_does_not_grow_with_the_page(url):
    build_network(3, prefix="small")
    small = count_queries(Client(), url)
    build_network(60, prefix="large")
    assert count_queries(Client(), url) == small


def test_action_plans_come_ten_a_page_and_more_on_request():
    """API 1.1.0: a plan carries its projects, so its list pages hold 10 by default;
    `page_size` still gives up to 200."""
    build_network(12, prefix="paged")
    client = Client()
    first = pages(client, "/api/v1/action-plans/").json()
    assert first["count"] == 12 and len(first["results"]) == 10 and first["next"]
    assert len(pages(client, "/api/v1/action-plans/?page_size=50").json()["results"]) == 12
    assert len(pages(client, "/api/v1/cities/").json()["results"]) == 12  # the others: 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL writes the text")
def test_postgresql_writes_uuids_decimals_dates_and_timestamps_as_text():
    """The pages above are DRF's on PostgreSQL with these columns read as text (whole
    seconds and fractions, trailing zeros of an amount, empty values)."""
    from plans.api.serializers import PriorityProjectSerializer

    kinds = {
        name: kind for name, kind, _ in list_reader.ValuesReader(PriorityProjectSerializer).plan
    }
    for name in ("uuid", "estimated_cost", "seeking_until", "created_at", "updated_at"):
        assert kinds[name] == "text", name
    assert kinds["title"] == "value"
