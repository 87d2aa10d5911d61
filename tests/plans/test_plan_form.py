"""The plan form fits its content: error summary linking to each field, required fields
marked, the period on one line, "add another project" without JavaScript, a preview
of the public page, and line breaks kept on the public page."""

import re

import pytest
from django.urls import reverse

from plans import services
from tests.factories import ActionPlanFactory, PriorityProjectFactory
from tests.plans.test_views import edit_url, form_data

pytestmark = pytest.mark.django_db


def preview_url(plan):
    return reverse("plans:actionplan_preview", kwargs={"uuid": plan.uuid})


def test_error_summary_links_to_each_field_in_error(client, people, draft):
    client.force_login(people["csco"])
    data = form_data(
        draft,
        title="",
        period_start_year=2030,
        period_end_year=2025,
        **{"projects-1-title": "Costly", "projects-1-estimated_cost": "100"},
    )
    page = client.post(edit_url(draft), data).text
    summary = page[
        page.index('class="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    assert "There is a problem" in summary
    assert '<a href="#id_title">Title: This field is required.</a>' in summary
    assert '<a href="#id_period_end_year">' in summary
    assert '<a href="#id_projects-1-currency">Project 2 – Currency: Give the currency' in summary
    # Each link's target exists on the page.
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in page
    # The summary comes before the heading and the title says there is an error.
    assert page.index("error-summary") < page.index("<h1>")
    assert "<title>Error: " in page


def test_create_form_error_summary(client, people):
    client.force_login(people["csco"])
    page = client.post(reverse("plans:actionplan_create"), {"title": "x"}).text
    assert '<a href="#id_period_start_year">' in page


def test_required_fields_are_marked_and_the_period_is_one_group(client, people, draft):
    client.force_login(people["csco"])
    page = client.get(edit_url(draft)).text
    title_label = page[page.index('<label for="id_title">') :][:200]
    assert "(required)" in title_label
    vision_label = page[page.index('<label for="id_vision">') :][:120]
    assert "(required)" not in vision_label
    period = page[
        page.index('class="period') : page.index("</fieldset>", page.index('class="period'))
    ]
    assert 'id="id_period_start_year"' in period and 'id="id_period_end_year"' in period
    assert 'class="inline-fields"' in period


def test_the_form_offers_rows_in_the_page_and_a_template_row(client, people, draft):
    client.force_login(people["csco"])
    page = client.get(edit_url(draft)).text
    assert '<template id="project-template">' in page
    assert 'id="id_projects-__prefix__-title"' in page
    assert 'id="plan-form-labels"' in page
    assert "js/plan-form.js" in page
    assert 'name="add_project"' in page


def test_add_another_project_without_javascript_saves_and_returns_to_the_form(
    client, people, draft
):
    client.force_login(people["csco"])
    data = form_data(draft, add_project="1", **{"projects-1-title": "Second project"})
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    assert response["Location"] == edit_url(draft) + "#project-forms-end"
    assert sorted(draft.projects.values_list("title", flat=True)) == [
        "Home project",
        "Second project",
    ]
    page = client.get(edit_url(draft)).text
    # Two saved rows and a fresh empty row to fill in.
    assert 'name="projects-TOTAL_FORMS" value="3"' in page


def test_preview_shows_the_plan_as_the_public_will_with_line_breaks(client, people, draft):
    draft.summary = "First paragraph.\n\nSecond line one\nline two"
    draft.save()
    client.force_login(people["csco"])
    page = client.get(preview_url(draft)).text
    assert "This is how the plan will appear on the public page" in page
    assert "<p>First paragraph.</p>" in page
    assert "<p>Second line one<br>line two</p>" in page
    assert "Home project" in page
    assert "not yet approved" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("csco", 200),
        ("other_csco", 404),
        ("national_rep", 200),
        ("other_rep", 404),
        ("secretariat", 200),
    ],
)
def test_preview_is_for_those_who_may_see_the_plan(client, people, draft, role, status):
    if people[role]:
        client.force_login(people[role])
    assert client.get(preview_url(draft)).status_code == status


def test_public_city_page_keeps_line_breaks_and_shows_version_and_approval_date(
    client, people, draft
):
    draft.vision = "Green.\nSafe."
    draft.save()
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    services.action_plan_approve(user=people["secretariat"], plan=draft)
    draft.refresh_from_db()
    page = client.get(reverse("portal:city_detail", kwargs={"slug": "home-city"})).text
    assert "<p>Green.<br>Safe.</p>" in page
    assert f"Version 1, approved on {draft.published_at:%-d %B %Y}" in page


def test_project_description_line_breaks_on_the_public_page(client, people):
    plan = ActionPlanFactory(city=people["city"], status="approved")
    PriorityProjectFactory(plan=plan, title="Sensors", description="One.\nTwo.")
    page = client.get(reverse("portal:city_detail", kwargs={"slug": "home-city"})).text
    assert "<p>One.<br>Two.</p>" in page


def test_submit_button_offers_the_preview_beside_it(client, people, draft):
    client.force_login(people["csco"])
    page = client.get(reverse("plans:actionplan_manage", kwargs={"uuid": draft.uuid})).text
    submit_at = page.index("Submit for review")
    preview_at = page.index("Preview the public page first")
    assert 0 < preview_at - submit_at < 300
    assert f'href="{preview_url(draft)}">Preview the public page first' in page
