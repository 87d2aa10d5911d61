"""The workspace pages: dashboard, drafting forms, attachments, reviews, and who may
open what. Another city's CSCO and anonymous visitors never reach a draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import services
from plans.models import ActionPlan, PlanAttachment
from tests.factories import MINIMAL_PDF, PlanAttachmentFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def manage_url(plan):
    return reverse("plans:actionplan_manage", kwargs={"uuid": plan.uuid})


def edit_url(plan):
    return reverse("plans:actionplan_update", kwargs={"uuid": plan.uuid})


def form_data(plan, **overrides):
    """What the edit form posts: the plan's fields, its project rows, and one new row."""
    projects = list(plan.projects.all())
    data = {
        "title": plan.title,
        "period_start_year": plan.period_start_year or 2026,
        "period_end_year": plan.period_end_year or 2030,
        "vision": plan.vision,
        "summary": plan.summary,
        "lock_version": plan.lock_version,
        "projects-TOTAL_FORMS": len(projects) + 1,
        "projects-INITIAL_FORMS": len(projects),
        "projects-MIN_NUM_FORMS": 0,
        "projects-MAX_NUM_FORMS": 50,
    }
    for i, project in enumerate(projects):
        data.update(
            {
                f"projects-{i}-id": project.pk,
                f"projects-{i}-plan": plan.pk,
                f"projects-{i}-title": project.title,
                f"projects-{i}-description": project.description,
                f"projects-{i}-funding_status": project.funding_status,
                f"projects-{i}-estimated_cost": project.estimated_cost or "",
                f"projects-{i}-currency": project.currency,
            }
        )
    # The empty row as a browser posts it: its select sends its default.
    data[f"projects-{len(projects)}-funding_status"] = "unknown"
    data.update(overrides)
    return data


