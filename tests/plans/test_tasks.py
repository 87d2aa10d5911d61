"""One notification end to end through a real Celery worker: the transition commits,
the task goes through the broker (Redis in CI, REDIS_URL; the in-memory transport on the
embedded default), the worker sends the email and marks the notification sent."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from plans import services
from plans.models import EmailStatus, Notification
from tests.conftest import celery_broker

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_notification_email_through_a_real_worker(people, draft, settings):
    with (
        celery_broker(settings.CELERY_BROKER_URL) as app,
        start_worker(app, perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"),
    ):
        app.conf.task_always_eager = False
        services.action_plan_submit(user=people["csco"], plan=draft)
        # Wait on the sent mail, not on the rows: on the embedded default's SQLite a
        # read here would lock the table the worker is about to write ("database table
        # is locked"). Leaving the block stops the worker once its tasks are done.
        sent = wait_for(lambda: len(mail.outbox) == 2)
    rows = Notification.objects.filter(plan=draft)
    assert sent and rows.count() == 2
    assert set(rows.values_list("email_status", flat=True)) == {EmailStatus.SENT}, list(
        rows.values_list("email_status", "email_error")
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["rep@example.org", "staff@example.org"]
    assert all(row.email_attempts == 1 for row in rows)
