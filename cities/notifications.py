"""Delivering notifications by email (the outbox) and the periodic reminders."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import ActionPlan, ActionPlanStatus, EmailStatus, Notification, NotificationKind

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8
DRAFT_IDLE = datetime.timedelta(days=30)
PLAN_AGE = datetime.timedelta(days=365)


def notification_email_deliver(*, notification_id):
    """Send one pending notification's email. Idempotent: the row is locked while it
    is sent and marked sent in the same transaction; a row already sent, or locked by
    another worker, is left alone. A failed send is recorded, then raised for retry."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, email_status=EmailStatus.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        address = notification.recipient.email
        if not address:
            notification.email_status = EmailStatus.FAILED
            notification.email_error = "The recipient has no email address."
            notification.save(update_fields=["email_status", "email_error"])
            return "no-address"
        try:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
                fail_silently=False,
            )
        except OSError as error:
            failed = str(error)[:500]
        else:
            notification.email_status = EmailStatus.SENT
            notification.email_sent_at = timezone.now()
            notification.email_attempts += 1
            notification.save(update_fields=["email_status", "email_sent_at", "email_attempts"])
            return "sent"
    _record_failure(notification_id, failed)
    raise OSError(failed)


def _record_failure(notification_id, error):
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        notification.email_attempts += 1
        notification.email_error = error
        if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
            notification.email_status = EmailStatus.FAILED
        notification.save(update_fields=["email_attempts", "email_error", "email_status"])


def notifications_deliver_pending(*, older_than=datetime.timedelta(seconds=30)):
    """Send every pending email whose notification is older than `older_than` (newer
    ones are still on their way through the queue). Returns how many were sent."""
    cutoff = timezone.now() - older_than
    sent = 0
    pending = Notification.objects.email_pending().filter(created_at__lte=cutoff)
    for notification_id in pending.values_list("pk", flat=True)[:500]:
        try:
            if notification_email_deliver(notification_id=notification_id) == "sent":
                sent += 1
        except OSError:
            logger.warning("email for notification %s failed; will retry", notification_id)
    return sent


def action_plan_reminders_send(*, now=None):
    """Remind each CSCO once per period: of a draft nobody touched for 30 days, and of
    a published plan approved over a year ago. Returns how many reminders were made."""
    from .services import officer_users, plan_notify

    now = now or timezone.now()
    made = 0
    due = [
        (
            ActionPlan.objects.filter(
                status=ActionPlanStatus.DRAFT, updated_at__lte=now - DRAFT_IDLE
            ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - DRAFT_IDLE)),
            NotificationKind.DRAFT_REMINDER,
        ),
        (
            ActionPlan.objects.published()
            .filter(published_at__lte=now - PLAN_AGE)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - PLAN_AGE)),
            NotificationKind.REVIEW_REMINDER,
        ),
    ]
    for plans, kind in due:
        for plan in plans.select_related("city"):
            with transaction.atomic():
                made += len(plan_notify(plan, kind, officer_users(plan.city)))
                # Not a plan edit: the reminder time only, without touching updated_at.
                ActionPlan.objects.filter(pk=plan.pk).update(reminded_at=now)
    return made
