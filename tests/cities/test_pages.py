"""Public pages: content, filters, privacy and query counts that do not grow with the
number of cities."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.models import City
from plans.services import city_publication_refresh
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    MemberStateFactory,
    NationalRepresentativeFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db


def public_urls(city):
    return [
        reverse("home"),
        reverse("home") + f"?member_state={city.member_state.iso_alpha2}",
        reverse("cities:city_list"),
        reverse("cities:city_list") + "?search=city",
        city.get_absolute_url(),
        reverse("cities:memberstate_list"),
        city.member_state.get_absolute_url(),
        reverse("partnerships:partnershipagreement_list"),
        city.agreements.first().get_absolute_url(),
        reverse("portal:framework"),
        reverse("portal:about"),
    ]


@pytest.fixture
def small_and_large(client):
    """Query counts of every public page with 10 cities, then with 500."""
    small = build_network(10, prefix="small")[0]
    before = {url: count_queries(client, url) for url in public_urls(small)}
    build_network(490, prefix="large")
    after = {url: count_queries(client, url) for url in public_urls(small)}
    return before, after


def test_public_pages_query_count_does_not_grow_with_cities(small_and_large):
    before, after = small_and_large
    assert City.objects.count() == 500
    assert after == before


def test_public_pages_query_count_does_not_grow_with_cities_signed_in(client):
    client.force_login(UserFactory())
    small = build_network(10, prefix="small")[0]
    urls = [
        *public_urls(small),
        reverse("marketplace:project_list"),
        reverse("marketplace:project_list") + f"?city={small.slug}",
        reverse("partnerships:partnershipagreement_list") + f"?city={small.slug}",
    ]
    before = {url: count_queries(client, url) for url in urls}
    build_network(490, prefix="large")
    assert {url: count_queries(client, url) for url in urls} == before


def test_city_lists_link_each_city_and_member_state_as_their_pages_do(client):
    build_network(12)
    City.objects.filter(slug="bulk-city-3").update(name="Tom & <Jerry>")
    page = client.get(reverse("cities:city_list")).text
    home = client.get(reverse("home")).text
    for city in City.objects.select_related("member_state"):
        state = city.member_state
        name = city.name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert (
            f'<th scope="row" data-label="City"><a href="{city.get_absolute_url()}">{name}</a>'
            f'</th><td data-label="Member state"><a href="{state.get_absolute_url()}">'
            f'{state.name}</a></td><td data-label="Joined">{city.joined_year}</td>'
            f'<td data-label="Published projects">{city.published_project_count}</td>'
        ) in page
        assert (
            f'<li data-slug="{city.slug}"><a href="{city.get_absolute_url()}">{name}</a> '
            f'<span class="muted">{state.name} · joined {city.joined_year}</span></li>'
        ) in home


def test_filter_form_choices_are_read_once_per_data_version(client, city):
    url = reverse("cities:city_list") + "?uncached=1"  # past the response cache
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries.captured_queries if 'FROM "cities_memberstate"' in q["sql"]]
    MemberStateFactory(name="Newland", iso_alpha2="NL", iso_alpha3="NLD")
    assert '<option value="NL">Newland</option>' in client.get(url).text


def test_home_lists_active_cities_and_hands_the_geojson_url_to_the_script(client):
    visible = CityFactory(name="Visible City")
    CityFactory(name="Hidden City", is_active=False, member_state=visible.member_state)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Visible City" in response.text and "Hidden City" not in response.text
    assert '<script id="map-config" type="application/json">' in response.text
    assert "/api/v1/cities/geojson/" in response.text
    assert str(visible.latitude) not in response.text  # no coordinates in the page


def test_home_filter_keeps_query_in_geojson_url(client, city):
    response = client.get(reverse("home"), {"member_state": city.member_state.iso_alpha2})
    config = response.context["map_config"]
    assert config["geojsonUrl"].endswith(f"?member_state={city.member_state.iso_alpha2}")


def test_city_list_filters_by_member_state_focus_area_year_and_search(client):
    area = FocusAreaFactory(key="mobility")
    other_area = FocusAreaFactory(key="health")
    a = CityFactory(name="Alpha Town", joined_year=2018)
    b = CityFactory(name="Beta Town", joined_year=2023, cohort="later")
    plan = ActionPlanFactory(city=a, status="approved")
    PriorityProjectFactory(plan=plan).focus_areas.add(area)
    draft = ActionPlanFactory(city=b, status="draft")
    PriorityProjectFactory(plan=draft).focus_areas.add(other_area)
    city_publication_refresh()  # published by the factory, not by an approval
    url = reverse("cities:city_list")

    def names(**params):
        return [c.name for c in client.get(url, params).context["cities"]]

    assert names(member_state=a.member_state.iso_alpha2.lower()) == ["Alpha Town"]
    assert names(focus_area="mobility") == ["Alpha Town"]
    assert names(focus_area="health") == []  # only a draft has that focus area
    assert names(joined_year=2023) == ["Beta Town"]
    assert names(search="beta") == ["Beta Town"]


def test_city_list_bad_filter_rerenders_with_message(client, city):
    response = client.get(reverse("cities:city_list"), {"joined_year": "abc", "search": "x"})
    assert response.status_code == 200
    assert "Enter a number." in response.text
    assert 'value="x"' in response.text  # what was typed is kept


def test_city_page_shows_published_plan_grouped_by_focus_area_never_a_draft(client, city):
    area = FocusAreaFactory(name="Quality Environment")
    published = ActionPlanFactory(city=city, status="approved", title="Approved plan")
    PriorityProjectFactory(plan=published, title="River clean-up").focus_areas.add(area)
    PriorityProjectFactory(plan=published, title="Unfiled project")
    draft = ActionPlanFactory(city=city, status="draft", title="Secret draft")
    PriorityProjectFactory(plan=draft, title="Draft project")
    response = client.get(city.get_absolute_url())
    text = response.text
    assert "Approved plan" in text and "River clean-up" in text
    assert text.index("Quality Environment") < text.index("River clean-up")
    assert "Other projects" in text and "Unfiled project" in text
    assert "Secret draft" not in text and "Draft project" not in text


def test_city_page_names_the_csco_only_when_public_and_never_shows_contacts(client, city):
    officer = ChiefSmartCityOfficerFactory(
        city=city, full_name="Private Person", title="Director of Smart City", is_name_public=False
    )
    response = client.get(city.get_absolute_url())
    assert "Director of Smart City" in response.text
    assert "Private Person" not in response.text
    assert officer.email not in response.text and officer.phone not in response.text
    officer.is_name_public = True
    officer.save()
    assert "Private Person" in client.get(city.get_absolute_url()).text


def test_past_csco_is_not_shown(client, city):
    ChiefSmartCityOfficerFactory(
        city=city,
        full_name="Former Officer",
        is_name_public=True,
        term_end_on=datetime.date(2024, 12, 31),
    )
    assert "Former Officer" not in client.get(city.get_absolute_url()).text


def test_member_state_page_shows_public_representative_without_contacts(client, city):
    rep = NationalRepresentativeFactory(
        member_state=city.member_state, full_name="Named Rep", is_name_public=True
    )
    response = client.get(city.member_state.get_absolute_url())
    assert "Named Rep" in response.text and city.name in response.text
    assert rep.email not in response.text and rep.phone not in response.text


def test_no_public_page_shows_private_contacts_to_anonymous(client):
    cities = build_network(3)
    NationalRepresentativeFactory(member_state=cities[0].member_state, email="rep@private.example")
    for url in public_urls(cities[0]):
        text = client.get(url).text
        assert "@example.org" not in text and "private.example" not in text, url


def test_inactive_city_and_unknown_pages_are_friendly_404(client):
    city = CityFactory(is_active=False)
    response = client.get(city.get_absolute_url())
    assert response.status_code == 404
    assert "We could not find that page" in response.text


def test_api_404_is_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_every_seeded_page_renders(client):
    call_command("seed", verbosity=0)
    for city in City.objects.all():
        assert client.get(city.get_absolute_url()).status_code == 200
    for path in ["/partnerships/", "/framework/", "/about/", "/member-states/"]:
        assert client.get(path).status_code == 200
    response = client.get("/about/")
    assert "Inaugural Meeting of the ASEAN Smart Cities Network" in response.text
