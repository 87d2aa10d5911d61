"""The anonymous response cache: repeat public reads come from the cache until any
public record changes; signed-in and private requests never touch it."""

import uuid

import pytest
from django.test import override_settings

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


def test_any_public_change_retires_the_cached_answers(client, django_capture_on_commit_callbacks):
    city = CityFactory(name="Old Name")
    client.get("/api/v1/cities/")
    city.name = "New Name"
    with django_capture_on_commit_callbacks(execute=True):
        city.save()
    response = client.get("/api/v1/cities/")
    assert "X-Cache" not in response
    assert response.json()["results"][0]["name"] == "New Name"
    with django_capture_on_commit_callbacks(execute=True):
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


# ------------------------------------------------------------------------------
# Issue 10, item 7: the response cache, correct first
# ------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_public_version_is_bumped_after_commit_not_inside_the_transaction():
    """Finding: the data version was bumped inside the transaction only, so a reader in
    another worker rebuilt the old page under the new version and served it for 600 s.
    Every version seen before the commit must be retired once it commits."""
    from django.db import transaction

    from core.cache import _memo, public_version

    city = CityFactory(name="Before")
    seen = []
    with transaction.atomic():
        city.name = "After"
        city.save()
        _memo.clear()  # as another process would read it: from the shared cache
        seen.append(public_version())
    _memo.clear()
    assert public_version() > max(seen)


@pytest.mark.parametrize(
    "url", ["/", "/cities/", "/api/v1/cities/", "/api/v1/cities/geojson/", "/framework/"]
)
def test_a_cached_answer_has_every_header_of_a_fresh_one(client, url):
    """Finding: X-Frame-Options (and any header not on a short list) was lost on a hit."""
    CityFactory()
    fresh = client.get(url)
    hit = client.get(url)
    assert hit["X-Cache"] == "hit"
    assert "X-Frame-Options" in fresh
    fresh_headers = {k: v for k, v in fresh.headers.items() if k != "X-Cache"}
    hit_headers = {k: v for k, v in hit.headers.items() if k != "X-Cache"}
    assert hit_headers == fresh_headers


def test_the_cache_key_includes_the_scheme(client):
    """Finding: one `X-Forwarded-Proto: https` request made every later reader get
    https:// links."""
    CityFactory()
    url = "/api/v1/cities/geojson/"
    secure = client.get(url, HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")
    assert secure.json()["features"][0]["properties"]["url"].startswith("https://testserver/")
    plain = client.get(url, HTTP_HOST="testserver")
    assert plain.json()["features"][0]["properties"]["url"].startswith("http://testserver/")
    assert client.get(url, HTTP_HOST="testserver")["X-Cache"] == "hit"


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_unknown_query_parameters_create_no_cache_entry(client):
    """Finding: any made-up query parameter created a new cache entry (a cache flood).
    (Counted in a local-memory cache, whose entries a test can count, in CI too.)"""
    from django.core.cache import cache

    from core.cache import memo

    CityFactory()
    client.get("/api/v1/cities/")
    stored = len(cache._cache)
    for n in range(5):
        client.get(f"/api/v1/cities/?junk={n}")
        assert "X-Cache" not in client.get(f"/api/v1/cities/?junk={n}")
        assert "X-Cache" not in client.get(f"/cities/?utm_source={n}")
    assert len(cache._cache) == stored
    assert len(memo.entries) == 1
    # The view's own filters and the pagination are cached as before.
    for url in ("/api/v1/cities/?page=1", "/cities/?search=a", "/api/v1/cities/geojson/?search=a"):
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


def test_entries_over_the_size_cap_are_not_kept_in_process_memory(client, monkeypatch):
    """Finding: every answer, however large, was kept in each process's memory."""
    from core import middleware
    from core.cache import memo

    CityFactory()
    monkeypatch.setattr(middleware, "MEMO_MAX_BYTES", 100)
    client.get("/api/v1/cities/")
    assert memo.entries == {}
    assert client.get("/api/v1/cities/")["X-Cache"] == "hit"  # from the shared cache
    assert memo.entries == {}


def test_the_process_memory_of_answers_keeps_to_its_byte_budget():
    from core.cache import ProcessMemo

    memo = ProcessMemo(size=100, seconds=60, max_bytes=1000)
    memo.set("too-big", b"x", 1001)
    assert memo.get("too-big") is None
    for n in range(5):
        memo.set(f"k{n}", n, 300)
    assert memo.bytes <= 1000 and list(memo.entries) == ["k2", "k3", "k4"]
    memo.set("k3", "again", 100)
    assert memo.bytes == 700 and memo.get("k3") == "again"
    memo.clear()
    assert memo.bytes == 0 and memo.get("k4") is None


def test_the_cache_key_includes_the_language(client, settings):
    """Finding: the key ignored the language; with a second language, one reader's
    language would have been served to all."""
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    CityFactory()
    french = client.get("/cities/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get("/cities/", HTTP_ACCEPT_LANGUAGE="en")
    assert "X-Cache" not in english
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert client.get("/cities/", HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "fr"


def test_the_redis_backend_makes_one_client_per_connection_pool():
    """Django's Redis backend builds a redis.Redis on every call; ours keeps one per
    pool (no connection is opened to check it)."""
    from core.redis_cache import ResilientRedisCache

    backend = ResilientRedisCache("redis://127.0.0.1:6379/15", {})
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is client
    assert backend._cache.get_client("some-key", write=False) is client
    other = ResilientRedisCache("redis://127.0.0.1:6379/15", {})
    assert other._cache.get_client() is not client  # one per backend, as Django's pools


def test_the_parameters_a_path_knows_are_kept_per_path_and_urlconf(settings):
    """The cache's list of a view's parameters is worked out once per path, and again
    for another URLconf (a test's or a per-request one)."""
    from core.middleware import COMMON_PARAMETERS, _known_parameters, _parameters_of

    assert "member_state" in _known_parameters("/api/v1/cities/")
    worked_out = _parameters_of.cache_info().misses
    assert _known_parameters("/api/v1/cities/") is _known_parameters("/api/v1/cities/")
    assert _parameters_of.cache_info().misses == worked_out
    # A path no earlier test asked for (the memory is the process's).
    assert _known_parameters(f"/no-such-page-{uuid.uuid4().hex}/") == COMMON_PARAMETERS
    settings.ROOT_URLCONF = "tests.portal.urls_crash"
    assert "member_state" in _known_parameters("/api/v1/cities/")
    assert _parameters_of.cache_info().misses == worked_out + 2  # the 404, the new URLconf
