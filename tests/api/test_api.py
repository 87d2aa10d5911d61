"""The API's behaviour: querying, pagination, GeoJSON, caching, errors, CORS, tokens,
throttling, and query counts that do not grow with the data."""

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from cities.models import City
from plans import services
from tests.factories import (
    ActionPlanFactory,
    CityFactory,
    FocusAreaFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db

API = "/api/v1"

LIST_ENDPOINTS = [
    "member-states",
    "cities",
    "cities/geojson",
    "focus-areas",
    "strategic-outcomes",
    "action-plans",
    "projects",
    "representatives/national",
    "representatives/chief-officers",
    "partners",
    "partnerships",
    "meetings",
]


@pytest.fixture
def client():
    return APIClient()


def test_api_root_lists_every_endpoint(client):
    root = client.get(f"{API}/").json()
    for endpoint in LIST_ENDPOINTS:
        if endpoint != "cities/geojson":
            assert endpoint in root, endpoint


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_list_endpoints_query_count_does_not_grow(role):
    client = APIClient()
    if role == "secretariat":
        # A token loads the user afresh on every request, as in real use.
        token = Token.objects.create(user=UserFactory(username="staff", secretariat=True))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    build_network(10, prefix="small")
    before = {e: count_queries(client, f"{API}/{e}/") for e in LIST_ENDPOINTS}
    build_network(490, prefix="large")
    after = {e: count_queries(client, f"{API}/{e}/") for e in LIST_ENDPOINTS}
    assert City.objects.count() == 500
    assert after == before


def test_pagination_default_and_maximum(client):
    build_network(230)
    body = client.get(f"{API}/cities/").json()
    assert body["count"] == 230 and len(body["results"]) == 50
    assert len(client.get(f"{API}/cities/", {"page_size": 100000}).json()["results"]) == 200
    assert len(client.get(f"{API}/cities/", {"page_size": 7}).json()["results"]) == 7
    assert len(client.get(f"{API}/cities/", {"page_size": -3}).json()["results"]) == 50
    response = client.get(f"{API}/cities/", {"page": 99})
    assert response.status_code == 404 and "detail" in response.json()


def test_filters_search_and_ordering(client):
    area = FocusAreaFactory(key="mobility")
    a = CityFactory(name="Alpha", joined_year=2018)
    b = CityFactory(name="Beta", joined_year=2023, cohort="later")
    PriorityProjectFactory(plan=ActionPlanFactory(city=b, status="approved")).focus_areas.add(area)
    services.city_publication_refresh()  # published by the factory, not by an approval

    def slugs(**params):
        return [c["slug"] for c in client.get(f"{API}/cities/", params).json()["results"]]

    assert slugs(member_state=a.member_state.iso_alpha2) == [a.slug]
    assert slugs(focus_area="mobility") == [b.slug]
    assert slugs(joined_year=2023) == [b.slug]
    assert slugs(search="alp") == [a.slug]
    assert slugs(ordering="-name") == [b.slug, a.slug]
    assert slugs(ordering="not_a_field") == [a.slug, b.slug]


def test_bad_filter_is_400_with_field_errors(client):
    response = client.get(f"{API}/cities/", {"joined_year": "soon", "member_state": "zz"})
    assert response.status_code == 400
    assert set(response.json()) == {"joined_year", "member_state"}
    response = client.get(f"{API}/cities/geojson/", {"focus_area": "nope"})
    assert response.status_code == 400 and "focus_area" in response.json()
    response = client.get(f"{API}/cities/", {"search": "a\x00b"})
    assert response.status_code == 400 and "search" in response.json()


def test_geojson_is_rfc7946_in_longitude_latitude_order(client):
    city = CityFactory(latitude="13.7563", longitude="100.5018", slug="bangkok")
    plan = ActionPlanFactory(city=city, status="approved")
    PriorityProjectFactory(plan=plan)
    PriorityProjectFactory(plan=ActionPlanFactory(city=city, status="draft"))
    CityFactory(is_active=False)
    services.city_publication_refresh()  # published by the factory, not by an approval
    response = client.get(f"{API}/cities/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert set(body) == {"type", "features"}  # no crs member (RFC 7946 §4)
    (feature,) = body["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [100.5018, 13.7563]}
    lon, lat = feature["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    props = feature["properties"]
    assert props["slug"] == "bangkok" and props["name"] == city.name
    assert props["member_state"] == city.member_state.name
    assert props["url"] == "http://testserver/cities/bangkok/"
    assert props["published_project_count"] == 1  # the draft's project is not counted


def test_geojson_etag_304_and_invalidation(client):
    city = CityFactory(name="Before")
    first = client.get(f"{API}/cities/geojson/")
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    not_modified = client.get(f"{API}/cities/geojson/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    city.name = "After"
    city.save()
    changed = client.get(f"{API}/cities/geojson/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["features"][0]["properties"]["name"] == "After"


def test_geojson_changes_when_a_plan_is_published(client):
    city = CityFactory()
    plan = ActionPlanFactory(city=city, status="endorsed")
    PriorityProjectFactory(plan=plan)
    count = client.get(f"{API}/cities/geojson/").json()["features"][0]["properties"]
    assert count["published_project_count"] == 0
    services.action_plan_approve(user=UserFactory(secretariat=True), plan=plan)
    count = client.get(f"{API}/cities/geojson/").json()["features"][0]["properties"]
    assert count["published_project_count"] == 1


def test_geojson_filtered_is_cached_per_filter(client):
    a = CityFactory()
    CityFactory()
    everything = client.get(f"{API}/cities/geojson/").json()
    only_a = client.get(f"{API}/cities/geojson/", {"member_state": a.member_state.iso_alpha2})
    assert len(everything["features"]) == 2
    assert len(only_a.json()["features"]) == 1


def test_list_and_detail_have_etag_and_answer_304(client):
    city = CityFactory(slug="etag-city")
    for url in (f"{API}/cities/", f"{API}/cities/etag-city/", f"{API}/partnerships/"):
        response = client.get(url)
        assert response["ETag"], url
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url
    detail = client.get(f"{API}/cities/etag-city/")
    assert detail["Last-Modified"]
    since = client.get(f"{API}/cities/etag-city/", HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"])
    assert since.status_code == 304
    city.save()


def test_errors_are_json(client):
    assert client.get(f"{API}/cities/no-such-city/").json() == {
        "detail": "No City matches the given query."
    }
    response = client.get(f"{API}/no-such-endpoint/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    response = client.post(f"{API}/cities/geojson/", {})
    assert response.status_code in (401, 405) and "detail" in response.json()
    staff = APIClient()
    staff.force_authenticate(UserFactory(username="staff", secretariat=True))
    response = staff.post(f"{API}/cities/geojson/", {})
    assert response.status_code == 405 and "detail" in response.json()
    response = staff.post(f"{API}/cities/", {"latitude": "95", "slug": "bad slug!"}, format="json")
    assert response.status_code == 400
    assert {"latitude", "slug", "name", "member_state", "longitude"} <= set(response.json())


def test_database_rules_become_400_not_500():
    staff = APIClient()
    staff.force_authenticate(UserFactory(username="staff", secretariat=True))
    city = CityFactory()
    # The pilot cohort joined in 2018: a check constraint, reported as a 400.
    response = staff.post(
        f"{API}/cities/",
        {
            "slug": "late-pilot",
            "name": "Late pilot",
            "member_state": city.member_state.iso_alpha2,
            "latitude": "1",
            "longitude": "100",
            "joined_year": 2024,
            "cohort": "pilot_2018",
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    # A member state with cities cannot be deleted: 409, not a crash.
    response = staff.delete(f"{API}/member-states/{city.member_state.iso_alpha2}/")
    assert response.status_code == 409


def test_project_cost_without_currency_is_400(network, api_client_for):
    response = api_client_for("csco").post(
        f"{API}/projects/",
        {"plan": str(network["draft"].uuid), "title": "T", "estimated_cost": "10"},
        format="json",
    )
    assert response.status_code == 400
    assert "currency" in str(response.json())


def test_token_endpoint_and_token_authentication(client):
    user = UserFactory(username="token-user")
    response = client.post(
        f"{API}/auth/token/",
        {"username": "token-user", "password": "correct-horse-battery"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    bad = client.post(f"{API}/auth/token/", {"username": "token-user", "password": "x"})
    assert bad.status_code == 400 and "non_field_errors" in bad.json()
    authed = APIClient()
    authed.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert authed.post(f"{API}/action-plans/", {}, format="json").status_code == 400
    anonymous = APIClient().post(f"{API}/action-plans/", {}, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert user.auth_token.key == token


def test_cors_allows_anonymous_reads_from_any_origin_but_no_writes(client):
    CityFactory()
    read = client.get(f"{API}/cities/", HTTP_ORIGIN="https://research.example.edu")
    assert read["Access-Control-Allow-Origin"] in ("*", "https://research.example.edu")
    preflight = client.options(
        f"{API}/cities/",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight
    write = client.post(f"{API}/cities/", {}, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in write
    page = client.get("/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in page


def test_anonymous_throttle_answers_429_with_retry_after(client):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    with override_settings(
        REST_FRAMEWORK={**_rest_framework_settings(), "DEFAULT_THROTTLE_RATES": rates}
    ):
        # Distinct reads: the response cache answers repeats without the throttle.
        codes = [client.get(f"{API}/focus-areas/?page={n}").status_code for n in (1, 1, 1, 1)]
        assert codes == [200, 200, 200, 200]
        codes = [client.get(f"{API}/focus-areas/?n={n}").status_code for n in range(4)]
        assert codes == [200, 200, 429, 429]
        response = client.get(f"{API}/focus-areas/?n=9")
        assert int(response["Retry-After"]) > 0
        assert "detail" in response.json()


def _rest_framework_settings():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_schema_and_offline_docs(client):
    schema = client.get(f"{API}/schema/", {"format": "json"})
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["openapi"].startswith("3.")
    assert f"{API}/cities/geojson/" in spec["paths"]
    assert f"{API}/auth/token/" in spec["paths"]
    docs = client.get(f"{API}/docs/")
    assert docs.status_code == 200
    text = docs.content.decode()
    assert "swagger-ui" in text
    for host in ("cdn.", "unpkg", "jsdelivr", "googleapis"):
        assert host not in text
