"""Periodic work of the marketplace (Celery beat): the alerts' digests, reminders of
interests the city has not answered, and the seeking-partners recount. Each task calls
one service; the plain-email task lives in partnerships.mail."""

from celery import shared_task

from . import services
from .mail import email_send  # noqa: F401  (registered with the worker)


@shared_task
def saved_search_digests_send():
    """Hourly: send the saved searches' digests that are due."""
    return services.saved_search_digests_send()


@shared_task
def interest_reminders_send():
    """Daily: remind CSCOs of interests unanswered for 14 days."""
    return services.interest_reminders_send()


@shared_task
def seeking_counts_refresh():
    """Daily: recount cities whose projects' seeking-partners date has just passed."""
    return services.seeking_counts_refresh()
