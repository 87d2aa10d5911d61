"""Issue 10, item 6: `/healthz/` stays liveness; `/readyz/` reports the database, the
cache and the broker, and a dead Redis is a miss, never an error."""

from unittest import mock

import pytest
from django.db import DatabaseError

from core.redis_cache import ResilientRedisCache, cache_is_down, reset_outage_state

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:6392/0"  # nothing listens there


def test_readyz_reports_every_dependency(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_503_when_the_database_is_unreachable(client):
    with mock.patch("portal.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response.json()["status"] == "unavailable"


def test_readyz_is_degraded_not_failing_without_cache_and_broker(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "core.redis_cache.ResilientRedisCache", "LOCATION": DEAD}
    }
    settings.CELERY_BROKER_URL = DEAD
    try:
        response = client.get("/readyz/")
    finally:
        reset_outage_state()
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
        "broker": "down",
    }


def test_a_dead_redis_is_a_cache_miss_logged_once(caplog):
    backend = ResilientRedisCache(DEAD, {"OPTIONS": {"socket_connect_timeout": 0.2}})
    try:
        assert backend.get("key") is None
        assert backend.get("key", "fallback") == "fallback"
        assert cache_is_down()
        backend.set("key", 1)
        assert backend.add("key", 1) is False
        assert backend.get_many(["a", "b"]) == {}
        assert backend.set_many({"a": 1}) == ["a"]
        backend.delete("key")
        assert backend.ping() is False
    finally:
        reset_outage_state()
    outage_lines = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert len(outage_lines) == 1


def test_sessions_do_not_live_only_in_the_cache(settings):
    from importlib import import_module

    from django.contrib.sessions.backends.cached_db import SessionStore as CachedStore
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert issubclass(store, DatabaseStore)
    assert not issubclass(store, CachedStore)
