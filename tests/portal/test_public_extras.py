"""The small things a public site has: friendly 404 and 500 pages even with DEBUG on
(Django's technical pages behind DEBUG_PAGES), the site-wide search, sitemap.xml,
robots.txt, a way back from the API docs, and truncated admin list titles."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal import search
from portal.sitemaps import SITEMAPS, CitySitemap
from tests.factories import (
    ActionPlanFactory,
    CityFactory,
    MemberStateFactory,
    PartnershipAgreementFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db


# --- 404 and 500 ---------------------------------------------------------------
def test_404_is_the_portal_page_with_debug_on(client, settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert "Using the URLconf" not in response.text  # Django's technical page
    assert 'role="search"' in response.text


def test_404_raised_by_a_view_is_the_portal_page_with_debug_on(client, settings):
    settings.DEBUG = True
    response = client.get("/cities/no-such-city/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text


def test_debug_pages_setting_brings_back_the_technical_404(client, settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.text


def test_api_404_stays_json_with_debug_on(client, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("debug_pages", "expected"), [(False, "problem with the service"), (True, "RuntimeError")]
)
def test_500_with_debug_on(settings, debug_pages, expected):
    settings.DEBUG = True
    settings.DEBUG_PAGES = debug_pages
    settings.ROOT_URLCONF = "tests.portal.urls_crash"
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    assert response.status_code == 500
    assert expected in response.content.decode()


def test_500_page_needs_no_inline_style_or_script(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<style" not in html and "<script" not in html and "style=" not in html


# --- search ----------------------------------------------------------------------
@pytest.fixture
def network(db):
    state = MemberStateFactory(name="Lautania", capital="Port Lumen")
    city = CityFactory(name="Riverbend", member_state=state, description="A delta city.")
    CityFactory(name="Riverbend Hidden", member_state=state, is_active=False)
    approved = ActionPlanFactory(city=city, status="approved")
    PriorityProjectFactory(plan=approved, title="Riverbend flood sensors")
    draft = ActionPlanFactory(city=city, status="draft")
    PriorityProjectFactory(plan=draft, title="Secret draft tramway")
    PartnershipAgreementFactory(title="Riverbend water partnership")
    return city


def sections(response):
    return {entry.key: hits for entry, hits, total in response.context["results"]}


def test_search_finds_each_kind_of_public_record(client, network):
    response = client.get(reverse("portal:search"), {"q": "riverbend"})
    assert response.status_code == 200
    found = sections(response)
    assert [h["title"] for h in found["cities"]] == ["Riverbend"]
    assert [h["title"] for h in found["projects"]] == ["Riverbend flood sensors"]
    assert [h["title"] for h in found["partnerships"]] == ["Riverbend water partnership"]
    assert found["projects"][0]["url"] == "/cities/" + network.slug + "/#plan-heading"
    assert (
        client.get(reverse("portal:search"), {"q": "port lumen"}).context["results"][0][0].key
        == "member-states"
    )


def test_search_never_shows_drafts_or_inactive_cities(client, network):
    response = client.get(reverse("portal:search"), {"q": "secret tramway"})
    assert response.context["results"] == []
    assert "Nothing matches" in response.text
    hidden = client.get(reverse("portal:search"), {"q": "hidden"})
    assert hidden.context["results"] == []


def test_search_every_word_must_match(client, network):
    response = client.get(reverse("portal:search"), {"q": "riverbend sensors"})
    assert set(sections(response)) == {"projects"}


def test_empty_search_shows_the_form(client, network):
    response = client.get(reverse("portal:search"))
    assert response.status_code == 200
    assert 'id="search-q"' in response.text
    assert response.context["results"] == []


def test_bad_search_is_refused_with_400_and_a_message(client, network):
    response = client.get(reverse("portal:search"), {"q": "x" * 201})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    # A NUL byte never reaches the view: the bad-input guard refuses it with its message.
    response = client.get(reverse("portal:search"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "not allowed" in response.text


def test_search_registry_takes_new_kinds(client, network, monkeypatch):
    from cities.models import City

    monkeypatch.setattr(search, "REGISTRY", list(search.REGISTRY))
    search.register(
        search.Searchable(
            key="documents",
            label="Documents",
            queryset=lambda: City.objects.active(),
            fields=("description",),
            title=lambda row: f"Document about {row.name}",
            url=lambda row: "/documents/x/",
        )
    )
    response = client.get(reverse("portal:search"), {"q": "delta"})
    assert "Document about Riverbend" in response.text


@pytest.mark.parametrize("n", [10, 500])
def test_search_query_count_does_not_grow(client, n):
    build_network(n)
    assert count_queries(client, reverse("portal:search") + "?q=bulk") <= 8


# --- sitemap and robots ------------------------------------------------------------
def _locations(text):
    return re.findall(r"<loc>([^<]+)</loc>", text)


def _sitemap_urls(client):
    """Every URL the sitemaps list: the index's sections, each page of each."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "<sitemapindex" in index.text
    urls = []
    for section in _locations(index.text):
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200, section
        urls += _locations(response.text)
    return urls


