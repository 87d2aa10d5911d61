"""Issue 10, item 5, in plans: review comments stay with the people a plan involves, and
events, notifications and histories name people without their email address."""

import pytest
from django.urls import reverse

from plans import services
from plans.models import ActionPlanEvent, Notification
from tests.factories import ActionPlanEventFactory, ActionPlanFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMENT = "Budget table on page 4 is wrong; the private figure is 1.2M."


@pytest.fixture
def approved_with_comment(people):
    plan = ActionPlanFactory(city=people["city"], status="approved", title="Home approved")
    reviewer = UserFactory(
        username="reviewer@example.org", email="reviewer@example.org", secretariat=True
    )
    ActionPlanEventFactory(
        plan=plan, actor=reviewer, from_status="endorsed", to_status="returned", comment=COMMENT
    )
    return plan


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("csco", True),
        ("national_rep", True),
        ("secretariat", True),
        ("other_csco", False),
        ("other_rep", False),
    ],
)
def test_review_comments_only_for_the_people_a_plan_involves(
    client, people, approved_with_comment, role, sees
):
    """Finding 5: any signed-in user could read review comments on another city's
    approved plan in the workspace."""
    client.force_login(people[role])
    url = reverse("plans:actionplan_manage", kwargs={"uuid": approved_with_comment.uuid})
    page = client.get(url)
    assert page.status_code == 200  # an approved plan is public; its comments are not
    assert (COMMENT in page.text) is sees


def test_event_comment_query_for_anonymous_reader(approved_with_comment):
    from django.contrib.auth.models import AnonymousUser

    rows = ActionPlanEvent.objects.filter(plan=approved_with_comment).for_reader(AnonymousUser())
    assert [row.shown_comment for row in rows] == [""]


def test_events_name_the_actor_without_an_email(client, people, approved_with_comment):
    """Finding 5: events named people by username, which was their email address."""
    client.force_login(people["csco"])
    url = reverse("plans:actionplan_manage", kwargs={"uuid": approved_with_comment.uuid})
    page = client.get(url)
    assert "reviewer@example.org" not in page.text
    reviewer = approved_with_comment.events.get().actor
    assert f"Account {reviewer.pk}" in page.text


def test_notifications_name_the_actor_without_an_email(people, draft):
    """Finding 5: notification bodies named the actor by an email-address username."""
    csco = people["csco"]
    csco.username = "cee@example.org"
    csco.first_name = ""
    csco.save()
    services.action_plan_submit(user=csco, plan=draft)
    bodies = list(Notification.objects.values_list("body", flat=True))
    assert bodies
    assert all("cee@example.org" not in body for body in bodies)
    assert all(f"By: Account {csco.pk}" in body for body in bodies)


def test_history_pages_name_people_without_their_email(client, people):
    """Finding 5: the simple-history admin pages showed who made a change by username,
    the email address of invited accounts."""
    editor = UserFactory(
        username="editor@example.org", email="editor@example.org", first_name="Edith"
    )
    city = people["city"]
    city.name = "Renamed City"
    city._history_user = editor
    city.save()
    client.force_login(people["secretariat"])
    page = client.get(reverse("admin:cities_city_history", args=[city.pk]))
    assert page.status_code == 200
    assert "Edith" in page.text
    assert "editor@example.org" not in page.text
