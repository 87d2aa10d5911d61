"""Small pieces the API view sets share."""

import hashlib

from django.utils.cache import quote_etag
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The record changed since you read it (its ETag no longer matches If-Match). "
        "Read it again, then repeat your change."
    )
    default_code = "precondition_failed"


class IfMatchMixin:
    """Optimistic locking with If-Match. The ETag of a detail is the one every GET gets
    from ConditionalGetMiddleware (the MD5 of the body); a write whose If-Match names
    another ETag is refused with 412 instead of silently overwriting a newer change."""

    def representation_etag(self, instance):
        """The ETag a GET of this detail answers now: the same body, hashed the same way."""
        request = self.request
        body = request.accepted_renderer.render(
            self.get_serializer(instance).data,
            request.accepted_media_type,
            self.get_renderer_context(),
        )
        return quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())

    def if_match_holds(self, instance):
        """None without If-Match; otherwise raise 412 unless it names the current ETag."""
        header = self.request.headers.get("If-Match")
        if not header:
            return None
        wanted = parse_etags(header)
        if "*" in wanted:
            return True
        current = self.representation_etag(instance)
        if current not in [tag.removeprefix("W/") for tag in wanted]:
            raise PreconditionFailed()
        return True


class LastModifiedDetailMixin:
    """A detail response carries Last-Modified from the row's `updated_at`; with the
    ETag of ConditionalGetMiddleware, clients can revalidate with either header."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        updated_at = getattr(instance, "updated_at", None)
        if updated_at is not None:
            response["Last-Modified"] = http_date(updated_at.timestamp())
        return response


class RefetchAfterWriteMixin:
    """After a create or update, answer with the row as the queryset reads it (with its
    annotations and prefetches), so a write's response has the same shape as a read."""

    def _refetch(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._refetch(serializer)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self._refetch(serializer)