def test_sitemap_lists_public_pages_and_active_cities_only(client, network):
    body = "\n".join(_sitemap_urls(client))
    assert f"/cities/{network.slug}/" in body
    assert "riverbend-hidden" not in body
    assert "/member-states/" in body and "/partnerships/" in body and "/framework/" in body
    assert "/my/" not in body and "/admin/" not in body


def test_sitemap_is_an_index_of_its_sections(client):
    index = client.get("/sitemap.xml")
    assert _locations(index.text) == [
        f"http://testserver/sitemap-{section}.xml" for section in SITEMAPS
    ]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_section_pages_at_its_limit(client, monkeypatch):
    monkeypatch.setattr(CitySitemap, "limit", 5)
    cities = build_network(12)
    index = _locations(client.get("/sitemap.xml").text)
    section = "http://testserver/sitemap-cities.xml"
    assert [url for url in index if url.startswith(section)] == [
        section,
        f"{section}?p=2",
        f"{section}?p=3",
    ]
    pages = [_locations(client.get(f"/sitemap-cities.xml?p={p}").text) for p in (1, 2, 3)]
    assert [len(page) for page in pages] == [5, 5, 2]
    listed = [url for page in pages for url in page]
    assert listed == [
        f"http://testserver/cities/{slug}/" for slug in sorted(city.slug for city in cities)
    ]
    assert client.get("/sitemap-cities.xml?p=4").status_code == 404


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_the_workspace(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /my/" in response.text and "Disallow: /admin/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


# --- API docs, admin ---------------------------------------------------------------
def test_api_schema_links_back_to_the_portal(client, settings):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["externalDocs"]["description"] == "ASCN Portal"


def test_admin_list_truncates_long_titles_with_the_full_title_on_hover(client):
    long_title = "A very long action plan title " * 5
    ActionPlanFactory(title=long_title.strip())
    client.force_login(UserFactory(username="boss", secretariat=True, is_superuser=True))
    page = client.get("/admin/plans/actionplan/").text
    assert f'title="{long_title.strip()}"' in page
    assert "…" in page


def test_every_member_state_label_lies_inside_its_outline():
    import json
    from pathlib import Path

    from django.conf import settings

    from tests.portal.test_seed import point_in_ring

    path = Path(settings.BASE_DIR) / "static/geo/asean-outlines.geojson"
    for feature in json.loads(path.read_text())["features"]:
        lon, lat = feature["properties"]["label"]
        polygons = feature["geometry"]["coordinates"]
        assert any(point_in_ring(lon, lat, polygon[0]) for polygon in polygons), feature[
            "properties"
        ]["name"]


@pytest.mark.parametrize("n", [10, 500])
def test_sitemap_query_count_does_not_grow(client, n):
    build_network(n)
    assert count_queries(client, "/sitemap.xml") <= 8
    assert count_queries(client, "/sitemap-cities.xml") <= 3


def test_sitemap_page_does_not_grow_with_the_network(client):
    build_network(10, prefix="small")
    small = _locations(client.get("/sitemap-cities.xml").text)
    build_network(CitySitemap.limit + 10, prefix="large")
    large = _locations(client.get("/sitemap-cities.xml").text)
    assert len(small) == 10 and len(large) == CitySitemap.limit
