"""Periodic work on plans (Celery beat): the outbox sweep and the reminders. Each task
calls one function; the per-notification email task lives in plans.outbox."""

from celery import shared_task

from . import outbox, services
from .outbox import notification_email_send  # noqa: F401  (registered with the worker)


@shared_task
def notifications_deliver_pending():
    """The outbox sweep: email whatever is still pending, e.g. because the task queue
    was unreachable when the notification was written."""
    return outbox.notifications_deliver_pending()


@shared_task
def action_plan_reminders_send():
    """Daily: remind CSCOs of drafts untouched for 30 days and of published plans over
    a year old."""
    return services.action_plan_reminders_send()
