"""The OpenAPI schema's operations also describe their error answers, all JSON."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from .downloads import CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE, XLSX_MEDIA_TYPE


class ErrorDetailSerializer(serializers.Serializer):
    """The body of every error but a 400: a human-readable `detail`."""

    detail = serializers.CharField()


ERRORS = {
    "400": _("Invalid input: an object mapping each field (or filter) to its messages."),
    "401": _("Not authenticated: send `Authorization: Token <token>`."),
    "403": _("Authenticated, but not allowed to do this."),
    "404": _("No such record, or not one you may see."),
    "409": _("The change conflicts with existing data (e.g. a protected relation)."),
    "429": _("Too many requests: wait for the seconds in `Retry-After`."),
}


DOWNLOAD_SCHEMAS = {
    CSV_MEDIA_TYPE: {
        "type": "string",
        "description": "The whole filtered list as CSV (UTF-8 with BOM), unpaginated.",
    },
    XLSX_MEDIA_TYPE: {
        "type": "string",
        "format": "binary",
        "description": "The whole filtered list as an XLSX workbook, unpaginated.",
    },
    GEOJSON_MEDIA_TYPE: {
        "type": "object",
        "description": "The whole filtered list as an RFC 7946 FeatureCollection of Points.",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"type": "object"}},
        },
    },
}


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["429"]
        is_detail = "{" in self.path
        if self.method in ("GET", "HEAD"):
            codes += ["400", "404"]
        else:
            codes += ["400", "401", "403", "409"] + (["404"] if is_detail else [])
        for code in codes:
            if code in responses:
                continue
            body = build_basic_type(OpenApiTypes.OBJECT) if code == "400" else ErrorDetailSerializer
            response = self._get_response_for_code(body, code, direction=direction)
            response["description"] = str(ERRORS[code])
            responses[code] = response
        self._describe_downloads(responses)
        return responses

    def _describe_downloads(self, responses):
        """A list with downloads (core.api_downloads) answers CSV and XLSX files and a
        GeoJSON FeatureCollection, not the JSON page; its errors are JSON only."""
        if (
            getattr(self.view, "export_dataset", None) is None
            or getattr(self.view, "action", None) != "list"
            or self.method != "GET"
        ):
            return
        for code, response in responses.items():
            content = response.get("content", {})
            for media_type, schema in DOWNLOAD_SCHEMAS.items():
                if media_type not in content:
                    continue
                if code == "200":
                    content[media_type] = {"schema": schema}
                else:
                    del content[media_type]
