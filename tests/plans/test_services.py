"""The action plan workflow's services, exhaustively: every transition by every role,
the history it writes, publication and revisions, notifications and their outbox."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.exceptions import InvalidTransition
from plans import outbox, services
from plans.models import ActionPlan, ActionPlanEvent, EmailStatus, Notification, NotificationKind
from tests.conftest import celery_broker
from tests.factories import ActionPlanFactory, PriorityProjectFactory
from tests.plans.conftest import as_user

pytestmark = pytest.mark.django_db

ROLES = ["csco", "other_csco", "national_rep", "other_rep", "secretariat", "anonymous"]

# (move, status the plan starts in) -> the one role allowed to make it
MOVES = {
    ("submit", "draft"): "csco",
    ("endorse", "submitted"): "national_rep",
    ("return", "submitted"): "national_rep",
    ("approve", "endorsed"): "secretariat",
    ("return", "endorsed"): "secretariat",
    ("reopen", "returned"): "csco",
    ("withdraw", "draft"): "csco",
    ("withdraw", "submitted"): "csco",
    ("withdraw", "endorsed"): "csco",
    ("withdraw", "returned"): "csco",
}
TARGET = {
    "submit": "submitted",
    "endorse": "endorsed",
    "approve": "approved",
    "return": "returned",
    "reopen": "draft",
    "withdraw": "withdrawn",
}


def run_move(move, *, user, plan, comment="Because."):
    service = getattr(services, f"action_plan_{move}")
    return service(user=user, plan=plan, comment=comment)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("move", "start"), list(MOVES))
def test_every_transition_by_every_role(people, draft, move, start, role):
    ActionPlan.objects.filter(pk=draft.pk).update(status=start)
    draft.refresh_from_db()
    user = as_user(people, role)
    events_before = draft.events.count()
    if role == MOVES[(move, start)]:
        plan = run_move(move, user=user, plan=draft)
        assert plan.status == TARGET[move]
        event = plan.events.order_by("-pk").first()
        assert (event.actor, event.from_status, event.to_status) == (user, start, TARGET[move])
        assert event.comment == "Because."
    else:
        with pytest.raises(PermissionDenied):
            run_move(move, user=user, plan=draft)
        draft.refresh_from_db()
        assert draft.status == start
        assert draft.events.count() == events_before


@pytest.mark.parametrize(
    ("move", "start"),
    [
        ("submit", "submitted"),
        ("endorse", "draft"),
        ("approve", "submitted"),
        ("approve", "draft"),
        ("reopen", "draft"),
        ("withdraw", "approved"),
        ("withdraw", "withdrawn"),
        ("return", "draft"),
    ],
)
def test_moves_the_status_does_not_allow_are_refused(people, draft, move, start):
    ActionPlan.objects.filter(pk=draft.pk).update(status=start)
    draft.refresh_from_db()
    allowed_role = {
        "submit": "csco",
        "endorse": "national_rep",
        "approve": "secretariat",
        "reopen": "csco",
        "withdraw": "csco",
        "return": "secretariat",
    }[move]
    with pytest.raises((InvalidTransition, PermissionDenied)):
        run_move(move, user=people[allowed_role], plan=draft)
    draft.refresh_from_db()
    assert draft.status == start


def test_a_plan_without_project_cannot_be_submitted(people):
    empty = ActionPlanFactory(city=people["city"], status="draft")
    with pytest.raises(ValidationError) as excinfo:
        services.action_plan_submit(user=people["csco"], plan=empty)
    assert "at least one priority project" in str(excinfo.value)
    empty.refresh_from_db()
    assert empty.status == "draft"


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_needs_a_comment(people, draft, comment):
    ActionPlan.objects.filter(pk=draft.pk).update(status="submitted")
    with pytest.raises(ValidationError) as excinfo:
        services.action_plan_return(user=people["national_rep"], plan=draft, comment=comment)
    assert "comment" in excinfo.value.message_dict


def full_review(people, plan):
    services.action_plan_submit(user=people["csco"], plan=plan)
    services.action_plan_endorse(user=people["national_rep"], plan=plan)
    return services.action_plan_approve(user=people["secretariat"], plan=plan)


def test_approval_publishes_the_plan(people, draft):
    assert draft not in ActionPlan.objects.published()
    plan = full_review(people, draft)
    assert plan.published_at is not None
    assert list(ActionPlan.objects.published()) == [plan]
    assert [e.to_status for e in plan.events.order_by("pk")] == [
        "submitted",
        "endorsed",
        "approved",
    ]


def test_revision_keeps_the_published_version_public_until_approved(people, draft):
    v1 = full_review(people, draft)
    v2 = services.action_plan_revise(user=people["csco"], plan=v1)
    assert (v2.version, v2.status, v2.supersedes) == (2, "draft", v1)
    assert [p.title for p in v2.projects.all()] == ["Home project"]
    assert v2.projects.get().uuid != v1.projects.get().uuid
    assert list(ActionPlan.objects.published()) == [v1]
    with pytest.raises(InvalidTransition):
        services.action_plan_revise(user=people["csco"], plan=v1)  # one revision at a time
    services.action_plan_update(user=people["csco"], plan=v2, title="Second edition")
    full_review(people, v2)
    assert list(ActionPlan.objects.published()) == [v2]
    assert set(ActionPlan.objects.approved()) == {v1, v2}  # the history stays readable
    v1.refresh_from_db()
    assert v1.status == "approved" and v1.title == "Home draft"


def test_only_the_citys_csco_revises(people, draft):
    v1 = full_review(people, draft)
    for role in ("other_csco", "national_rep", "secretariat"):
        with pytest.raises(PermissionDenied):
            services.action_plan_revise(user=people[role], plan=v1)


def test_available_moves_follow_role_and_status(people, draft):
    assert services.available_moves(people["csco"], draft) == ["submit", "withdraw"]
    assert services.available_moves(people["national_rep"], draft) == []
    services.action_plan_submit(user=people["csco"], plan=draft)
    draft.refresh_from_db()
    assert services.available_moves(people["national_rep"], draft) == ["endorse", "return"]
    assert services.available_moves(people["other_rep"], draft) == []
    assert services.available_moves(people["secretariat"], draft) == []


# ------------------------------------------------------------------------------
# Notifications
# ------------------------------------------------------------------------------
def recipients(kind):
    return {n.recipient.username for n in Notification.objects.filter(kind=kind)}


def test_each_transition_notifies_the_right_people_in_app_and_by_email(
    people, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_submit(user=people["csco"], plan=draft)
    assert recipients(NotificationKind.SUBMITTED) == {"rep", "staff"}
    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_endorse(user=people["national_rep"], plan=draft)
    assert recipients(NotificationKind.ENDORSED) == {"staff"}
    with django_capture_on_commit_callbacks(execute=True):
        services.action_plan_return(user=people["secretariat"], plan=draft, comment="Costs?")
    assert recipients(NotificationKind.RETURNED) == {"csco"}
    returned = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert "Costs?" in returned.body
    services.action_plan_reopen(user=people["csco"], plan=draft)
    with django_capture_on_commit_callbacks(execute=True):
        full_review(people, draft)
    assert recipients(NotificationKind.APPROVED) == {"csco"}
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    # Two rounds: submitted (rep, staff), endorsed (staff), returned/approved (csco).
    one_round = ["rep@example.org", "staff@example.org", "staff@example.org", "csco@example.org"]
    assert sent_to == sorted(2 * one_round)


def test_notification_rows_roll_back_with_a_failed_transition(people, draft, monkeypatch):
    def broken_event(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ActionPlanEvent.objects, "create", broken_event)
    with pytest.raises(RuntimeError):
        services.action_plan_submit(user=people["csco"], plan=draft)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not Notification.objects.exists()


def test_outbox_delivers_after_the_broker_was_unreachable(
    people, draft, django_capture_on_commit_callbacks
):
    # Nothing listens on port 1: publishing the task fails as in a Redis outage.
    with celery_broker("redis://127.0.0.1:1/0") as app:
        app.conf.task_always_eager = False
        try:
            with django_capture_on_commit_callbacks(execute=True):
                plan = services.action_plan_submit(user=people["csco"], plan=draft)
        finally:
            app.conf.task_always_eager = True
    assert plan.status == "submitted"  # the transition itself went through
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
    assert pending.count() == 2 and mail.outbox == []
    # Later the beat task sweeps the outbox.
    assert outbox.notifications_deliver_pending(older_than=datetime.timedelta(0)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["rep@example.org", "staff@example.org"]
    # Idempotent: a second sweep, or a late task for the same row, sends nothing more.
    assert outbox.notifications_deliver_pending(older_than=datetime.timedelta(0)) == 0
    for notification in Notification.objects.all():
        assert outbox.notification_email_deliver(notification_id=notification.pk) == "skipped"
    assert len(mail.outbox) == 2


def test_a_failed_send_is_recorded_and_raised_for_retry(people, draft, monkeypatch):
    services.action_plan_submit(user=people["csco"], plan=draft)
    notification = Notification.objects.first()
    Notification.objects.update(email_status=EmailStatus.PENDING)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server away")

    monkeypatch.setattr(outbox.EmailMultiAlternatives, "send", refuse)
    with pytest.raises(OSError):
        outbox.notification_email_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert notification.email_attempts == 1
    assert "mail server away" in notification.email_error


def test_the_send_task_retries_with_backoff():
    from plans.tasks import notification_email_send

    assert OSError in notification_email_send.autoretry_for
    assert notification_email_send.retry_backoff and notification_email_send.max_retries >= 5


def test_beat_schedule_runs_the_outbox_and_reminders(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks >= {
        "plans.tasks.notifications_deliver_pending",
        "plans.tasks.action_plan_reminders_send",
    }


def test_reminders_for_idle_drafts_and_old_published_plans(people, draft):
    old = ActionPlanFactory(city=people["city"], status="draft")
    PriorityProjectFactory(plan=old)
    published = full_review(people, old)
    now = timezone.now()
    ActionPlan.objects.filter(pk=published.pk).update(
        published_at=now - datetime.timedelta(days=400)
    )
    ActionPlan.objects.filter(pk=draft.pk).update(updated_at=now - datetime.timedelta(days=31))
    made = services.action_plan_reminders_send(now=now)
    assert made == 2
    kinds = set(
        Notification.objects.filter(recipient=people["csco"]).values_list("kind", flat=True)
    )
    assert {NotificationKind.DRAFT_REMINDER, NotificationKind.REVIEW_REMINDER} <= kinds
    assert services.action_plan_reminders_send(now=now + datetime.timedelta(days=1)) == 0
    draft.refresh_from_db()
    assert draft.updated_at < now - datetime.timedelta(days=30)  # a reminder is no edit


def test_only_the_recipient_marks_a_notification_read(people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    notification = Notification.objects.get(recipient=people["national_rep"])
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(user=people["secretariat"], notification=notification)
    services.notification_mark_read(user=people["national_rep"], notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is not None


# ------------------------------------------------------------------------------
# Concurrent edits and history
# ------------------------------------------------------------------------------
def test_a_save_based_on_an_older_copy_is_refused(people, draft):
    version_seen_by_both = draft.lock_version
    services.action_plan_update(
        user=people["csco"], plan=draft, title="First", expected_version=version_seen_by_both
    )
    with pytest.raises(services.EditConflict):
        services.action_plan_update(
            user=people["csco"], plan=draft, title="Second", expected_version=version_seen_by_both
        )
    draft.refresh_from_db()
    assert draft.title == "First"


def test_history_records_who_changed_what(people, draft):
    services.action_plan_update(user=people["csco"], plan=draft, title="Renamed")
    record = draft.history.first()
    assert record.title == "Renamed"
    assert [h.title for h in draft.history.all()][-1] == "Home draft"


def test_awaiting_review_by_follows_the_reviewer(people, draft):
    assert not ActionPlan.objects.awaiting_review_by(people["national_rep"]).exists()
    services.action_plan_submit(user=people["csco"], plan=draft)
    assert list(ActionPlan.objects.awaiting_review_by(people["national_rep"])) == [draft]
    assert not ActionPlan.objects.awaiting_review_by(people["other_rep"]).exists()
    assert not ActionPlan.objects.awaiting_review_by(people["secretariat"]).exists()
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    assert list(ActionPlan.objects.awaiting_review_by(people["secretariat"])) == [draft]
    assert not ActionPlan.objects.awaiting_review_by(people["csco"]).exists()


def test_role_and_state_are_checked_on_the_locked_row(people, draft):
    """A national representative who sends endorse and return at once must not get both
    accepted: the second move is judged against the status the first one left, not the
    status its caller saw (the return used to check the role against the plan it was
    handed)."""
    services.action_plan_submit(user=people["csco"], plan=draft)
    stale = ActionPlan.objects.get(pk=draft.pk)  # what both requests loaded: submitted
    services.action_plan_endorse(user=people["national_rep"], plan=stale)
    with pytest.raises(PermissionDenied):  # an endorsed plan is the secretariat's to return
        services.action_plan_return(user=people["national_rep"], plan=stale, comment="No.")
    draft.refresh_from_db()
    assert draft.status == "endorsed"
    assert list(draft.events.values_list("to_status", flat=True)) == ["submitted", "endorsed"]


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        ("draft", "csco", ["submit", "withdraw"]),
        ("submitted", "national_rep", ["endorse", "return"]),
        ("submitted", "csco", ["withdraw"]),
        ("endorsed", "secretariat", ["approve", "return"]),
        ("returned", "csco", ["reopen", "withdraw"]),
        ("approved", "csco", ["revise"]),
        ("approved", "secretariat", []),
        ("draft", "other_csco", []),
        ("submitted", "other_rep", []),
    ],
)
def test_available_moves_read_the_workflow_table(people, draft, status, role, expected):
    ActionPlan.objects.filter(pk=draft.pk).update(status=status)
    draft.refresh_from_db()
    assert services.available_moves(people[role], draft) == expected
