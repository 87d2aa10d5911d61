"""Database-level rules on action plans, their projects and events."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from plans.models import ActionPlan, ActionPlanEvent
from tests.factories import (
    ActionPlanEventFactory,
    ActionPlanFactory,
    CityFactory,
    PriorityProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_action_plan_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanFactory(period_start_year=2030, period_end_year=2025)


def test_priority_project_cost_needs_currency():
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityProjectFactory(estimated_cost=Decimal("10"), currency="")
    assert PriorityProjectFactory(estimated_cost=None, currency="").pk


def test_priority_project_cost_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityProjectFactory(estimated_cost=Decimal("-1"))


def test_action_plan_event_is_append_only():
    event = ActionPlanEventFactory()
    event.comment = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ActionPlanEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(TypeError):
        ActionPlanEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.comment == ""


def test_published_plans_are_approved_plans_of_active_cities():
    approved = ActionPlanFactory(status="approved")
    ActionPlanFactory(status="draft")
    ActionPlanFactory(status="approved", city=CityFactory(is_active=False))
    assert list(ActionPlan.objects.published()) == [approved]
