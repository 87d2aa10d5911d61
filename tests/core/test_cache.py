"""The anonymous response cache: repeat public reads come from the cache until any
public record changes; signed-in and private requests never touch it."""

import pytest

from cities.models import City
from tests.factories import ActionPlanFactory, CityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/cities/", "/api/v1/cities/", "/api/v1/member-states/"])
def test_repeat_anonymous_read_is_a_cache_hit(client, url):
    CityFactory()
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_any_public_change_retires_the_cached_answers(client):
    city = CityFactory(name="Old Name")
    client.get("/api/v1/cities/")
    city.name = "New Name"
    city.save()
    response = client.get("/api/v1/cities/")
    assert "X-Cache" not in response
    assert response.json()["results"][0]["name"] == "New Name"
    ActionPlanFactory(city=city, status="approved", title="Fresh plan")
    assert "Fresh plan" in client.get(city.get_absolute_url()).text


def test_signed_in_and_cookie_carrying_requests_bypass_the_cache(client):
    CityFactory()
    client.get("/api/v1/cities/")
    assert client.get("/api/v1/cities/")["X-Cache"] == "hit"
    client.cookies["csrftoken"] = "x"
    assert "X-Cache" not in client.get("/api/v1/cities/")
    client.cookies.clear()
    client.force_login(UserFactory())
    assert "X-Cache" not in client.get("/api/v1/cities/")


def test_private_areas_are_never_cached(client):
    for url in ("/accounts/login/", "/healthz/"):
        client.get(url)
        assert "X-Cache" not in client.get(url), url


def test_a_draft_never_leaks_through_the_cache(client):
    city = CityFactory()
    plan = ActionPlanFactory(city=city, status="draft", title="Secret draft")
    client.get(city.get_absolute_url())
    staff = UserFactory(username="staff", secretariat=True)
    client.force_login(staff)
    assert "Secret draft" in client.get(f"/api/v1/action-plans/{plan.uuid}/").text
    client.logout()
    client.cookies.clear()
    assert client.get(f"/api/v1/action-plans/{plan.uuid}/").status_code == 404
    assert "Secret draft" not in client.get(city.get_absolute_url()).text
    assert City.objects.count() == 1


def test_revalidation_is_answered_from_the_validators_alone(client):
    """Another process that never held the body answers 304 from the small validator
    entry (here: this process's memory of answers is emptied)."""
    from core.cache import memo

    CityFactory()
    first = client.get("/api/v1/cities/geojson/")
    memo.clear()
    again = client.get("/api/v1/cities/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
