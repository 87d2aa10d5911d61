"""The review journey, the plan form and the workspace in real headless Chromium:
return → reopen → resubmit with the comment at the top, the confirmation before
withdrawing, project rows added and removed in the page, tables without horizontal
scroll or words broken mid-letter at 375 px, and axe-core on every page touched."""

import re

import pytest

from plans.models import ActionPlanEvent
from tests.browser.conftest import axe_violations, save_screenshot, wait_until
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    PriorityProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def people(transactional_db):
    city = CityFactory(slug="home-city", name="Home City")
    csco = UserFactory(username="csco", first_name="Cee", last_name="Officer")
    rep = UserFactory(username="rep", first_name="Nora", last_name="Reviewer")
    ChiefSmartCityOfficerFactory(city=city, user=csco)
    NationalRepresentativeFactory(member_state=city.member_state, user=rep)
    plan = ActionPlanFactory(
        city=city,
        status="draft",
        title="Home City smart plan",
        period_start_year=2026,
        period_end_year=2030,
    )
    PriorityProjectFactory(plan=plan, title="Flood sensors")
    return {"city": city, "csco": csco, "rep": rep, "plan": plan}


def sign_in(page_factory, live_server, username, width=1280):
    recording = page_factory(width=width)
    page = recording.page
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/my/$"))
    return recording


def assert_accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], (where, [(v["id"], v["help"], len(v["nodes"])) for v in violations])


def test_return_reopen_resubmit_with_the_comment_at_the_top(people, page_factory, live_server):
    plan = people["plan"]
    manage = f"{live_server.url}/my/plans/{plan.uuid}/"
    csco = sign_in(page_factory, live_server, "csco")
    csco.page.goto(manage)
    csco.page.get_by_role("button", name="Submit for review").click()
    csco.page.wait_for_selector(".message.success")
    assert "The plan was submitted for review." in csco.page.inner_text(".messages")
    assert_accessible(csco.page, "after submit (success message)")

    rep = sign_in(page_factory, live_server, "rep")
    rep.page.goto(manage)
    # An empty comment: the field itself is marked, with the message beside it.
    rep.page.get_by_role("button", name="Return to the city").click()
    rep.page.wait_for_selector("#id_comment[aria-invalid=true]")
    assert "Say what the city should change." in rep.page.inner_text(".has-error")
    assert_accessible(rep.page, "return without comment")
    rep.page.fill("#id_comment", "Cost the flood sensors.\nAdd the years.")
    rep.page.get_by_role("button", name="Return to the city").click()
    rep.page.wait_for_selector(".message.success")

    csco.page.goto(manage)
    banner = csco.page.locator("#returned-comment")
    # The comment comes first on the page, right under the plan's heading line.
    first_section = csco.page.locator("main h1 ~ section").first
    assert first_section.get_attribute("id") == "returned-comment"
    text = banner.inner_text()
    assert "Nora Reviewer returned this plan on" in text
    assert "Cost the flood sensors.\nAdd the years." in text
    assert csco.page.locator("textarea[name=comment]").count() == 0
    box = banner.bounding_box()
    assert box["y"] < 400, "the returned comment is not at the top of the page"
    save_screenshot(csco.page, "plan-returned")
    assert_accessible(csco.page, "returned plan for its CSCO")

    banner.get_by_role("button", name="Reopen and edit").click()
    csco.page.wait_for_url(re.compile(r"/edit/$"))
    assert "The plan is a draft again." in csco.page.inner_text(".messages")
    csco.page.fill("#id_projects-0-estimated_cost", "250000")
    csco.page.fill("#id_projects-0-currency", "USD") if csco.page.locator(
        "input#id_projects-0-currency"
    ).count() else csco.page.select_option("#id_projects-0-currency", "USD")
    csco.page.get_by_role("button", name="Save draft").click()
    csco.page.wait_for_url(re.compile(r"/my/plans/[^/]+/$"))
    csco.page.get_by_role("button", name="Submit for review").click()
    csco.page.wait_for_selector(".message.success")
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert list(plan.events.order_by("created_at", "pk").values_list("to_status", flat=True))[
        -4:
    ] == ["submitted", "returned", "draft", "submitted"]


