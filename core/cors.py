"""Cross-origin reads only: the API answers any origin for GET and HEAD (and their
preflight), and no origin for writes. Connected to django-cors-headers'
`check_request_enabled` signal in AscnConfig.ready()."""

SAFE = {"GET", "HEAD"}


def cors_allowed(sender, request, **kwargs):
    if not request.path_info.startswith("/api/"):
        return False
    if request.method in SAFE:
        return True
    if request.method == "OPTIONS":
        wanted = request.headers.get("Access-Control-Request-Method", "GET").upper()
        return wanted in SAFE
    return False
