"""Issue 10, item 9 under real concurrency (PostgreSQL only: SQLite serialises writers
and has no row locks): two simultaneous "new plan" requests make one plan, and two
simultaneous edits raise the edit count twice."""

import threading

import pytest
from django.db import connection, connections

from plans import services
from plans.models import ActionPlan

pytestmark = pytest.mark.django_db(transaction=True)


def _together(count, work):
    """Run `work()` in `count` threads released at the same instant; return results."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); set DATABASE_URL")


def test_simultaneous_new_plan_requests_make_one_plan(postgresql_only, people):
    """Finding: a double-clicked "new plan" made two drafts (here: truly at once)."""
    city, csco = people["city"], people["csco"]
    ids = _together(
        4, lambda: services.action_plan_create(user=csco, city=city, title="At once").pk
    )
    assert len(ids) == 4 and len(set(ids)) == 1
    assert ActionPlan.objects.filter(city=city, title="At once").count() == 1


def test_simultaneous_edits_each_raise_the_edit_count(postgresql_only, people, draft):
    """Finding: the edit counter was raised from a Python copy; concurrent edits must
    each count."""
    start = ActionPlan.objects.get(pk=draft.pk).lock_version
    csco = people["csco"]

    def edit():
        plan = ActionPlan.objects.get(pk=draft.pk)
        return services.action_plan_update(user=csco, plan=plan, summary="edited")

    _together(4, edit)
    assert ActionPlan.objects.get(pk=draft.pk).lock_version == start + 4
