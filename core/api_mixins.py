"""Small pieces the API view sets share."""

from django.utils.http import http_date
from rest_framework.response import Response


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
