"""The member cities as an RFC 7946 GeoJSON FeatureCollection, for the map and the API.

The body is built once per data version and filter, cached with its ETag, and answered
with 304 when the client already has it."""

import hashlib
import json

from django.core.cache import cache
from django.urls import reverse
from django.utils.http import http_date

from ascn.cache import namespace_version

CACHE_NAMESPACE = "cities"
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
            "url": base_url + city.get_absolute_url(),
        },
    }


def feature_collection(queryset, base_url):
    cities = queryset.select_related("member_state").with_counts().order_by("name")
    return {
        "type": "FeatureCollection",
        "features": [city_feature(city, base_url) for city in cities],
    }


def cached_geojson(*, cleaned_filters, queryset, base_url):
    """(body bytes, ETag, Last-Modified) for the filtered active cities, from the cache
    when the cities' data has not changed since it was built."""
    version = namespace_version(CACHE_NAMESPACE)
    filter_key = json.dumps(
        {name: getattr(value, "pk", value) for name, value in sorted(cleaned_filters.items())},
        default=str,
        sort_keys=True,
    )
    key = "geojson:" + hashlib.sha256(f"{version}|{base_url}|{filter_key}".encode()).hexdigest()
    entry = cache.get(key)
    if entry is None:
        body = json.dumps(
            feature_collection(queryset, base_url), separators=(",", ":"), ensure_ascii=False
        ).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        entry = (body, etag, http_date(version / 1000))
        cache.set(key, entry, CACHE_SECONDS)
    return entry


def geojson_url():
    return reverse("api:city-geojson")
