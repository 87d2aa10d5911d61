"""The client's address, read one way everywhere: the API throttles, the sign-in lockout
(django-axes) and the logs all call `client_ip(request)`.

`TRUSTED_PROXY_COUNT` says how many reverse proxies we run in front of the application.
Each appends the address it received the request from to `X-Forwarded-For`, so the
client is the entry that many places from the right; anything further left was written
by the client and proves nothing. With no proxy (the embedded default) the header is
ignored and the socket's address counts.
"""

import ipaddress
import logging

from django.conf import settings


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address for `request` (a Django or DRF request), or None when there
    is none (a Unix socket without a proxy)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops:
            # Fewer hops than proxies (a request that reached a nearer proxy directly):
            # the leftmost entry, still one a proxy of ours wrote.
            chosen = _valid_ip(hops[-min(proxies, len(hops))])
            if chosen:
                return chosen
    return _valid_ip(remote)


class ClientIpLogFilter(logging.Filter):
    """Adds `client_ip` to every log record: the client's address when the record
    carries a request (Django's request and security loggers), "-" otherwise."""

    def filter(self, record):
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        address = client_ip(request) if isinstance(meta, dict) else None
        record.client_ip = address or "-"
        return True
