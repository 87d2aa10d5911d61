"""Versioned cache namespaces: a cached response names the version of the data it was
built from; bumping the version when that data changes retires every such entry.

The version lives in the shared cache (Redis in production). Each process remembers it
for VERSION_MEMO_SECONDS, so a change made in one process reaches the others' cached
answers within a quarter of a second, and a cache hit costs no round trip for it."""

import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

VERSION_MEMO_SECONDS = 0.25
_memo = {}


def _key(namespace):
    return f"version:{namespace}"


def namespace_version(namespace):
    """The namespace's current version: milliseconds since the epoch of its last change."""
    remembered = _memo.get(namespace)
    now = time.monotonic()
    if remembered is not None and now - remembered[1] < VERSION_MEMO_SECONDS:
        return remembered[0]
    version = cache.get(_key(namespace))
    if version is None:
        version = int(time.time() * 1000)
        cache.add(_key(namespace), version, timeout=None)
        version = cache.get(_key(namespace), version)
    _memo[namespace] = (version, now)
    return version


def namespace_bump(namespace):
    """Mark the namespace's data as changed now."""
    _memo.pop(namespace, None)
    version = max(int(time.time() * 1000), namespace_version(namespace) + 1)
    cache.set(_key(namespace), version, timeout=None)
    _memo[namespace] = (version, time.monotonic())
    return version


# Each process also keeps recent answers in its own memory, as they are (no pickling:
# a 4 MB GeoJSON is not copied per request), so a hit costs no round trip to Redis;
# keys name the data version, so they go stale together with the shared ones.
class ProcessMemo:
    """A small least-recently-used map with expiry and a byte budget, shared by a
    process's threads: at most `size` entries and `max_bytes` bytes (the caller says how
    big each value is; one bigger than the budget is not kept)."""

    def __init__(self, size, seconds, max_bytes=64 * 1024 * 1024):
        self.size, self.seconds, self.max_bytes = size, seconds, max_bytes
        self.entries = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.entries.get(key)
            if item is None or item[0] < time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return item[1]

    def set(self, key, value, nbytes=0):
        if nbytes > self.max_bytes:
            return
        with self.lock:
            self._drop(key)
            self.entries[key] = (time.monotonic() + self.seconds, value, nbytes)
            self.bytes += nbytes
            while len(self.entries) > self.size or self.bytes > self.max_bytes:
                _key, (_expiry, _value, dropped) = self.entries.popitem(last=False)
                self.bytes -= dropped

    def _drop(self, key):
        item = self.entries.pop(key, None)
        if item is not None:
            self.bytes -= item[2]

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


memo = ProcessMemo(size=200, seconds=60)
# Small reads every page repeats (the member states and focus areas of the filter
# forms), kept per public data version by whoever reads them.
reads = ProcessMemo(size=100, seconds=60, max_bytes=4 * 1024 * 1024)
# The row counts of lists this process read lately (core.pagination.cached_count), in
# front of the shared cache: a list's count is asked on every page of it.
counts = ProcessMemo(size=2000, seconds=60, max_bytes=1024 * 1024)
# The filter forms' fields as this process wrote them (core.pages.filter_fields), per
# view, field, value, language and public data version.
form_fields = ProcessMemo(size=1000, seconds=300, max_bytes=4 * 1024 * 1024)


def caches_clear():
    """Empty the shared cache and this process's memory of answers and versions (for
    tests and the benchmark kit)."""
    cache.clear()
    memo.clear()
    reads.clear()
    counts.clear()
    form_fields.clear()
    _memo.clear()


# Everything the public can read is built from the models the ASCN_PUBLIC_MODELS setting
# lists (the wiring names them, so this module imports no feature app); any change to
# one of them retires every cached public answer (pages, API reads, the GeoJSON).
PUBLIC_NAMESPACE = "public"


def public_version():
    return namespace_version(PUBLIC_NAMESPACE)


def public_bump_on_commit():
    """Retire the cached public answers now and again once the current transaction
    commits (at once, and only once, outside a transaction). The bump after the commit
    is the one that matters: an answer another process rebuilt from the data as it was
    before the commit, under the version bumped inside the transaction, is retired by
    it. The bump inside keeps a writer's own later reads in the transaction fresh."""
    namespace_bump(PUBLIC_NAMESPACE)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: namespace_bump(PUBLIC_NAMESPACE))


def _public_data_changed(sender, **kwargs):
    public_bump_on_commit()


def connect_public_models():
    """Cache invalidation only (no domain rules): connected in CoreConfig.ready(), so
    admin edits, services, seeding and migrations all count. Bulk writes that bypass
    signals (QuerySet.update, bulk_create) bump the namespace themselves."""
    from django.apps import apps
    from django.conf import settings
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in settings.ASCN_PUBLIC_MODELS:
        model = apps.get_model(label)
        uid = f"public-cache-{label}"
        post_save.connect(_public_data_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_public_data_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _public_data_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