def test_withdraw_asks_first_and_a_double_click_withdraws_once(people, page_factory, live_server):
    plan = people["plan"]
    csco = sign_in(page_factory, live_server, "csco")
    page = csco.page
    page.goto(f"{live_server.url}/my/plans/{plan.uuid}/")
    page.get_by_role("link", name="Withdraw the plan…").click()
    page.wait_for_url(re.compile(r"/withdraw/$"))
    assert "cannot be undone" in page.inner_text("main")
    assert_accessible(page, "withdraw confirmation")
    page.get_by_role("link", name="No, keep the plan").click()
    page.wait_for_url(re.compile(r"/my/plans/[^/]+/$"))
    plan.refresh_from_db()
    assert plan.status == "draft"

    page.get_by_role("link", name="Withdraw the plan…").click()
    page.wait_for_url(re.compile(r"/withdraw/$"))
    page.get_by_role("button", name="Yes, withdraw the plan").dblclick()
    page.wait_for_url(re.compile(r"/my/plans/[^/]+/$"))
    page.wait_for_selector(".messages")
    assert "The plan was withdrawn." in page.inner_text(".messages")
    assert "cannot be" not in page.inner_text(".messages")
    plan.refresh_from_db()
    assert plan.status == "withdrawn"
    assert ActionPlanEvent.objects.filter(plan=plan, to_status="withdrawn").count() == 1
    assert_accessible(page, "after withdraw (success message)")


def test_project_rows_are_added_and_removed_in_the_page(people, page_factory, live_server):
    plan = people["plan"]
    csco = sign_in(page_factory, live_server, "csco")
    page = csco.page
    page.goto(f"{live_server.url}/my/plans/{plan.uuid}/edit/")
    total = page.locator("input[name=projects-TOTAL_FORMS]")
    assert total.input_value() == "2"  # the saved project and one empty row
    # With JavaScript the DELETE boxes give way to Remove buttons.
    assert page.locator("[data-remove-checkbox]").first.is_hidden()
    page.get_by_role("button", name="Add another project").click()
    assert total.input_value() == "3"
    assert page.evaluate("document.activeElement.id") == "id_projects-2-title"
    page.fill("#id_projects-2-title", "Smart street lights")
    # Remove the empty row in the middle: the new row after it takes its number.
    page.locator("#project-1 [data-remove-project]").click()
    assert total.input_value() == "2"
    assert page.locator("#id_projects-1-title").input_value() == "Smart street lights"
    assert page.locator("#id_projects-2-title").count() == 0
    # Remove the saved project: hidden and ticked for deletion, with an undo.
    page.locator("#project-0 [data-remove-project]").click()
    assert page.locator("#project-0").is_hidden()
    assert page.locator("#id_projects-0-DELETE").is_checked()
    page.get_by_role("button", name="Undo").click()
    assert page.locator("#project-0").is_visible()
    assert not page.locator("#id_projects-0-DELETE").is_checked()
    page.locator("#project-0 [data-remove-project]").click()
    save_screenshot(page, "plan-form-rows")
    assert_accessible(page, "plan form with rows added and removed")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/my/plans/[^/]+/$"))
    assert list(plan.projects.values_list("title", flat=True)) == ["Smart street lights"]
    assert_accessible(page, "plan page after save (success message)")


def test_plan_form_error_summary_links_to_the_field(people, page_factory, live_server):
    plan = people["plan"]
    csco = sign_in(page_factory, live_server, "csco")
    page = csco.page
    page.goto(f"{live_server.url}/my/plans/{plan.uuid}/edit/")
    page.fill("#id_title", "")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert_accessible(page, "plan form with errors")
    page.goto(f"{live_server.url}/my/plans/{plan.uuid}/preview/")
    assert "Home City smart plan" in page.inner_text("main")
    assert_accessible(page, "preview")


