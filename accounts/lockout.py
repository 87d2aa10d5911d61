"""The answer to a sign-in that django-axes refused: 429, with a way back (the password
reset link) for people and JSON in the API's format for clients."""

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
