"""Issue 10 ("Trust"), items 9 and 10: no lost update, no duplicate; correct counts and
pages. Each test names the finding it guards against."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import City
from plans import outbox, services
from plans.models import ActionPlan, EmailStatus, Notification
from tests.factories import (
    ActionPlanFactory,
    PlanAttachmentFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------
# Item 9: no lost update, no duplicate
# ------------------------------------------------------------------------------
def test_the_edit_counter_is_raised_by_the_database(people, draft):
    """Finding: the edit counter was raised from the Python copy (lock_version += 1),
    so two saves could both write the same count."""
    before = ActionPlan.objects.get(pk=draft.pk).lock_version
    with CaptureQueriesContext(connection) as queries:
        plan = services.action_plan_update(user=people["csco"], plan=draft, title="New title")
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert any('"lock_version" = ("plans_actionplan"."lock_version" + 1)' in sql for sql in updates)
    assert plan.lock_version == before + 1
    assert ActionPlan.objects.get(pk=draft.pk).lock_version == before + 1


def test_a_stale_copy_still_counts_from_the_stored_value(people, draft):
    stale = ActionPlan.objects.get(pk=draft.pk)
    services.action_plan_update(user=people["csco"], plan=draft, title="First")
    services.action_plan_update(user=people["csco"], plan=stale, title="Second")
    assert ActionPlan.objects.get(pk=draft.pk).lock_version == draft.lock_version + 2


def test_a_double_submitted_new_plan_creates_one_plan(people):
    """Finding: a double-clicked "new plan" made two drafts for the city."""
    city, csco = people["city"], people["csco"]
    first = services.action_plan_create(user=csco, city=city, title="Our plan")
    second = services.action_plan_create(user=csco, city=city, title="Our plan")
    assert second.pk == first.pk
    assert ActionPlan.objects.filter(city=city).count() == 1
    assert first.events.count() == 1
    # A different plan, or the same title much later, is a new draft.
    other = services.action_plan_create(user=csco, city=city, title="Another plan")
    assert other.pk != first.pk
    ActionPlan.objects.filter(pk=first.pk).update(
        created_at=first.created_at - datetime.timedelta(minutes=5)
    )
    assert services.action_plan_create(user=csco, city=city, title="Our plan").pk != first.pk


def test_a_double_clicked_new_plan_form_creates_one_plan(client, people):
    client.force_login(people["csco"])
    data = {"title": "Clicked twice", "period_start_year": 2025, "period_end_year": 2030}
    first = client.post("/my/plans/new/", data)
    second = client.post("/my/plans/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ActionPlan.objects.filter(city=people["city"], title="Clicked twice").count() == 1


def test_a_resent_notification_keeps_its_message_id(people, draft, settings):
    """Finding: a worker that died mid-send made a second, unrelated email. Every copy
    of a notification's email now carries the same Message-ID (at-least-once)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.action_plan_submit(user=people["csco"], plan=draft)
    notification = Notification.objects.filter(recipient=people["national_rep"]).get()
    mail.outbox.clear()
    assert outbox.notification_email_deliver(notification_id=notification.pk) == "sent"
    # The worker died before its commit: the row is still pending, the sweep resends.
    Notification.objects.filter(pk=notification.pk).update(email_status=EmailStatus.PENDING)
    outbox.notifications_deliver_pending(older_than=datetime.timedelta(0))
    ids = [m.message()["Message-ID"] for m in mail.outbox if m.to == ["rep@example.org"]]
    assert len(ids) == 2 and ids[0] == ids[1]
    assert ids[0].startswith(f"<notification-{notification.pk}.")
    other = Notification.objects.exclude(pk=notification.pk).first()
    assert outbox.notification_message_id(other) != ids[0]


# ------------------------------------------------------------------------------
# Item 10: correct counts and pages
# ------------------------------------------------------------------------------
def _publish(people, plan):
    for move, role in (("submit", "csco"), ("endorse", "national_rep"), ("approve", "secretariat")):
        services.action_plan_move(user=people[role], plan=plan, name=move)


