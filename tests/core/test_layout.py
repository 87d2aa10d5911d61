"""The layout's fixed parts (base.html's navigation and footer links, in
`{% fixed_fragment %}`), written once per language and navigation page, mark the
current page and leave the reader's own menu to each request."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import set_script_prefix

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')


def _current(client, path):
    html = client.get(path).content.decode()
    return CURRENT.findall(html)


def test_the_navigation_marks_the_page_it_is_on_and_no_other(client):
    assert _current(client, "/") == ["/"]
    assert _current(client, "/cities/") == ["/cities/"]
    assert _current(client, "/statistics/") == ["/statistics/"]
    assert _current(client, "/cities/?page=1") == ["/cities/"]
    assert _current(client, "/projects/") == []  # its link was never marked
    assert _current(client, "/") == ["/"]  # the fragments of other pages did not stick


def test_the_readers_own_menu_is_written_for_each_request(client):
    anonymous = client.get("/cities/").content.decode()
    assert "Sign in" in anonymous and "Sign out" not in anonymous
    client.force_login(UserFactory())
    signed_in = client.get("/cities/").content.decode()
    assert "Sign out" in signed_in and "csrfmiddlewaretoken" in signed_in
    assert _current(client, "/cities/") == ["/cities/"]


@pytest.mark.parametrize("prefix", ["/", "/portal/"])
def test_the_fixed_parts_follow_the_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        request = RequestFactory().get(f"{prefix}cities/")
        request.path = f"{prefix}cities/"
        html = Template('{% extends "base.html" %}').render(Context({"request": request}))
    finally:
        set_script_prefix("/")
    assert f'href="{prefix}cities/" aria-current="page"' in html
    for path in ("data/", "api/v1/", "api/v1/docs/", "admin/"):
        assert f'href="{prefix}{path}"' in html
