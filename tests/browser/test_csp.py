"""The Content-Security-Policy in real headless Chromium: no page of the portal, the API
documentation or the admin breaks a rule of it, and what it shows still works."""

import re

import pytest

from cities.models import City, MemberState
from tests.browser.test_map import PUBLIC_PAGES
from tests.conftest import PASSWORD
from tests.factories import ChiefSmartCityOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def visit(recording, url, ready=None):
    recording.page.goto(url)
    if ready:
        recording.page.wait_for_selector(ready)
    recording.page.wait_for_load_state("networkidle")


def sign_in(recording, live_server, username):
    recording.page.goto(live_server.url + "/accounts/login/")
    recording.page.fill("#id_username", username)
    recording.page.fill("#id_password", PASSWORD)
    recording.page.click("main button[type=submit]")
    recording.page.wait_for_url(re.compile(r"/my/$"))


def test_public_pages_break_no_rule_of_the_policy(seeded, page, live_server):
    for path in PUBLIC_PAGES:
        ready = ".leaflet-marker-icon" if path in ("/", "/cities/bangkok/") else None
        visit(page, live_server.url + path, ready)
    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.errors == []


def test_map_still_draws_its_markers_outlines_and_popups(seeded, page, live_server):
    visit(page, live_server.url + "/", ".leaflet-marker-icon")
    assert page.page.locator(".leaflet-marker-icon").count() == City.objects.active().count()
    # The member states' outlines (an SVG layer) and a marker's popup.
    page.page.wait_for_selector(".leaflet-overlay-pane path")
    visit(page, live_server.url + "/?member_state=KH", ".leaflet-marker-icon[alt='Siem Reap']")
    page.page.locator(".leaflet-marker-icon[alt='Siem Reap']").click()
    assert "Siem Reap" in page.page.locator(".leaflet-popup-content").inner_text()
    assert page.csp_violations == [], "\n".join(page.csp_violations)


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/api/v1/docs/", ".swagger-ui .info .title"),
        ("/api/v1/redoc/", ".api-content h1"),
    ],
)
def test_api_documentation_renders_under_the_policy(seeded, page, live_server, path, ready):
    visit(page, live_server.url + path, ready)
    assert "ASCN Portal API" in page.page.locator(ready).inner_text()
    # Redoc's side menu always asks another host for its maker's logo; the policy
    # blocks it, as it should. Nothing else may be blocked.
    violations = [v for v in page.csp_violations if REDOC_LOGO not in v]
    assert violations == [], "\n".join(violations)
    assert [url for url in page.foreign_requests() if url != REDOC_LOGO] == []


def test_admin_pages_break_no_rule_of_the_policy(seeded, page, live_server):
    UserFactory(username="secretariat-admin", secretariat=True, is_staff=True)
    visit(page, live_server.url + "/admin/login/")
    page.page.fill("#id_username", "secretariat-admin")
    page.page.fill("#id_password", PASSWORD)
    page.page.click("input[type=submit]")
    page.page.wait_for_url(re.compile(r"/admin/$"))
    city = City.objects.get(slug="bangkok")
    state = MemberState.objects.get(iso_alpha2="TH")
    for path in [
        "/admin/",
        "/admin/cities/city/",
        f"/admin/cities/city/?member_state__id__exact={state.pk}",
        f"/admin/cities/city/{city.pk}/change/",
        f"/admin/cities/city/{city.pk}/history/",
        "/admin/cities/city/add/",
        "/admin/plans/actionplan/add/",
        "/admin/partnerships/partnershipagreement/add/",
    ]:
        visit(page, live_server.url + path)
        assert page.page.locator("#content").count() == 1, path
    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.errors == []


def test_workspace_pages_break_no_rule_of_the_policy(seeded, page, live_server):
    """A CSCO signs in, drafts a plan through the forms and opens each workspace page."""
    city = City.objects.get(slug="bangkok")
    user = UserFactory(username="csco-bangkok", email="csco@example.org")
    ChiefSmartCityOfficerFactory(city=city, user=user)
    sign_in(page, live_server, "csco-bangkok")
    visit(page, live_server.url + "/my/plans/new/")
    page.page.fill("#id_title", "Bangkok 2030")
    page.page.fill("#id_period_start_year", "2026")
    page.page.fill("#id_period_end_year", "2030")
    page.page.click(".plan-form button[type=submit]")
    page.page.wait_for_url(re.compile(r"/my/plans/[0-9a-f-]+/edit/$"))
    edit = page.page.url
    for url in [
        edit,
        edit.removesuffix("edit/"),
        live_server.url + "/my/",
        live_server.url + "/my/notifications/",
        live_server.url + "/accounts/password/change/",
    ]:
        visit(page, url)
    assert page.csp_violations == [], "\n".join(page.csp_violations)
    assert page.errors == []