def test_published_count_after_an_approved_revision_counts_the_new_version_only(
    client, people, draft
):
    """Finding: after a revision was approved, a city's published project count counted
    both versions' projects (on the pages and in the GeoJSON)."""
    city = people["city"]
    services.priority_project_create(user=people["csco"], plan=draft, title="Second project")
    _publish(people, draft)
    assert City.objects.get(pk=city.pk).published_project_count == 2
    revision = services.action_plan_revise(user=people["csco"], plan=draft)
    services.priority_project_create(user=people["csco"], plan=revision, title="Third project")
    _publish(people, revision)

    assert City.objects.get(pk=city.pk).published_project_count == 3
    geojson = client.get("/api/v1/cities/geojson/").json()
    (feature,) = [f for f in geojson["features"] if f["id"] == city.slug]
    assert feature["properties"]["published_project_count"] == 3
    listing = client.get("/cities/")
    (listed,) = [c for c in listing.context["cities"] if c.pk == city.pk]
    assert listed.published_project_count == 3
    page = client.get(city.get_absolute_url()).text
    assert page.count("Third project") == 1 and page.count("Second project") == 1


def _chain(city, length):
    previous = None
    for version in range(1, length + 1):
        previous = ActionPlanFactory(
            city=city, status="approved", version=version, supersedes=previous
        )
    return previous


@pytest.mark.parametrize("role", ["csco", "secretariat"])
def test_plan_page_reads_its_versions_in_bounded_queries(client, people, role):
    """Finding: the plan page walked `supersedes` one query per version and tested each
    against every plan the user may see."""
    client.force_login(people[role])
    build_network(10)
    short = _chain(people["city"], 2)
    long = _chain(people["other_city"] if role == "secretariat" else people["city"], 7)
    short_queries = count_queries(client, f"/my/plans/{short.uuid}/")
    assert count_queries(client, f"/my/plans/{long.uuid}/") == short_queries
    build_network(500, prefix="more")
    assert count_queries(client, f"/my/plans/{long.uuid}/") == short_queries
    page = client.get(f"/my/plans/{long.uuid}/").text
    for version in range(1, 7):
        assert f"Version {version}</a>" in page


def test_plan_page_lists_only_earlier_versions_the_user_may_see(client, people):
    v1 = ActionPlanFactory(city=people["city"], status="approved", version=1)
    v2 = ActionPlanFactory(city=people["city"], status="approved", version=2, supersedes=v1)
    client.force_login(UserFactory(username="nobody-in-particular"))
    assert client.get(f"/my/plans/{v2.uuid}/").status_code == 200
    client.force_login(people["other_csco"])
    text = client.get(f"/my/plans/{v2.uuid}/").text
    assert "Version 1</a>" in text  # an approved version is public


def test_public_page_lists_exactly_the_attachments_anyone_may_download(client, people, draft):
    """Finding: an approved plan's attachments were downloadable by anyone, yet its
    public page did not list them; an older version's were downloadable but unlisted."""
    city = people["city"]
    old = ActionPlanFactory(city=city, status="approved", version=1, title="Old version")
    current = ActionPlanFactory(
        city=city, status="approved", version=2, supersedes=old, title="Current version"
    )
    listed = PlanAttachmentFactory(plan=current, original_name="current-plan.pdf")
    retired = PlanAttachmentFactory(plan=old, original_name="old-plan.pdf")
    private = PlanAttachmentFactory(plan=draft, original_name="draft-plan.pdf")

    page = client.get(city.get_absolute_url()).text
    links = {
        item: f"/action-plans/{item.plan.uuid}/attachments/{item.uuid}/"
        for item in (listed, retired, private)
    }
    assert links[listed] in page and "current-plan.pdf" in page
    assert links[retired] not in page and links[private] not in page
    assert client.get(links[listed]).status_code == 200
    assert client.get(links[retired]).status_code == 404
    assert client.get(links[private]).status_code == 404
    # Those involved still read every version's attachments.
    client.force_login(people["csco"])
    assert client.get(links[retired]).status_code == 200
    assert client.get(links[private]).status_code == 200


def test_public_page_of_a_city_without_attachments_lists_none(client, people):
    plan = ActionPlanFactory(city=people["city"], status="approved")
    PriorityProjectFactory(plan=plan)
    assert "<h4>Documents</h4>" not in client.get(people["city"].get_absolute_url()).text
