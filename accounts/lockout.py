"""The answer to a sign-in that django-axes refused: 429, with a way back (the password
reset link) for people and JSON in the API's format for clients."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts. For your security, try again in %(minutes)d "
        "minutes or reset your password."
    ) % {"minutes": minutes}


def retry_after_seconds():
    return str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the portal and the admin get a page, the API gets JSON."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(
            request,
            "accounts/locked_out.html",
            {"title": _("Sign-in paused"), "message": lockout_message()},
            status=429,
        )
    response["Retry-After"] = retry_after_seconds()
    return response


def _storable(value):
    """`value` without what a PostgreSQL text column refuses (NUL, lone surrogates)."""
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


class AxesHandler(AxesDatabaseHandler):
    """django-axes' database handler (counts survive a Redis outage), storing the
    request's user agent, Accept header and path in a form PostgreSQL accepts: a NUL
    in a header must not turn a sign-in into a 500."""

    @staticmethod
    def _clean(request):
        for name in ("axes_user_agent", "axes_http_accept", "axes_path_info"):
            value = getattr(request, name, None)
            if isinstance(value, str):
                setattr(request, name, _storable(value))

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            self._clean(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        self._clean(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        self._clean(request)
        return super().user_logged_out(sender, request, user, **kwargs)
