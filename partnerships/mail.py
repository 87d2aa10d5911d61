"""Plain emails of the marketplace (an address confirmation link), sent through the task
queue once the transaction commits. The task lives here, beside what sends it, so the
services can hand mail to it without importing partnerships.tasks (whose periodic tasks
call the services)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


@shared_task(
    name="partnerships.tasks.email_send",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    max_retries=8,
)
def email_send(subject, body, recipients):
    """One plain email; retried on mail failures."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def email_later(subject, body, recipients):
    """Send a plain email once the transaction commits, through the task queue."""

    def dispatch():
        try:
            email_send.delay(subject, body, list(recipients))
        except Exception:  # the broker is down: say so; the sender can ask again
            logger.warning("task queue unreachable; email %r not queued", subject, exc_info=True)

    transaction.on_commit(dispatch)
