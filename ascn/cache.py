"""Versioned cache namespaces: a cached response names the version of the data it was
built from; bumping the version when that data changes retires every such entry."""

import time

from django.core.cache import cache


def _key(namespace):
    return f"version:{namespace}"


def namespace_version(namespace):
    """The namespace's current version: milliseconds since the epoch of its last change."""
    version = cache.get(_key(namespace))
    if version is None:
        version = int(time.time() * 1000)
        cache.add(_key(namespace), version, timeout=None)
        version = cache.get(_key(namespace), version)
    return version


def namespace_bump(namespace):
    """Mark the namespace's data as changed now."""
    version = max(int(time.time() * 1000), namespace_version(namespace) + 1)
    cache.set(_key(namespace), version, timeout=None)
    return version
