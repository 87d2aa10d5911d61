"""Periodic and queued work of the marketplace (Celery): plain emails, the alerts'
digests, and reminders of interests the city has not answered."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=60 * 30, max_retries=8)
def email_send(subject, body, recipients):
    """One plain email (an address confirmation link); retried on mail failures."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task
def saved_search_digests_send():
    """Hourly: send the saved searches' digests that are due."""
    from . import services

    return services.saved_search_digests_send()


@shared_task
def interest_reminders_send():
    """Daily: remind CSCOs of interests unanswered for 14 days."""
    from . import services

    return services.interest_reminders_send()


@shared_task
def seeking_counts_refresh():
    """Daily: recount cities whose projects' seeking-partners date has just passed."""
    from . import services

    return services.seeking_counts_refresh()
