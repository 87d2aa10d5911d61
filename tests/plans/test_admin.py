"""The secretariat's admin writes plans and projects through the same services as the
web forms and the API: the creation event, the edit count and the draft-only rule hold."""

import pytest
from django.urls import reverse

from plans.models import ActionPlan, ActionPlanEvent, PriorityProject
from tests.factories import ActionPlanFactory, FocusAreaFactory, PriorityProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, people):
    staff = people["secretariat"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    return client


def _formset_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _plan_form(city, **extra):
    data = {
        "city": city.pk,
        "title": "Plan from the admin",
        "period_start_year": "2026",
        "period_end_year": "2030",
        "vision": "",
        "summary": "",
        **_formset_management("projects"),
        **_formset_management("attachments"),
        **_formset_management("events"),
    }
    data.update(extra)
    return data


def test_admin_add_plan_records_the_creation_event(staff_client, people):
    area = FocusAreaFactory()
    response = staff_client.post(
        reverse("admin:plans_actionplan_add"),
        _plan_form(
            people["city"],
            focus_areas=[area.pk],
            **{
                **_formset_management("projects", total=1),
                "projects-0-title": "Project from the admin",
                "projects-0-position": "0",
                "projects-0-funding_status": "unknown",
            },
        ),
    )
    assert response.status_code == 302, _errors(response)
    plan = ActionPlan.objects.get(title="Plan from the admin")
    assert plan.created_by == people["secretariat"]
    assert list(plan.focus_areas.all()) == [area]
    event = ActionPlanEvent.objects.get(plan=plan)
    assert (event.actor, event.from_status, event.to_status) == (
        people["secretariat"],
        "",
        "draft",
    )
    assert list(plan.projects.values_list("title", flat=True)) == ["Project from the admin"]


def test_admin_project_edit_raises_the_edit_count(staff_client, people, draft):
    before = ActionPlan.objects.get(pk=draft.pk).lock_version
    project = PriorityProject.objects.get(plan=draft)
    response = staff_client.post(
        reverse("admin:plans_priorityproject_change", args=[project.pk]),
        {
            "plan": draft.pk,
            "title": "Renamed in the admin",
            "description": "",
            "funding_status": "unknown",
            "position": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    project.refresh_from_db()
    assert project.title == "Renamed in the admin"
    assert ActionPlan.objects.get(pk=draft.pk).lock_version > before


def test_admin_project_edit_keeps_the_support_sought(staff_client, people, draft):
    """The admin edits the marketplace's needs with the drafting page's fields: support
    kinds as checkboxes, saved through the services (a raw JSON box once gave a 500)."""
    project = PriorityProject.objects.get(plan=draft)
    response = staff_client.post(
        reverse("admin:plans_priorityproject_change", args=[project.pk]),
        {
            "plan": draft.pk,
            "title": "Needs finance",
            "funding_status": "seeking",
            "position": "0",
            "is_seeking_partners": "on",
            "support_kinds": ["finance", "expertise"],
        },
    )
    assert response.status_code == 302, _errors(response)
    project.refresh_from_db()
    assert sorted(project.support_kinds) == ["expertise", "finance"]


def test_admin_cannot_change_a_published_plan(staff_client, people):
    plan = ActionPlanFactory(city=people["city"], status="approved", title="Published")
    PriorityProjectFactory(plan=plan, title="Published project")
    response = staff_client.post(
        reverse("admin:plans_actionplan_change", args=[plan.pk]),
        _plan_form(people["city"], title="Rewritten behind the workflow's back"),
    )
    assert response.status_code in (302, 200)
    plan.refresh_from_db()
    assert plan.title == "Published"
    page = staff_client.get(reverse("admin:plans_actionplan_change", args=[plan.pk]))
    assert 'name="title"' not in page.text  # read-only: the workflow revises it


def test_admin_project_of_a_published_plan_is_read_only(staff_client, people):
    plan = ActionPlanFactory(city=people["city"], status="approved")
    project = PriorityProjectFactory(plan=plan, title="Kept")
    staff_client.post(
        reverse("admin:plans_priorityproject_change", args=[project.pk]),
        {"plan": plan.pk, "title": "Changed", "funding_status": "unknown", "position": "0"},
    )
    project.refresh_from_db()
    assert project.title == "Kept"


def _errors(response):
    context = response.context
    return (
        context["adminform"].form.errors,
        [
            (f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
            for f in context["inline_admin_formsets"]
        ],
    )
