"""The client's address behind the reverse proxy (deploy/Caddyfile).

Behind the proxy every connection comes from the proxy's own address, so the sign-in
limit and the API throttle would count every visitor as one. With TRUSTED_PROXY_COUNT
set, REMOTE_ADDR becomes the address that many places from the right of
X-Forwarded-For: the one the nearest trusted proxy saw. Entries further left came from
the client and are never believed."""

from contextlib import suppress
from ipaddress import ip_address

from django.conf import settings


class ForwardedForMiddleware:
    """Sets REMOTE_ADDR from X-Forwarded-For when the portal stands behind proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.TRUSTED_PROXY_COUNT
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if count > 0 and forwarded:
            addresses = [part.strip() for part in forwarded.split(",")]
            if len(addresses) >= count:
                # Not an address: keep the connection's.
                with suppress(ValueError):
                    request.META["REMOTE_ADDR"] = str(ip_address(addresses[-count]))
        return self.get_response(request)
