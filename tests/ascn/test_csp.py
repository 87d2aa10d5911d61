"""The Content-Security-Policy header (django-csp): on every answer, cached or not, with
no inline script allowed; and the portal's own HTML holds nothing it would block.
tests/browser/test_csp.py checks the same pages in real Chromium."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from ascn.settings import csp_hash, csp_source
from tests.ascn.test_settings import run

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/cities/",
    "/cities/bangkok/",
    "/member-states/",
    "/member-states/th/",
    "/partnerships/",
    "/framework/",
    "/about/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
]
API = ["/api/v1/", "/api/v1/cities/", "/api/v1/cities/geojson/", "/api/v1/schema/"]
DOCS = ["/api/v1/docs/", "/api/v1/docs/?script=", "/api/v1/redoc/"]
ADMIN = ["/admin/login/", "/admin/", "/admin/cities/city/", "/admin/cities/city/add/"]


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


def policy(response):
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_every_kind_of_answer_carries_the_policy(seeded, client, secretariat_user):
    answers = [client.get(path) for path in PAGES + API + DOCS + ["/admin/login/"]]
    client.force_login(secretariat_user)
    answers += [client.get(path) for path in ADMIN]
    for response in answers:
        directives = policy(response)
        path = response.request["PATH_INFO"]
        assert directives["script-src"] == ["'self'"], path
        assert directives["default-src"] == ["'self'"], path
        assert directives["object-src"] == ["'none'"], path
        assert directives["frame-ancestors"] == ["'none'"], path


def test_no_inline_script_or_eval_anywhere(seeded, client):
    for path in PAGES + API + DOCS:
        directives = policy(client.get(path))
        for directive in ("script-src", "default-src"):
            assert "'unsafe-inline'" not in directives.get(directive, []), path
            assert "'unsafe-eval'" not in directives.get(directive, []), path


def test_only_redoc_allows_inline_styles(seeded, client):
    for path in PAGES + API + ["/api/v1/docs/"]:
        assert policy(client.get(path))["style-src"] == ["'self'"], path
    redoc = policy(client.get("/api/v1/redoc/"))
    assert redoc["style-src"] == ["'self'", "'unsafe-inline'"]
    assert redoc["worker-src"] == ["blob:"]
    # A cached answer would lose the relaxation: Redoc's page is never cached.
    assert "no-store" in client.get("/api/v1/redoc/")["Cache-Control"]


def test_cached_answers_carry_the_policy_too(seeded):
    anonymous = Client()
    first = anonymous.get("/about/")
    again = anonymous.get("/about/")
    assert again.get("X-Cache") == "hit"
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Content-Security-Policy" in anonymous.get("/about/", HTTP_IF_NONE_MATCH=first["ETag"])


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def test_pages_hold_no_inline_script_style_or_event_handler(seeded, client, csco_user):
    """What the policy would block, found in the HTML itself (json_script's data blocks
    are not scripts and are allowed)."""
    bodies = {path: client.get(path).content.decode() for path in PAGES + DOCS}
    client.force_login(csco_user)
    for path in ["/my/", "/my/plans/new/", "/my/notifications/", "/accounts/password/change/"]:
        bodies[path] = client.get(path).content.decode()
    for path, body in bodies.items():
        assert not INLINE_SCRIPT.search(body), (path, INLINE_SCRIPT.search(body).group())
        assert not EVENT_HANDLER.search(body), (path, EVENT_HANDLER.search(body).group())
        if path != "/api/v1/redoc/":
            assert not INLINE_STYLE.search(body), (path, INLINE_STYLE.search(body).group())


def test_csrf_failure_page_holds_no_inline_style(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "security check (CSRF) failed" in body
    assert not INLINE_STYLE.search(body)
    assert policy(response)["style-src"] == ["'self'"]


def test_map_options_travel_in_data_attributes_not_inline_script(seeded, client):
    body = client.get("/").content.decode()
    tag = re.search(r"<script src=\"[^\"]*leaflet-init\.js\"[^>]*>", body).group()
    assert 'data-leaflet-map="city-map"' in tag
    assert 'data-callback="window.ascnHomeMap"' in tag
    options = re.search(r'data-djoptions="([^"]*)"', tag).group(1)
    assert json.loads(options.replace("&quot;", '"'))["minzoom"] == 3


@pytest.mark.parametrize(
    ("template", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://tiles.example.org:8080/t/{z}/{x}/{y}.png", "http://tiles.example.org:8080"),
    ],
)
def test_tile_host_becomes_a_csp_source(template, source):
    assert csp_source(template) == source


@pytest.mark.parametrize(
    "template", ["/tiles/{z}/{x}/{y}.png", "ftp://tiles.example.org/{z}.png", "https://a.{s}.org/"]
)
def test_tile_url_the_policy_cannot_express_is_refused(template):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        csp_source(template)


READ_IMG_SRC = (
    "import django; from django.conf import settings; django.setup(); "
    "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
)


def test_online_tiles_host_is_allowed_in_img_src_only_when_configured():
    assert run(READ_IMG_SRC).stdout.split() == ["'self'", "data:"]
    configured = run(READ_IMG_SRC, MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.split() == ["'self'", "data:", "https://*.tile.example.org"]


def test_style_attribute_hash_is_the_one_chromium_computes():
    # The value Chromium reported for django-simple-history's style="border-top: 0".
    assert csp_hash("border-top: 0") == "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"
