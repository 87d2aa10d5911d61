"""API throttles that read their rates from settings at request time, so the documented
rates (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) can be changed per deployment. Anonymous
clients are told apart by `core.http.client_ip`, the same address the sign-in lockout
and the logs use, so a forged X-Forwarded-For cannot buy a fresh allowance.

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


class LiveRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if cache_is_down():
            now = time.monotonic()
            if now - _last_logged["at"] > 60:
                _last_logged["at"] = now
                logger.warning("throttle failing open: the cache is unavailable")
            return True
        return allowed


class AnonymousThrottle(LiveRateMixin, AnonRateThrottle):
    """Anonymous clients, per IP address."""


class SignedInThrottle(LiveRateMixin, UserRateThrottle):
    """Signed-in clients, per user (anonymous ones are the other throttle's)."""

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