def test_workspace_pages_require_sign_in(client, draft):
    for url in (
        reverse("plans:dashboard"),
        reverse("plans:actionplan_create"),
        manage_url(draft),
        edit_url(draft),
        reverse("plans:actionplan_review_queue"),
        reverse("plans:notification_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_shows_own_city_plans_and_what_needs_action(client, people, draft):
    other = ActionPlan.objects.create(city=people["other_city"], title="Other city's draft")
    response = login(client, people["csco"]).get(reverse("plans:dashboard"))
    assert response.status_code == 200
    assert "Home draft" in response.text and "Other city&#x27;s draft" not in response.text
    assert draft in response.context["needs_action"]
    assert other not in response.context["plans"]


def test_national_representative_dashboard_covers_its_member_state(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    response = login(client, people["national_rep"]).get(reverse("plans:dashboard"))
    assert [p.pk for p in response.context["needs_action"]] == [draft.pk]
    assert response.context["unread_count"] == 1
    other = login(client, people["other_rep"]).get(reverse("plans:dashboard"))
    assert list(other.context["plans"]) == []


def test_csco_creates_a_draft_and_bad_input_keeps_what_was_typed(client, people):
    login(client, people["csco"])
    url = reverse("plans:actionplan_create")
    bad = client.post(
        url, {"title": "My careful title", "period_start_year": 2030, "period_end_year": 2025}
    )
    assert bad.status_code == 200
    assert "The period cannot end before it starts." in bad.text
    assert 'value="My careful title"' in bad.text
    good = client.post(
        url, {"title": "Smart Home City 2030", "period_start_year": 2026, "period_end_year": 2030}
    )
    plan = ActionPlan.objects.get(title="Smart Home City 2030")
    assert good["Location"] == edit_url(plan)
    assert (plan.city, plan.status, plan.created_by) == (people["city"], "draft", people["csco"])


def test_only_cscos_may_open_the_create_form(client, people):
    for role in ("national_rep", "secretariat"):
        response = login(client, people[role]).get(reverse("plans:actionplan_create"))
        assert response.status_code == 403


def test_edit_form_adds_and_removes_projects(client, people, draft):
    login(client, people["csco"])
    data = form_data(
        draft,
        **{
            "projects-1-title": "Flood sensors",
            "projects-1-estimated_cost": "1500000",
            "projects-1-currency": "THB",
            "projects-1-funding_status": "seeking",
            "projects-1-is_seeking_partners": "on",
            "projects-0-DELETE": "on",
        },
    )
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [p.title for p in draft.projects.all()] == ["Flood sensors"]
    project = draft.projects.get()
    assert (project.currency, project.is_seeking_partners) == ("THB", True)


def test_edit_form_rerenders_project_errors(client, people, draft):
    login(client, people["csco"])
    data = form_data(draft, **{"projects-1-title": "Costly", "projects-1-estimated_cost": "100"})
    response = client.post(edit_url(draft), data)
    assert response.status_code == 200
    assert "Give the currency of the estimated cost." in response.text
    assert 'value="Costly"' in response.text
    assert draft.projects.count() == 1


def test_concurrent_edit_is_refused_and_keeps_the_typed_text(client, people, draft):
    """Two people open the same draft; the first saves; the second's save conflicts."""
    first, second = client, type(client)()
    login(first, people["csco"])
    login(second, people["secretariat"])
    opened = first.get(edit_url(draft)).context["form"]["lock_version"].value()
    assert second.get(edit_url(draft)).context["form"]["lock_version"].value() == opened
    assert first.post(edit_url(draft), form_data(draft, title="First save")).status_code == 302
    stale = form_data(draft, title="My unsaved words", lock_version=opened)
    response = second.post(edit_url(draft), stale)
    assert response.status_code == 409
    assert "Someone else saved this plan while you were editing it" in response.text
    assert 'value="My unsaved words"' in response.text  # what was typed is kept
    assert "First save" in response.text  # and the saved version is shown
    draft.refresh_from_db()
    assert draft.title == "First save"
    # The next save is based on the plan as now saved, and goes through.
    again = response.context["form"].data.copy()
    assert second.post(edit_url(draft), again).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "My unsaved words"


def test_non_draft_cannot_be_edited(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    response = login(client, people["csco"]).get(edit_url(draft))
    assert response.status_code == 403


def upload(client, plan, name, content, content_type="application/pdf"):
    url = reverse("plans:planattachment_create", kwargs={"uuid": plan.uuid})
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type)})


def test_valid_pdf_is_attached_under_an_unguessable_name(client, people, draft):
    login(client, people["csco"])
    response = upload(client, draft, "plan.pdf", MINIMAL_PDF)
    assert response.status_code == 302
    attachment = PlanAttachment.objects.get()
    assert attachment.original_name == "plan.pdf"
    assert "plan" not in attachment.file.name.rsplit("/", 1)[-1]
    assert len(attachment.file.name.rsplit("/", 1)[-1]) >= 32
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == MINIMAL_PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 2000, "not a PDF document"),
        ("tool.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 2000, "not a PDF document"),
        ("notes.pdf", b"Just some text that says %PDF- later\n%%EOF", "not a PDF document"),
        ("huge.pdf", MINIMAL_PDF[:-6] + b"0" * (11 * 1024 * 1024) + b"%%EOF\n", "at most 10 MB"),
    ],
)
def test_bad_upload_is_refused_with_a_message(client, people, draft, name, content, message):
    login(client, people["csco"])
    response = upload(client, draft, name, content)
    assert response.status_code == 400
    assert message in response.text
    assert not PlanAttachment.objects.exists()


def test_attachments_are_served_only_to_those_who_may_see_the_plan(client, people, draft):
    attachment = PlanAttachmentFactory(plan=draft)
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404  # anonymous, draft
    assert login(client, people["other_csco"]).get(url).status_code == 404
    assert login(client, people["national_rep"]).get(url).status_code == 200
    assert login(client, people["secretariat"]).get(url).status_code == 200
    client.logout()
    ActionPlan.objects.filter(pk=draft.pk).update(status="approved")
    assert client.get(url).status_code == 200  # an approved plan's files are public
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 (no public address exists)


def test_another_citys_csco_gets_403_or_404_on_every_url_of_the_plan(client, people, draft):
    attachment = PlanAttachmentFactory(plan=draft)
    login(client, people["other_csco"])
    gets = [
        manage_url(draft),
        edit_url(draft),
        attachment.get_absolute_url(),
        f"/api/v1/action-plans/{draft.uuid}/",
    ]
    for url in gets:
        assert client.get(url).status_code in (403, 404), url
    posts = [
        reverse("plans:actionplan_move", kwargs={"uuid": draft.uuid, "move": move})
        for move in ("submit", "withdraw", "revise", "endorse")
    ] + [
        reverse("plans:planattachment_create", kwargs={"uuid": draft.uuid}),
        reverse(
            "plans:planattachment_delete",
            kwargs={"uuid": draft.uuid, "attachment": attachment.uuid},
        ),
        edit_url(draft),
        f"/api/v1/action-plans/{draft.uuid}/submit/",
        f"/api/v1/action-plans/{draft.uuid}/withdraw/",
    ]
    for url in posts:
        assert client.post(url, {}).status_code in (403, 404), url
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.attachments.count() == 1


