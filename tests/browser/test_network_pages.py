"""The network's new pages (meetings, documents, governance, focus areas, about, the
attendance workspace) in real headless Chromium: no serious accessibility violation
(axe-core), no request leaves the portal, no horizontal scrolling at 375 px."""

import datetime
import re

import pytest
from django.utils import timezone

from cities.models import City
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PUBLIC_PAGES = [
    "/meetings/",
    "/meetings/2018-annual-meeting/",
    "/meetings/2022-annual-meeting/",
    "/meetings/2019-asean-japan-high-level-meeting/",
    "/documents/",
    "/documents/?kind=nope",
    "/documents/ascn-terms-of-reference/",
    "/about/",
    "/about/governance/",
    "/framework/safety_security/",
    "/cities/siem-reap/",
    "/member-states/tl/",
    "/partnerships/smart-jamp/",
    "/partnerships/us-asean-smart-cities-partnership/",
]


def sign_in(recording, live_server, username):
    recording.page.goto(live_server.url + "/accounts/login/")
    recording.page.fill("#id_username", username)
    recording.page.fill("#id_password", "correct-horse-battery")
    recording.page.click("main button[type=submit]")
    recording.page.wait_for_url(re.compile(r"/my/$"))


def test_new_public_pages_have_no_serious_accessibility_violation(seeded, page, live_server):
    for path in NEW_PUBLIC_PAGES:
        page.page.goto(live_server.url + path)
        page.page.wait_for_load_state("networkidle")
        violations = axe_violations(page.page)
        assert violations == [], (path, [(v["id"], v["help"], len(v["nodes"])) for v in violations])
    assert page.foreign_requests() == []
    assert page.errors == []


def test_new_public_pages_fit_a_375px_viewport(seeded, page_factory, live_server):
    recording = page_factory(width=375, height=800)
    for path in NEW_PUBLIC_PAGES:
        recording.page.goto(live_server.url + path)
        recording.page.wait_for_load_state("networkidle")
        width = recording.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)


def test_attendance_pages_have_no_serious_accessibility_violation(seeded, page, live_server):
    """A CSCO confirms a delegate through the real form; the secretariat reads the list."""
    from partnerships.models import Meeting
    from tests.factories import ChiefSmartCityOfficerFactory, UserFactory

    start = timezone.localdate() + datetime.timedelta(days=20)
    meeting = Meeting.objects.create(
        name="Next annual meeting", slug="next", kind="annual", year=start.year, start_on=start
    )
    city = City.objects.get(slug="bangkok")
    ChiefSmartCityOfficerFactory(city=city, user=UserFactory(username="csco-bangkok"))
    UserFactory(username="staff", secretariat=True)

    sign_in(page, live_server, "csco-bangkok")
    for path in ["/my/meetings/", f"/my/meetings/{meeting.slug}/cities/bangkok/"]:
        page.page.goto(live_server.url + path)
        violations = axe_violations(page.page)
        assert violations == [], (path, [(v["id"], v["help"]) for v in violations])
    page.page.check("input[value=delegate]")
    page.page.fill("#id_delegate_name", "")
    page.page.click("main button[type=submit]:not([name])")
    assert page.page.locator(".field-error").count() == 1  # the delegate needs a name
    assert axe_violations(page.page) == []
    page.page.fill("#id_delegate_name", "Deputy Officer")
    page.page.click("main button[type=submit]:not([name])")
    page.page.wait_for_url(re.compile(r"/my/meetings/$"))
    assert "Deputy Officer" in page.page.content()

    page.page.context.clear_cookies()
    sign_in(page, live_server, "staff")
    page.page.goto(live_server.url + f"/my/meetings/{meeting.slug}/attendance/")
    assert "Deputy Officer" in page.page.content()
    violations = axe_violations(page.page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]
