"""The notification outbox: a Notification row is written in the same transaction as the
change it reports; its email is handed to the task queue once that commits, and a
periodic sweep sends whatever is still pending (the queue was down, a worker died).

The email task lives here, beside what it runs, so that the services can hand work to
it without importing plans.tasks (whose periodic tasks call the services)."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EmailStatus, Notification, NotificationKind

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8


def notification_message_id(notification):
    """The same Message-ID every time this notification is emailed. Delivery is
    at-least-once: a worker that dies after the mail server took the message but before
    the row was marked sent leaves it pending, and the sweep sends it again; with the
    same Message-ID, mail servers and clients recognise the copy as a duplicate."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    stamp = int(notification.created_at.timestamp())
    return f"<notification-{notification.pk}.{stamp}@{domain}>"


def notification_email_deliver(*, notification_id):
    """Send one pending notification's email. The row is locked while it is sent and
    marked sent in the same transaction; a row already sent, or locked by another
    worker, is left alone. A failed send is recorded, then raised for retry. If the
    worker dies between the mail server's acceptance and the commit, the sweep sends
    it again under the same Message-ID (at-least-once, see notification_message_id)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient", "plan__city")
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
        message = notification_email(notification)
        try:
            message.send(fail_silently=False)
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


def _site(path):
    return settings.SITE_URL.rstrip("/") + path


def email_reason(notification):
    """The footer's line: why this person got this email."""
    city = notification.plan.city.name
    if notification.kind in (NotificationKind.SUBMITTED, NotificationKind.ENDORSED):
        return _(
            "You get this email because you review the action plans of %(city)s on the "
            "ASCN Portal, as its national representative or as the secretariat."
        ) % {"city": city}
    return _(
        "You get this email because you are the Chief Smart City Officer of %(city)s on "
        "the ASCN Portal."
    ) % {"city": city}


def notification_email(notification):
    """The email of a notification: a plain-text and an HTML part, both naming the
    plan, its city and the move, linking to the plan, and saying why it was sent."""
    plan_url = _site(reverse("plans:actionplan_manage", kwargs={"uuid": notification.plan.uuid}))
    context = {
        "notification": notification,
        "paragraphs": [p for p in notification.body.split("\n\n") if p],
        "plan": notification.plan,
        "plan_url": plan_url,
        "notifications_url": _site(reverse("plans:notification_list")),
        "reason": email_reason(notification),
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("plans/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        # Stable per notification: a resend after a worker died mid-send is recognisable.
        headers={"Message-ID": notification_message_id(notification)},
    )
    message.attach_alternative(
        render_to_string("plans/email/notification.html", context), "text/html"
    )
    return message


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


@shared_task(
    bind=True,
    name="plans.tasks.notification_email_send",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def notification_email_send(self, notification_id):
    """Email one notification; a transient mail failure is retried with backoff, and
    a notification already marked sent is never sent again."""
    return notification_email_deliver(notification_id=notification_id)


def notification_emails_dispatch(ids):
    """Hand the emails to the task queue. If the broker is unreachable the rows stay
    pending and the periodic outbox task sends them later: delayed, never lost."""
    for notification_id in ids:
        try:
            notification_email_send.delay(notification_id)
        except Exception:  # the broker is down: the outbox sweep will deliver
            logger.warning(
                "task queue unreachable; notification %s stays pending",
                notification_id,
                exc_info=True,
            )
