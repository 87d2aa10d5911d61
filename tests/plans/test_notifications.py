"""Every notification leads somewhere: in-app notifications and emails name the plan,
its city and the move, link straight to the plan on the configured site address, and
the emails carry a plain-text and an HTML part with a footer saying why they came."""

import pytest
from django.core import mail
from django.urls import reverse

from plans import outbox, services
from plans.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

SITE = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE + "/"


def plan_link(plan):
    return SITE + reverse("plans:actionplan_manage", kwargs={"uuid": plan.uuid})


def test_submit_notification_names_plan_city_move_and_links_to_the_plan(people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    rows = Notification.objects.filter(kind=NotificationKind.SUBMITTED)
    assert rows.count() == 2
    for row in rows:
        assert row.subject == "Home City submitted “Home draft” for review"
        assert "“Home draft” (version 1), Home City." in row.body
        assert plan_link(draft) in row.body
        assert "waits for the national representative" in row.body


def test_return_notification_carries_the_comment_and_the_next_step(people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_return(user=people["national_rep"], plan=draft, comment="Add costs.")
    row = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert row.recipient == people["csco"]
    assert "returned for changes" in row.subject and "Home draft" in row.subject
    assert "Comment: Add costs." in row.body
    assert "Reopen it" in row.body
    assert plan_link(draft) in row.body


def test_email_has_text_and_html_parts_with_absolute_links_and_a_footer(
    people, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_submit(user=people["csco"], plan=draft)
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["rep@example.org"])
    assert message.subject == "Home City submitted “Home draft” for review"
    assert plan_link(draft) in message.body
    assert "You get this email because you review the action plans of Home City" in message.body
    assert SITE + reverse("plans:notification_list") in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{plan_link(draft)}"' in html
    assert "You get this email because you review the action plans of Home City" in html
    assert 'href="/' not in html  # no relative link in an email


def test_approval_email_footer_names_the_officer_role(
    people, draft, django_capture_on_commit_callbacks
):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_approve(user=people["secretariat"], plan=draft)
    [message] = mail.outbox
    assert message.to == ["csco@example.org"]
    assert "because you are the Chief Smart City Officer of Home City" in message.body
    assert "approved and published" in message.subject


def test_html_part_escapes_what_people_typed(people, draft, django_capture_on_commit_callbacks):
    draft.title = "<b>Bold</b> plan"
    draft.save()
    services.action_plan_submit(user=people["csco"], plan=draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_return(
            user=people["national_rep"], plan=draft, comment="<script>alert(1)</script>"
        )
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Bold</b>" not in html
    # The plain-text part is not HTML: it keeps the words as typed.
    assert "<script>alert(1)</script>" in message.body


def test_notification_email_is_built_from_the_row(people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    row = Notification.objects.filter(recipient=people["national_rep"]).get()
    message = outbox.notification_email(row)
    assert message.to == ["rep@example.org"]
    assert row.body in message.body


def test_notification_list_links_each_notification_to_its_plan(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    client.force_login(people["national_rep"])
    page = client.get(reverse("plans:notification_list")).text
    assert reverse("plans:actionplan_manage", kwargs={"uuid": draft.uuid}) in page
    assert "Home City submitted “Home draft” for review" in page
