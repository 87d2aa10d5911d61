"""The API's JSON, written by orjson: the bytes DRF's JSONRenderer writes (compact,
UTF-8, U+2028 and U+2029 escaped) in a tenth of its time (a page of ten action plans
with their hundred projects: 0.03 ms instead of 0.33; `tests/core/test_json_renderer.py`
compares the two on generated data and on every list of the API).

What orjson does not write as DRF does is handed to DRF's own encoder (dates and
times, decimals, lazy translations, anything else: `default`), and what orjson cannot
write at all (an integer past 64 bits, an indented answer asked for with
`Accept: application/json; indent=4`) is written by DRF's renderer itself. Two
differences are left, for values the portal's API does not hold: a float under
1e-4 in size (Python writes 1e-05 and 1.5e-07, orjson 0.00001 and 1.5e-7), and a
float that is not a number (NaN, infinity), which DRF refuses (STRICT_JSON: an
error) and orjson writes as `null`."""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = (
    orjson.OPT_NON_STR_KEYS  # {1: ...} as {"1": ...}, as json.dumps writes it
    | orjson.OPT_PASSTHROUGH_DATETIME  # DRF's ISO 8601 (a "Z" for UTC), not orjson's
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class FastJSONRenderer(renderers.JSONRenderer):
    """DRF's JSONRenderer (media type, format, errors), writing with orjson where the
    bytes come out the same."""

    _default = staticmethod(JSONEncoder().default)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        plain = self.compact and not self.ensure_ascii and data is not None
        if not plain or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            written = orjson.dumps(data, default=self._default, option=_OPTIONS)
        except (TypeError, orjson.JSONEncodeError):  # e.g. an integer past 64 bits
            return super().render(data, accepted_media_type, renderer_context)
        for separator, escaped in _LINE_SEPARATORS:
            if separator in written:
                written = written.replace(separator, escaped)
        return written
