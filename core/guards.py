"""Refuse bad input at the door, before any view or query sees it: bodies too large for
the request (413, judged by Content-Length before a byte is read), and NUL bytes, lone
surrogates or JSON nested too deep in the path, the query string, a form or a JSON body
(400). PostgreSQL cannot store a NUL in text and psycopg cannot encode a lone
surrogate: without this they reach a query and answer 500."""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# JSON bodies nested deeper than this are refused (no API body needs more than a few).
MAX_JSON_DEPTH = 32

BAD_INPUT = _(
    "The request contains characters that are not allowed (a NUL byte or an unpaired "
    "surrogate) or JSON nested too deeply."
)
TOO_LARGE = _("The request body is too large.")
BAD_LENGTH = _("The Content-Length header is not a number.")


def _refuse(request, message, status, field=None):
    if request.path_info.startswith("/api/"):
        # As the API's other 400s: field errors when a field is to blame.
        body = {field: [str(message)]} if field else {"detail": str(message)}
        return JsonResponse(body, status=status)
    return HttpResponse(str(message), status=status, content_type="text/plain; charset=utf-8")


def _is_anonymous(request):
    return not (
        request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.META.get("HTTP_AUTHORIZATION")
    )


class RequestBodyLimitMiddleware:
    """413 for a body larger than ASCN_MAX_REQUEST_BYTES (ASCN_MAX_ANONYMOUS_REQUEST_BYTES
    without a session or a token), from Content-Length alone: the body is never read.
    The proxy in front caps bodies too; this holds without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(header)
        except ValueError:
            return _refuse(request, BAD_LENGTH, 400)
        if length < 0:
            return _refuse(request, BAD_LENGTH, 400)
        limit = (
            settings.ASCN_MAX_ANONYMOUS_REQUEST_BYTES
            if _is_anonymous(request)
            else settings.ASCN_MAX_REQUEST_BYTES
        )
        if length > limit:
            logger.warning("request body of %s bytes refused (limit %s)", length, limit)
            return _refuse(request, TOO_LARGE, 413)
        return self.get_response(request)


def _bad_text(value):
    return "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value)


def _bad_json(data):
    """True if any key or string holds a bad character or the nesting is too deep
    (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(value, str):
            if _bad_text(value):
                return True
        elif isinstance(value, dict):
            for key, item in value.items():
                if _bad_text(key):
                    return True
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


class BadInputMiddleware:
    """400 for NUL bytes and lone surrogates anywhere in the request's text, and for
    JSON nested deeper than MAX_JSON_DEPTH."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        blame = self.bad_field(request)
        if blame is not None:
            return _refuse(request, BAD_INPUT, 400, field=blame or None)
        return self.get_response(request)

    def bad_field(self, request):
        """None if the request is clean; else the name of the field to blame, or ""."""
        if _bad_text(request.path_info) or _bad_text(request.path):
            return ""
        for key, values in request.GET.lists():
            if _bad_text(key):
                return ""
            if any(_bad_text(v) for v in values):
                return key
        raw_query = request.META.get("QUERY_STRING", "")
        if "%00" in raw_query or _bad_text(raw_query):
            return ""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                fields = list(request.POST.lists())
                names = [f.name or "" for f in request.FILES.values()]
            except Exception:  # a malformed body is the view's to refuse, not ours
                logger.debug("form body not parsed by the input guard", exc_info=True)
                return None
            for key, values in fields:
                if _bad_text(key):
                    return ""
                if any(_bad_text(v) for v in values):
                    return key
            return "" if any(_bad_text(name) for name in names) else None
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                data = json.loads(request.body or b"null")
            except RecursionError:
                return ""
            except (ValueError, UnicodeDecodeError):
                return None  # not JSON: the parser answers 400 itself
            return "" if _bad_json(data) else None
        return None
