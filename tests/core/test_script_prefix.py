"""What a request's script prefix (SCRIPT_NAME, which a forwarding server may take from
a client's header) can and cannot reach: its own page's links, never another reader's,
and never unbounded memory in the process."""

import gc

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import set_script_prefix

from core.templatetags import fixed_fragments, fixed_urls
from tests.factories import UserFactory
from tests.querycount import build_network

pytestmark = pytest.mark.django_db


def wsgi_get(path, query="", script_name=""):
    """A request through Django's WSGI handler, which (unlike the test client) takes
    SCRIPT_NAME from the environment."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, SCRIPT_NAME=script_name, REQUEST_METHOD="GET"
    )
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    # As Django's test client does: the test's transaction keeps its connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, start_response)).decode()
    finally:
        set_script_prefix("/")
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], body


def test_a_forged_prefix_stays_on_its_own_statistics_page():
    build_network(3)
    status, forged = wsgi_get("/statistics/", "x=1", "/elsewhere")
    assert status.startswith("200") and "/elsewhere/statistics/" in forged
    reader = Client()
    reader.force_login(UserFactory())
    for page in (reader.get("/statistics/").text, Client().get("/statistics/").text):
        assert "/elsewhere/" not in page


def test_fixed_fragments_and_urls_keep_a_bounded_number_of_prefixes(monkeypatch):
    monkeypatch.setattr(fixed_fragments, "MAX_OUTPUTS", 5)
    monkeypatch.setattr(fixed_urls, "MAX_URLS", 40)
    nodes = [o for o in gc.get_objects() if type(o) is fixed_fragments.FixedFragmentNode]
    for node in nodes:  # what earlier tests left
        node.outputs.clear()
    fixed_urls._urls.clear()
    for n in range(20):
        status, page = wsgi_get("/cities/", f"x={n}", f"/p{n}")
        assert status.startswith("200")
        assert f'href="/p{n}/cities/" aria-current="page"' in page  # right past the cap
    nodes = [o for o in gc.get_objects() if type(o) is fixed_fragments.FixedFragmentNode]
    assert nodes and max(len(node.outputs) for node in nodes) <= 5
    assert len(fixed_urls._urls) <= 40
