"""The member cities as an RFC 7946 GeoJSON FeatureCollection, for the map and the API.

The body is built once per version of the public data and filter and kept in the cache;
its ETag and the 304 answers come from Django's ConditionalGetMiddleware, as for every
other answer (docs/caching.md)."""

import hashlib
import json

from django.core.cache import cache
from django.utils.http import http_date

from core.cache import public_version

CACHE_SECONDS = 60 * 60
MEDIA_TYPE = "application/geo+json"


def city_feature(city, base_url):
    """One city as a GeoJSON Feature (coordinates in longitude-latitude order)."""
    return {
        "type": "Feature",
        "id": city.slug,
        "geometry": {
            "type": "Point",
            "coordinates": [float(city.longitude), float(city.latitude)],
        },
        "properties": {
            "slug": city.slug,
            "name": city.name,
            "member_state": city.member_state.name,
            "member_state_code": city.member_state.iso_alpha2,
            "joined_year": city.joined_year,
            "is_national_capital": city.is_national_capital,
            "published_project_count": city.published_project_count,
            "seeking_project_count": city.seeking_project_count,
            "url": base_url + city.get_absolute_url(),
        },
    }


def feature_collection(queryset, base_url):
    cities = (
        queryset.select_related("member_state")
        .only(
            "slug",
            "name",
            "latitude",
            "longitude",
            "joined_year",
            "is_national_capital",
            "published_project_count",
            "seeking_project_count",
            "member_state__name",
            "member_state__iso_alpha2",
        )
        .order_by("name")
    )
    return {
        "type": "FeatureCollection",
        "features": [city_feature(city, base_url) for city in cities],
    }


class GeoJSONVersion:
    """The version of the GeoJSON for one filter: its Last-Modified and cache key."""

    def __init__(self, *, cleaned_filters, base_url):
        self.version = public_version()
        filter_key = json.dumps(
            {name: getattr(value, "pk", value) for name, value in sorted(cleaned_filters.items())},
            default=str,
            sort_keys=True,
        )
        digest = hashlib.sha256(f"{base_url}|{filter_key}".encode()).hexdigest()[:24]
        self.last_modified = http_date(self.version / 1000)
        self.cache_key = f"geojson:{self.version}:{digest}"

    def body(self, queryset, base_url):
        """The encoded FeatureCollection, from the cache or built and cached."""
        body = cache.get(self.cache_key)
        if body is None:
            body = json.dumps(
                feature_collection(queryset, base_url), separators=(",", ":"), ensure_ascii=False
            ).encode()
            cache.set(self.cache_key, body, CACHE_SECONDS)
        return body
