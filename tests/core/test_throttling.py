"""The API throttles' counter (core.throttling): a window per client that opens with
its first request, counted in the configured cache (Redis in CI and production, the
process's memory on the embedded default)."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.settings import api_settings

from core import throttling


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_hits_are_counted_in_a_window_that_opens_with_the_first():
    counts = [throttling.count_in_window(cache, "probe", 60) for _ in range(3)]
    assert [hits for hits, _left in counts] == [1, 2, 3]
    assert all(0 < left <= 60 for _hits, left in counts)
    assert throttling.count_in_window(cache, "another", 60)[0] == 1


def test_the_count_starts_again_when_the_window_is_over():
    assert throttling.count_in_window(cache, "short", 1)[0] == 1
    assert throttling.count_in_window(cache, "short", 1)[0] == 2
    time.sleep(1.2)
    assert throttling.count_in_window(cache, "short", 1)[0] == 1


def test_the_throttle_refuses_past_the_rate_and_says_how_long_to_wait(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"},
    }
    request = RequestFactory().get("/api/v1/cities/", REMOTE_ADDR="198.51.100.7")
    request.user = None
    verdicts = []
    for _ in range(3):
        throttle = throttling.AnonymousThrottle()
        verdicts.append(throttle.allow_request(request, None))
    assert verdicts == [True, True, False]
    assert 0 < throttle.wait() <= 60
    other = RequestFactory().get("/api/v1/cities/", REMOTE_ADDR="198.51.100.8")
    other.user = None
    assert throttling.AnonymousThrottle().allow_request(other, None)


def test_the_throttle_fails_open_when_the_cache_cannot_count(settings, monkeypatch, caplog):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "1/min"},
    }
    monkeypatch.setattr(throttling, "count_in_window", lambda *args: None)
    monkeypatch.setitem(throttling._last_logged, "at", float("-inf"))
    request = RequestFactory().get("/api/v1/cities/", REMOTE_ADDR="198.51.100.9")
    request.user = None
    assert all(throttling.AnonymousThrottle().allow_request(request, None) for _ in range(3))
    assert any("throttle failing open" in r.getMessage() for r in caplog.records)
