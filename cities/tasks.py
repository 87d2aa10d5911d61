"""Background work on plans: sending notification emails (from the outbox), and the
periodic reminders. Each task calls one service."""

from celery import shared_task

from . import notifications


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def notification_email_send(self, notification_id):
    """Email one notification; a transient mail failure is retried with backoff, and
    a notification already sent is never sent twice."""
    return notifications.notification_email_deliver(notification_id=notification_id)


@shared_task
def notifications_deliver_pending():
    """The outbox sweep (Celery beat): email whatever is still pending, e.g. because
    the task queue was unreachable when the notification was written."""
    return notifications.notifications_deliver_pending()


@shared_task
def action_plan_reminders_send():
    """Daily: remind CSCOs of drafts untouched for 30 days and of published plans over
    a year old."""
    return notifications.action_plan_reminders_send()
