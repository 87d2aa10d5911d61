"""The marketplace journey in real headless Chromium: an organisation registers and
confirms its email, the secretariat verifies it in the admin, the organisation finds a
project by filter and sends an interest, the CSCO answers in the thread, the secretariat
agrees and records the agreement, and the project page shows the partner."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from tests.browser.conftest import axe_violations, save_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "ascn-demo-2026"


@pytest.fixture
def demo(seeded, settings):
    settings.DEBUG = True
    call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_marketplace_journey(demo, page_factory, live_server):
    base = live_server.url

    # 1. An organisation registers and confirms its email by the link.
    org = page_factory().page
    org.goto(f"{base}/organisations/register/")
    assert org.locator("input[name=nickname]").is_hidden()
    org.fill("input[name=name]", "Lotus Mobility")
    org.select_option("select[name=kind]", "company")
    org.fill("input[name=country_code]", "vn")
    org.fill("input[name=website]", "https://lotus.example")
    org.fill("input[name=contact_name]", "Linh Example")
    org.fill("input[name=contact_email]", "linh@lotus.example")
    org.fill("input[name=contact_phone]", "+84 0000")
    org.fill("input[name=username]", "lotus")
    org.fill("input[name=password]", "Lotus-journey-2026")
    org.click("form.register-form button[type=submit]")
    org.wait_for_selector("text=Check your email")
    link = next(
        word
        for message in mail.outbox
        for word in message.body.split()
        if "/organisations/confirm/" in word
    )
    org.goto(base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    org.click("main form button[type=submit]")
    org.wait_for_selector("text=the email is confirmed")

    # 2. The secretariat verifies it in the admin.
    staff = page_factory().page
    sign_in(staff, base, "secretariat", DEMO_PASSWORD)
    staff.goto(f"{base}/admin/partnerships/organisation/?q=Lotus")
    staff.check("input[name=_selected_action]")
    staff.select_option("select[name=action]", "verify")
    staff.click("button[name=index]")
    staff.wait_for_selector("text=1 organisation(s) verified")

    # 3. The organisation finds a project by filter and sends an interest.
    sign_in(org, base, "lotus", "Lotus-journey-2026")
    # From the city's page: its projects seeking partners, the city shown as a chip
    # (the form offers no select of every city), then a kind of support.
    org.goto(f"{base}/cities/bangkok/")
    org.click(".seeking-count a")
    org.wait_for_url(re.compile(r"/projects/\?city=bangkok"))
    assert "City: Bangkok" in org.inner_text("#project-filters .filter-chips")
    org.check("#project-filters input[name=support][value=expertise]")
    org.click("#project-filters button[type=submit]")
    org.wait_for_url(re.compile(r"support=expertise"))
    assert "city=bangkok" in org.url
    cards = org.locator("#project-list h2")
    assert cards.all_inner_texts() == ["Demo: canal-side flood sensors"]
    cards.first.locator("a").click()
    org.check("form.interest-form input[name=support][value=technology]")
    org.fill("form.interest-form textarea[name=message]", "We build low-cost water sensors.")
    org.click("form.interest-form button[type=submit]")
    org.wait_for_url(re.compile(r"/my/interests/[0-9a-f-]+/$"))
    interest_url = org.url
    assert org.locator("#interest-status").inner_text() == "New"

    # 4. The city's CSCO answers in the thread.
    city = page_factory().page
    sign_in(city, base, "csco-bangkok", DEMO_PASSWORD)
    city.goto(f"{base}/my/interests/")
    city.click("text=Demo: canal-side flood sensors")
    assert city.url == interest_url
    assert "linh@lotus.example" in city.inner_text("main")
    city.fill("textarea[name=body]", "Welcome! Can you visit in March?")
    city.click("#thread ~ form button[type=submit]")
    city.wait_for_selector("#thread >> text=Can you visit in March?")

    # 5. The secretariat agrees and records the agreement in one step.
    staff.goto(interest_url)
    staff.click("button[value=agree]")
    staff.wait_for_selector("#interest-status >> text=Agreed")
    staff.click("text=Record the agreement")
    staff.wait_for_url(re.compile(r"/partnerships/[\w-]+/$"))
    assert "Lotus Mobility" in staff.inner_text("main")

    # 6. The map's popup for Bangkok counts its projects seeking partners.
    public = page_factory().page
    public.goto(f"{base}/?member_state=TH")
    public.wait_for_selector(".leaflet-marker-icon[alt='Bangkok']")
    public.evaluate(
        """() => window.ascnMap.eachLayer(layer => {
            if (layer.options && layer.options.alt === 'Bangkok' && layer.openPopup) {
                layer.openPopup();
            }
        })"""
    )
    popup = public.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "2 projects seek partners" in popup.inner_text()

    # 7. The public project page shows the partner; no private detail is on it.
    public.goto(f"{base}/projects/?support=expertise&city=bangkok")
    public.locator("#project-list h2 a").first.click()
    partners = public.locator("#partners").inner_text()
    assert "Lotus Mobility" in partners
    text = public.inner_text("body")
    assert "linh@lotus.example" not in text and "water sensors" not in text
    save_screenshot(public, "marketplace-project-with-partner")
    for path in ("/projects/", public.url.split(base, 1)[1], "/organisations/register/"):
        public.goto(base + path)
        assert axe_violations(public) == [], path
