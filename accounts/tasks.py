"""Background work of the accounts app: password-reset emails."""

import logging

from celery import shared_task
from django.contrib.auth.forms import PasswordResetForm
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

EMAIL_TEMPLATE = "accounts/email/password_reset.txt"
SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"


@shared_task(acks_late=True)
def password_reset_email_send(*, email, domain, use_https):
    """Send a reset link to every active account with a usable password that uses
    `email` (Django's PasswordResetForm finds them); none, silently, if there is none."""
    form = PasswordResetForm(data={"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name=EMAIL_TEMPLATE,
            subject_template_name=SUBJECT_TEMPLATE,
        )


def password_reset_email_queue(*, email, domain, use_https):
    """Hand the email to the task queue. If the broker cannot be reached the email is
    sent from this process instead, so a reset still works during a Redis outage (the
    answer is then slower for a known address; said in docs/security.md)."""
    kwargs = {"email": email, "domain": domain, "use_https": use_https}
    try:
        password_reset_email_send.apply_async(kwargs=kwargs)
    except OperationalError:
        logger.warning("task queue unreachable: password-reset email sent in-process")
        password_reset_email_send.run(**kwargs)
