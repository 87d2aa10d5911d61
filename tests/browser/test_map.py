"""The home map, the city pages and the public pages in real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from cities.models import City
from tests.browser.conftest import axe_violations, save_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/cities/",
    "/cities/bangkok/",
    "/cities/bandar-seri-begawan/",
    "/member-states/",
    "/member-states/th/",
    "/partnerships/",
    "/partnerships/amata-yusa-letter-of-intent/",
    "/framework/",
    "/about/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
]


def open_map(recording, live_server, query=""):
    recording.page.goto(f"{live_server.url}/{query}")
    recording.page.wait_for_selector(".leaflet-marker-icon")
    recording.page.wait_for_load_state("networkidle")
    return recording.page


def test_home_map_shows_exactly_one_marker_per_active_city(seeded, page, live_server):
    City.objects.filter(slug="yangon").update(is_active=False)
    active = set(City.objects.active().values_list("name", flat=True))
    map_page = open_map(page, live_server)
    markers = map_page.locator(".leaflet-marker-icon")
    assert markers.count() == len(active) == 31
    alts = sorted(markers.nth(i).get_attribute("alt") for i in range(markers.count()))
    assert alts == sorted(active)
    assert map_page.locator("#city-list li").count() == len(active)
    assert page.errors == []


def test_marker_popup_links_to_the_city_page(seeded, page, live_server):
    # Filtered to Cambodia the map zooms in, so no other marker lies over Siem Reap's.
    map_page = open_map(page, live_server, "?member_state=KH")
    map_page.locator(".leaflet-marker-icon[alt='Siem Reap']").click()
    popup = map_page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Siem Reap" in popup.inner_text()
    assert "Cambodia" in popup.inner_text()
    # Its count comes from the published plans (the seed publishes none: the projects on
    # public record are not an approved plan).
    assert re.search(r"\d+ published priority projects?", popup.inner_text())
    popup.locator("a").click()
    map_page.wait_for_url(re.compile(r"/cities/siem-reap/$"))
    assert map_page.locator("h1").inner_text() == "Siem Reap"


def test_marker_and_popup_work_by_keyboard(seeded, page, live_server):
    map_page = open_map(page, live_server)
    marker = map_page.locator(".leaflet-marker-icon[alt='Bangkok']")
    marker.focus()
    map_page.keyboard.press("Enter")
    link = map_page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert map_page.evaluate("document.activeElement.classList.contains('popup-link')")
    map_page.keyboard.press("Enter")
    map_page.wait_for_url(re.compile(r"/cities/bangkok/$"))


def test_filter_by_member_state_changes_markers_list_and_url(seeded, page, live_server):
    map_page = open_map(page, live_server)
    thai = City.objects.active().filter(member_state__iso_alpha2="TH").count()
    map_page.select_option("#id_member_state", "TH")
    # (Not wait_for_function: it evaluates a string, which the portal's CSP forbids.)
    expect(map_page.locator(".leaflet-marker-icon")).to_have_count(thai)
    assert "member_state=TH" in map_page.url
    assert map_page.locator("#city-list li").count() == thai
    assert map_page.locator("#city-count").inner_text() == f"{thai} cities"
    # The filtered URL is a link that can be shared: opened afresh it shows the same.
    fresh = open_map(page, live_server, "?member_state=TH")
    assert fresh.locator(".leaflet-marker-icon").count() == thai


def test_list_button_shows_the_city_on_the_map(seeded, page, live_server):
    map_page = open_map(page, live_server)
    map_page.locator("#city-list li[data-slug='kuching'] button").click()
    popup = map_page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Kuching" in popup.inner_text()


@pytest.mark.parametrize("path", ["/", "/cities/", "/cities/jakarta/", "/partnerships/"])
def test_375px_viewport_has_no_horizontal_scrolling(seeded, page_factory, live_server, path):
    recording = page_factory(width=375, height=800)
    recording.page.goto(live_server.url + path)
    recording.page.wait_for_load_state("networkidle")
    scroll_width = recording.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375


def test_no_request_leaves_the_portal_host(seeded, page, live_server):
    for path in PUBLIC_PAGES:
        page.page.goto(live_server.url + path)
        page.page.wait_for_load_state("networkidle")
    assert page.requests, "the pages made no request at all"
    assert page.foreign_requests() == []


def test_screenshots_of_home_and_city_page(seeded, page, live_server):
    open_map(page, live_server)
    home = save_screenshot(page.page, "home")
    page.page.goto(live_server.url + "/cities/bandar-seri-begawan/")
    page.page.wait_for_selector(".leaflet-marker-icon")
    city = save_screenshot(page.page, "city-bandar-seri-begawan")
    assert home.stat().st_size > 10_000 and city.stat().st_size > 10_000


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violation(seeded, page, live_server, path):
    page.page.goto(live_server.url + path)
    page.page.wait_for_load_state("networkidle")
    violations = axe_violations(page.page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_workspace_pages_have_no_serious_accessibility_violation(seeded, page, live_server):
    """The drafting pages a CSCO uses, signed in through the real sign-in form."""
    from plans import services
    from tests.factories import ChiefSmartCityOfficerFactory, UserFactory

    city = City.objects.get(slug="bangkok")
    user = UserFactory(username="csco-bangkok", email="csco@example.org")
    ChiefSmartCityOfficerFactory(city=city, user=user)
    plan = services.action_plan_create(user=user, city=city, title="Bangkok 2030")
    page.page.goto(live_server.url + "/accounts/login/")
    page.page.fill("#id_username", "csco-bangkok")
    page.page.fill("#id_password", "correct-horse-battery")
    page.page.click("main button[type=submit]")
    page.page.wait_for_url(re.compile(r"/my/$"))
    for path in [
        "/my/",
        "/my/plans/new/",
        f"/my/plans/{plan.uuid}/",
        f"/my/plans/{plan.uuid}/edit/",
    ]:
        page.page.goto(live_server.url + path)
        violations = axe_violations(page.page)
        assert violations == [], (path, [(v["id"], v["help"]) for v in violations])