def test_anonymous_never_sees_a_draft_anywhere(client, people, draft):
    PlanAttachmentFactory(plan=draft)
    pages = [
        "/",
        "/cities/",
        people["city"].get_absolute_url(),
        "/framework/",
        "/api/v1/action-plans/",
        "/api/v1/projects/",
        "/api/v1/cities/geojson/",
        f"/api/v1/cities/{people['city'].slug}/",
        "/api/v1/schema/?format=json",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert "Home draft" not in text and "Home project" not in text, url
        assert str(draft.uuid) not in text, url
    assert client.get(f"/api/v1/action-plans/{draft.uuid}/").status_code == 404
    geo = client.get("/api/v1/cities/geojson/").json()
    counts = {
        f["properties"]["slug"]: f["properties"]["published_project_count"] for f in geo["features"]
    }
    assert counts["home-city"] == 0


def test_move_buttons_run_the_services(client, people, draft):
    login(client, people["csco"])
    url = reverse("plans:actionplan_move", kwargs={"uuid": draft.uuid, "move": "submit"})
    response = client.post(url, {"comment": "Ready."}, follow=True)
    assert "The plan was submitted for review." in response.text
    draft.refresh_from_db()
    assert draft.status == "submitted"
    login(client, people["national_rep"])
    ret = reverse("plans:actionplan_move", kwargs={"uuid": draft.uuid, "move": "return"})
    response = client.post(ret, {"comment": ""}, follow=True)
    assert "Say what the city should change." in response.text
    draft.refresh_from_db()
    assert draft.status == "submitted"
    bad = reverse("plans:actionplan_move", kwargs={"uuid": draft.uuid, "move": "approve"})
    response = client.post(bad, {}, follow=True)
    assert "Only the secretariat approves." in response.text


def test_review_page_shows_plan_projects_history_and_comment_box(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    login(client, people["national_rep"])
    queue = client.get(reverse("plans:actionplan_review_queue"))
    assert queue.status_code == 200 and "Home draft" in queue.text
    page = client.get(manage_url(draft))
    assert "Home project" in page.text
    assert 'name="comment"' in page.text
    assert "Endorse" in page.text and "Return to the city" in page.text
    assert "Draft → Submitted" in page.text


def test_secretariat_review_queue_lists_endorsed_plans(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    queue = login(client, people["secretariat"]).get(reverse("plans:actionplan_review_queue"))
    endorsed = {heading: plans for heading, plans, _total in queue.context["queues"]}
    assert [p.pk for p in next(iter(endorsed.values()))] == [draft.pk]
    assert (
        login(client, people["csco"]).get(reverse("plans:actionplan_review_queue")).status_code
        == 403
    )


def test_notifications_page_marks_read(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    login(client, people["national_rep"])
    page = client.get(reverse("plans:notification_list"))
    assert "submitted “Home draft” for review" in page.text
    client.post(reverse("plans:notification_list"))
    assert people["national_rep"].notifications.unread().count() == 0


def test_history_of_a_web_edit_names_its_author(client, people, draft):
    login(client, people["csco"])
    client.post(edit_url(draft), form_data(draft, title="Edited on the web"))
    record = draft.history.first()
    assert (record.title, record.history_user) == ("Edited on the web", people["csco"])


def test_admin_actions_approve_and_return(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    login(client, people["secretariat"])
    people["secretariat"].is_staff = True
    people["secretariat"].save()
    changelist = reverse("admin:plans_actionplan_changelist")
    ask = client.post(changelist, {"action": "return_to_city", "_selected_action": [draft.pk]})
    assert ask.status_code == 200 and "What should the city change?" in ask.text
    client.post(
        changelist,
        {"action": "return_to_city", "_selected_action": [draft.pk], "comment": "Add costs."},
    )
    draft.refresh_from_db()
    assert draft.status == "returned"
    assert draft.events.last().comment == "Add costs."
