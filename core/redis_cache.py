"""Django's Redis cache backend made to survive a Redis outage: a failed call is logged
and treated as a miss (reads answer the default, writes are dropped), and for a few
seconds after a failure the backend does not try Redis at all, so a dead cache costs a
request nothing but the cache. A dead cache makes the portal slower, never down.

django-redis offers the same with DJANGO_REDIS_IGNORE_EXCEPTIONS; Django's own backend
plus this thin wrapper keeps us on one Redis client and adds the short pause."""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failed call, Redis is left alone for this long (then tried again).
RETRY_AFTER_SECONDS = 5.0

_lock = threading.Lock()
_down = {"until": 0.0, "logged": False}


def cache_is_down():
    """True while the shared cache is known to be unreachable (since a recent failure)."""
    return time.monotonic() < _down["until"]


def _mark_down(operation, error):
    with _lock:
        _down["until"] = time.monotonic() + RETRY_AFTER_SECONDS
        first = not _down["logged"]
        _down["logged"] = True
    if first:
        logger.warning(
            "cache unavailable (%s: %s); serving uncached until it answers again",
            operation,
            error,
        )


def _mark_up():
    if _down["logged"]:
        with _lock:
            _down["logged"] = False
        logger.warning("cache available again")


def _guarded(default):
    """Run the backend call; on a Redis error (or while Redis is known to be down)
    answer `default(args, kwargs)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if cache_is_down():
                return default(args, kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _mark_down(method.__name__, error)
                return default(args, kwargs)
            _mark_up()
            return result

        return call

    return decorate


def _none(args, kwargs):
    return None


def _false(args, kwargs):
    return False


def _read_default(args, kwargs):
    if "default" in kwargs:
        return kwargs["default"]
    return args[1] if len(args) > 1 else None


def _empty_dict(args, kwargs):
    return {}


def _all_failed(args, kwargs):
    data = args[0] if args else kwargs.get("data", {})
    return list(data)


def _incr_unavailable(args, kwargs):
    raise ValueError("cache unavailable")


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with one `redis.Redis` per connection pool. Django's own
    makes a new one on every cache call, which copies redis-py's table of response
    callbacks each time (about 0.05 ms; a list read on a miss makes three calls). A
    `redis.Redis` is safe to share between threads: it takes a connection from the
    pool for each command."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


# Count a hit on a counter that lives `seconds` from its first hit: (hits, seconds left).
# A script runs as one step, so a counter is never left without its lifetime.
_COUNT_IN_WINDOW = """
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('TTL', KEYS[1])
if left < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    left = tonumber(ARGV[1])
end
return {hits, left}
"""


def _count_in_window(self, key, seconds):
    """Count one more hit on a counter that starts at the first hit and lives `seconds`:
    (hits so far, seconds left), in one round trip (a script, run as one step)."""
    client = self._cache.get_client(key, write=True)
    script = self._scripts.get(client)
    if script is None:
        script = self._scripts.setdefault(client, client.register_script(_COUNT_IN_WINDOW))
    hits, left = script(keys=[self.make_and_validate_key(key)], args=[seconds])
    return hits, left


class ResilientRedisCache(RedisCache):
    """RedisCache whose every call survives Redis being down (see the module doc)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._scripts = {}

    count_in_window = _guarded(_none)(_count_in_window)

    get = _guarded(_read_default)(RedisCache.get)
    get_many = _guarded(_empty_dict)(RedisCache.get_many)
    has_key = _guarded(_false)(RedisCache.has_key)
    add = _guarded(_false)(RedisCache.add)
    set = _guarded(_none)(RedisCache.set)
    set_many = _guarded(_all_failed)(RedisCache.set_many)
    touch = _guarded(_false)(RedisCache.touch)
    delete = _guarded(_false)(RedisCache.delete)
    delete_many = _guarded(_none)(RedisCache.delete_many)
    incr = _guarded(_incr_unavailable)(RedisCache.incr)
    clear = _guarded(_none)(RedisCache.clear)

    def ping(self):
        """Ask Redis directly (for /readyz/): True if it answers now."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except (RedisError, OSError):
            return False


def reset_outage_state():
    """Forget a recorded outage (tests)."""
    with _lock:
        _down["until"] = 0.0
        _down["logged"] = False
