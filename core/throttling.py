"""API throttles that read their rates from settings at request time, so the documented
rates (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) can be changed per deployment. Anonymous
clients are told apart by `core.http.client_ip`, the same address the sign-in lockout
and the logs use, so a forged X-Forwarded-For cannot buy a fresh allowance.

Each client's requests are counted in a window that opens with its first request and
lasts the rate's period ("120/min": 120 requests, then 429 with Retry-After until the
minute since the first is over). On Redis the count is one round trip
(`ResilientRedisCache.count_in_window`); DRF's own throttles keep a list of every
request's time, read and written back whole on each request (two round trips and a
list that grows with the rate: docs/architecture.md has the figures).

The throttles count in the shared cache. While it is unreachable they fail open (every
request is let through) and say so in the log, at most once a minute: a Redis outage
makes the API unthrottled for a while, never unavailable."""

import logging
import time

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .http import client_ip
from .redis_cache import cache_is_down

logger = logging.getLogger(__name__)
_last_logged = {"at": float("-inf")}


def count_in_window(cache, key, seconds):
    """(hits, seconds left) of the client's current window, this hit counted, or None
    when the cache cannot count. The shared Redis cache counts in one round trip; any
    other cache (the embedded default's memory) with its add and incr."""
    counter = getattr(cache, "count_in_window", None)
    if counter is not None:
        return counter(key, seconds)
    now = time.time()
    cache.add(f"{key}:until", now + seconds, seconds)
    cache.add(key, 0, seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # the window closed between the two calls
        cache.set(f"{key}:until", now + seconds, seconds)
        cache.set(key, 1, seconds)
        hits = 1
    until = cache.get(f"{key}:until", now + seconds)
    return hits, max(until - now, 0)


def _log_failing_open():
    now = time.monotonic()
    if now - _last_logged["at"] > 60:
        _last_logged["at"] = now
        logger.warning("throttle failing open: the cache is unavailable")


class WindowRateMixin:
    """DRF's rate throttle (rates, scopes, cache keys, 429 with Retry-After) counting in
    a window per client instead of a list of request times."""

    # Not DRF's key: a list of times left under DRF's key by an earlier release is not
    # a number to count on.
    cache_format = "throttle-window:%(scope)s:%(ident)s"
    wait_seconds = None

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        counted = None if cache_is_down() else count_in_window(self.cache, self.key, self.duration)
        if counted is None:
            _log_failing_open()
            return True
        hits, left = counted
        self.wait_seconds = max(1, left)  # (a counter in its last second: Retry-After 1)
        return hits <= self.num_requests

    def wait(self):
        return self.wait_seconds


class AnonymousThrottle(WindowRateMixin, AnonRateThrottle):
    """Anonymous clients, per IP address."""


class SignedInThrottle(WindowRateMixin, UserRateThrottle):
    """Signed-in clients, per user (anonymous ones are the other throttle's)."""

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
