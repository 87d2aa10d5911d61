"""A response cache for anonymous readers: the same public page or API read, asked again
while the public data has not changed, is answered from the cache (with 304 to a
matching If-None-Match) without running the view. Any change to a public model bumps
the data version (ascn.cache), which retires every cached answer at once."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_request

from .cache import memo, public_version

CACHE_SECONDS = 10 * 60


# Never cached: signed-in areas, forms that set cookies, private downloads, health.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/action-plans/",
    "/api/v1/auth/",
    "/healthz/",
    "/readyz/",
    "/bench/",
    "/static/",
    "/media/",
)
# A cached answer keeps every header of the fresh one (X-Frame-Options and the other
# security headers included) except these, which belong to one request only.
DROPPED_HEADERS = {"set-cookie", "x-cache", "date"}

# Answers larger than this are kept in Redis only, not in each process's memory (whose
# total is also capped: core.cache.memo). 8 MB holds the GeoJSON of 12,000 cities.
MEMO_MAX_BYTES = 8 * 1024 * 1024

# Query parameters every list understands (pagination, ordering, format); the rest must
# be a filter of the view's FilterSet, or the request is answered uncached.
COMMON_PARAMETERS = frozenset({"page", "page_size", "ordering", "format"})


# Longer paths are resolved each time rather than kept (the LRU holds paths as sent).
MAX_KEPT_PATH = 200


def _known_parameters(path):
    """The query parameters the view at `path` understands."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    if len(path) > MAX_KEPT_PATH:
        return _parameters_of.__wrapped__(path, urlconf)
    return _parameters_of(path, urlconf)


@functools.lru_cache(maxsize=4096)
def _parameters_of(path, urlconf):
    """Kept per path and URLconf: neither the URLconf nor the views' FilterSets change
    while the process runs, and resolving the path again cost a tenth of a millisecond
    of every miss."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return COMMON_PARAMETERS
    view = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return COMMON_PARAMETERS
    return _filterset_parameters(filterset_class)


@functools.cache
def _filterset_parameters(filterset_class):
    """One set per FilterSet class, shared by every path of its view."""
    return COMMON_PARAMETERS | set(filterset_class.base_filters)


def _cache_key(request):
    """The key of the answer: everything the answer depends on (version of the public
    data, scheme, host, path and query, language, Accept), or None when the query names
    a parameter the view does not know (such requests would only fill the cache)."""
    if not set(request.GET) <= _known_parameters(request.path_info):
        return None
    identity = "|".join(
        (
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            get_language_from_request(request),
            request.META.get("HTTP_ACCEPT", ""),
        )
    )
    # The version is read before the view runs: an answer is stored under the version
    # that was current before its data was read, never under a later one.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"page:{public_version()}:{digest}"


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("HTTP_COOKIE")
        and not request.META.get("HTTP_AUTHORIZATION")
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def _cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "ETag" in response
    )


class PublicResponseCacheMiddleware:
    """Sits inside the CORS and security middleware (so cached answers still get their
    headers) and before sessions and views. Throttling applies to the requests the
    cache cannot answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request)
        if key is None:
            return self.get_response(request)
        entry = memo.get(key)
        if entry is None and request.META.get("HTTP_IF_NONE_MATCH"):
            # A revalidation: the small validator entry settles it without the body.
            validators = cache.get(f"{key}:validators")
            if validators is not None:
                response = get_conditional_response(
                    request,
                    etag=validators["ETag"],
                    last_modified=parse_http_date_safe(validators.get("Last-Modified", "")),
                )
                if response is not None:
                    for name, value in validators.items():
                        response[name] = value
                    return response
        if entry is None:
            entry = cache.get(key)
            if entry is not None and len(entry[1]) <= MEMO_MAX_BYTES:
                memo.set(key, entry, len(entry[1]))
        if entry is not None:
            headers, body = entry
            response = HttpResponse(body, headers=headers)
            response["X-Cache"] = "hit"
            last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
            # 304 for a matching If-None-Match (or If-Modified-Since), as Django's own
            # conditional GET would answer.
            return get_conditional_response(
                request, etag=headers.get("ETag"), last_modified=last_modified, response=response
            )
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in DROPPED_HEADERS
            }
            entry = (headers, response.content)
            validators = {n: headers[n] for n in ("ETag", "Last-Modified") if n in headers}
            cache.set_many({key: entry, f"{key}:validators": validators}, CACHE_SECONDS)
            if len(response.content) <= MEMO_MAX_BYTES:
                memo.set(key, entry, len(response.content))
        return response


class FriendlyErrorPagesMiddleware:
    """With DEBUG on (the embedded default), Django answers a mistyped URL or a crash
    with its technical page. A newcomer should see the portal's own 404 and 500 pages
    instead; DEBUG_PAGES=true brings the technical pages back for those debugging. Under
    /api/ the same handlers answer JSON. Answers that are not HTML, and the pages the
    portal renders itself, are left alone."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.active = settings.DEBUG and not getattr(settings, "DEBUG_PAGES", False)

    def __call__(self, request):
        response = self.get_response(request)
        if (
            self.active
            and response.status_code in (404, 500)
            and not getattr(response, "is_portal_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from django.urls import get_resolver

            handler = get_resolver().resolve_error_handler(response.status_code)
            if response.status_code == 404:
                return handler(request, None)
            return handler(request)
        return response