NO_BROKEN_WORDS = """(selector) => {
  // Every word in every table cell must sit on one line: a word whose characters
  // span two line boxes was broken mid-letter.
  const broken = [];
  const overflowing = [];
  for (const cell of document.querySelectorAll(selector)) {
    const head = cell.closest('thead');
    if (head && head.getBoundingClientRect().width <= 1) continue;  // visually hidden
    if (cell.scrollWidth > cell.clientWidth + 1) overflowing.push(cell.textContent.trim());
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return { broken, overflowing };
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_tables_have_no_horizontal_scroll_or_broken_words(people, page_factory, live_server, width):
    for i in range(12):
        city = CityFactory(
            name=f"Kota Administrasi Jakarta Selatan Internationalisation {i}",
            member_state=people["city"].member_state,
        )
        ActionPlanFactory(city=city, status="approved", title="Rencana Aksi Kota Cerdas")
    ActionPlanFactory(
        city=people["city"],
        status="returned",
        title="Comprehensiveinternationalisationprogramme for the metropolitan region",
    )
    csco = sign_in(page_factory, live_server, "csco", width=width)
    page = csco.page
    for path in ["/my/", "/cities/", "/member-states/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (path, scroll)
        result = page.evaluate(NO_BROKEN_WORDS, "table.data th, table.data td")
        assert result["overflowing"] == [], (path, result["overflowing"][:5])
        # A word longer than the screen may wrap; every ordinary word must not.
        broken = [w for w in result["broken"] if len(w) * 9 < width - 60]
        assert broken == [], (path, broken[:10])
        if width == 375:
            # Stacked rows: each cell shows its column's label.
            label = page.evaluate(
                "getComputedStyle(document.querySelector('table.data td[data-label]'),"
                " '::before').content"
            )
            assert label not in ("none", "normal", '""')
            save_screenshot(page, f"table-375{path.replace('/', '-')}")
        assert_accessible(page, f"{path} at {width}px")


@pytest.fixture
def close_cities(transactional_db):
    """Three cities a few kilometres apart (one spot at the region's zoom) and one far."""
    from decimal import Decimal

    from tests.factories import MemberStateFactory

    state = MemberStateFactory(name="Lautania")
    for name, lon in [("Alpha", "105.00"), ("Bravo", "105.04"), ("Charlie", "105.08")]:
        CityFactory(
            name=name,
            slug=name.lower(),
            member_state=state,
            latitude=Decimal("12.00"),
            longitude=Decimal(lon),
        )
    CityFactory(name="Faraway", slug="faraway", member_state=state, latitude=Decimal("2.0"))


def icon_centres(page, names):
    centres = {}
    for name in names:
        box = page.locator(f".leaflet-marker-icon[alt='{name}']").bounding_box()
        centres[name] = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return centres


def distance(a, b):
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def test_overlapping_markers_spiderfy_on_click(close_cities, page, live_server):
    map_page = page.page
    map_page.goto(live_server.url + "/")
    map_page.wait_for_selector(".leaflet-marker-icon[alt='Alpha']")
    map_page.wait_for_selector(".state-label")
    names = ["Alpha", "Bravo", "Charlie"]
    before = icon_centres(map_page, names)
    assert max(distance(before[a], before[b]) for a in names for b in names) < 25
    map_page.locator(".leaflet-marker-icon[alt='Charlie']").click()
    map_page.wait_for_selector(".leaflet-marker-icon.is-spiderfied")
    after = icon_centres(map_page, names)
    assert map_page.locator(".leaflet-marker-icon.is-spiderfied").count() == 3
    assert min(distance(after[a], after[b]) for a in names for b in names if a != b) >= 25
    popup = map_page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Charlie" in popup.inner_text()
    # Legs lead back from each spread marker to the true spot.
    assert map_page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() >= 3
    # Another of the spread markers opens its own popup.
    map_page.locator(".leaflet-marker-icon[alt='Alpha']").click()
    wait_until(
        map_page, "document.querySelector('.leaflet-popup-content').textContent.includes('Alpha')"
    )
    # A click on the map folds them back.
    map_page.locator("#city-map").click(position={"x": 300, "y": 15})
    wait_until(map_page, "!document.querySelector('.leaflet-marker-icon.is-spiderfied')")
    folded = icon_centres(map_page, names)
    assert max(distance(folded[a], folded[b]) for a in names for b in names) < 25
    save_screenshot(map_page, "map-spiderfied")
    assert page.errors == []


def test_map_labels_member_states_and_city_names_from_a_zoom_on(close_cities, page, live_server):
    map_page = page.page
    map_page.goto(live_server.url + "/")
    map_page.wait_for_selector(".state-label")
    labels = map_page.locator(".leaflet-tooltip.state-label")
    assert labels.count() == 11
    assert "Vietnam" in [labels.nth(i).text_content() for i in range(labels.count())]
    city_label = map_page.locator(".leaflet-tooltip.city-label", has_text="Faraway")
    assert city_label.is_hidden()
    map_page.evaluate("window.ascnMap.setView([2.0, 103.85], 8, {animate: false})")
    map_page.wait_for_selector(".show-city-labels")
    assert city_label.is_visible()
    assert page.foreign_requests() == []
    assert_accessible(map_page, "home map with labels")


def test_covered_marker_still_works_by_keyboard(close_cities, page, live_server):
    map_page = page.page
    map_page.goto(live_server.url + "/")
    marker = map_page.locator(".leaflet-marker-icon[alt='Bravo']")
    marker.wait_for()
    marker.focus()
    map_page.keyboard.press("Enter")
    map_page.wait_for_selector(".leaflet-marker-icon.is-spiderfied")
    wait_until(
        map_page,
        "document.activeElement.classList.contains('popup-link')"
        " && document.activeElement.textContent.includes('Bravo')",
    )
    map_page.keyboard.press("Enter")
    map_page.wait_for_url(re.compile(r"/cities/bravo/$"))


@pytest.fixture
def published(people):
    from plans import services

    plan = people["plan"]
    plan.summary = "First paragraph.\n\nSecond, with\na line break."
    plan.save()
    admin = UserFactory(username="staff", secretariat=True)
    services.action_plan_submit(user=people["csco"], plan=plan)
    services.action_plan_endorse(user=people["rep"], plan=plan)
    services.action_plan_approve(user=admin, plan=plan)
    return plan


def test_public_pages_touched_here_are_accessible(published, page, live_server):
    for path in [
        "/cities/home-city/",
        "/search/?q=home",
        "/search/?q=nothing-like-this",
        "/search/",
        "/no-such-page/",
        "/sitemap.xml",
    ]:
        response = page.page.goto(live_server.url + path)
        if path == "/sitemap.xml":
            assert response.status == 200
            continue
        page.page.wait_for_load_state("networkidle")
        assert_accessible(page.page, path)
    page.page.goto(live_server.url + "/search/?q=home")
    cities = page.page.locator("section[aria-labelledby=results-cities] a")
    assert cities.all_text_contents() == ["Home City"]


def test_city_page_prints_without_navigation_and_with_link_addresses(published, page, live_server):
    city_page = page.page
    city_page.goto(live_server.url + "/cities/home-city/")
    city_page.wait_for_selector(".leaflet-marker-icon")
    assert "Version 1, approved on" in city_page.inner_text(".public-plan")
    assert (
        city_page.locator(".public-plan p", has_text="a line break").inner_html().count("<br>") == 1
    )
    city_page.emulate_media(media="print")
    assert city_page.locator(".site-header").is_hidden()
    assert city_page.locator(".site-footer").is_hidden()
    assert city_page.locator(".map-frame").is_hidden()
    link = city_page.locator("main .facts a").first
    after = city_page.evaluate(
        "(el) => getComputedStyle(el, '::after').content", link.element_handle()
    )
    assert "/member-states/" in after


def test_workspace_notifications_and_review_pages_are_accessible(people, page_factory, live_server):
    from plans import services

    services.action_plan_submit(user=people["csco"], plan=people["plan"])
    rep = sign_in(page_factory, live_server, "rep")
    for path in ["/my/", "/my/notifications/", "/my/reviews/", f"/my/plans/{people['plan'].uuid}/"]:
        rep.page.goto(live_server.url + path)
        assert_accessible(rep.page, path)
    rep.page.goto(live_server.url + "/my/")
    needs = rep.page.locator("#action-heading + ul")
    assert "Home City smart plan" in needs.inner_text()
