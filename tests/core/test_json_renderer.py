"""core.json_renderer: the API's JSON written by orjson is, byte for byte, what DRF's
JSONRenderer writes."""

import datetime

import pytest
from django.test import Client
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer

from core.json_renderer import FastJSONRenderer
from tests.querycount import build_network

# Floats both write alike (under 1e-4, Python writes 1e-05 and orjson 0.00001: the
# same number; the API holds no such float, core/json_renderer.py).
plain_floats = st.floats(min_value=1e-4, max_value=1e15) | st.floats(
    min_value=-1e15, max_value=-1e-4
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)  # past 64 bits: DRF's own path
    | plain_floats
    | st.just(0.0)
    | st.text()  # control characters, quotes, U+2028, astral planes
    | st.decimals(allow_nan=False, allow_infinity=False, places=4)
    | st.datetimes(timezones=st.just(datetime.UTC))
    | st.datetimes()
    | st.dates()
    | st.uuids()
    | st.just(gettext_lazy("Search"))
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.integers(-5, 5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_written_as_drf_writes_it(document):
    assert FastJSONRenderer().render(document) == JSONRenderer().render(document)


def test_line_separators_are_escaped_and_indented_answers_kept():
    data = {"text": "a\u2028b\u2029c", "n": [1, 2]}
    written = FastJSONRenderer().render(data)
    assert written == b'{"text":"a\\u2028b\\u2029c","n":[1,2]}'
    indented = "application/json; indent=2"
    assert FastJSONRenderer().render(data, indented) == JSONRenderer().render(data, indented)
    assert FastJSONRenderer().render(None) == b""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cities/",
        "/api/v1/member-states/",
        "/api/v1/action-plans/",
        "/api/v1/projects/",
        "/api/v1/partnerships/",
        "/api/v1/representatives/chief-officers/",
        "/api/v1/meetings/",
        "/api/v1/documents/",
        "/api/v1/cities/no-such-city/",
        "/api/v1/projects/?estimated_cost_min=abc",
    ],
)
def test_every_api_answer_is_what_drf_would_write(url):
    build_network(3)
    response = Client().get(url)
    assert response.status_code in (200, 400, 404)
    assert response.content == JSONRenderer().render(response.data)
