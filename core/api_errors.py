"""Every API error is JSON: DRF's own, Django's ValidationError and PermissionDenied from
services, database integrity errors, and unknown URLs and server errors under /api/."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import InvalidTransition

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "conflict":
        # An edit over a newer save (optimistic locking): 409, never an overwrite.
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, InvalidTransition):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, IntegrityError):
        logger.warning("integrity error answered with 409: %s", exc)
        return Response(
            {"detail": _("The change conflicts with existing data.")},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)


def api_not_found(request):
    return JsonResponse({"detail": _("Not found.")}, status=404)


def api_server_error(request):
    return JsonResponse({"detail": _("Server error.")}, status=500)
