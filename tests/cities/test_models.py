"""Database-level rules on member states, cities, plans and projects."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cities.models import CityCohort
from plans.models import ActionPlan, ActionPlanEvent
from tests.factories import (
    ActionPlanEventFactory,
    ActionPlanFactory,
    CityFactory,
    MemberStateFactory,
    PriorityProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_member_state_rejects_duplicate_iso_alpha2():
    MemberStateFactory(iso_alpha2="ZZ")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStateFactory(iso_alpha2="ZZ")


def test_member_state_rejects_duplicate_iso_alpha3():
    MemberStateFactory(iso_alpha3="ZZZ")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStateFactory(iso_alpha3="ZZZ")


def test_member_state_rejects_lower_case_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStateFactory(iso_alpha2="sg")


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", "95"), ("latitude", "-90.5"), ("longitude", "180.5"), ("longitude", "-181")],
)
def test_city_database_rejects_out_of_range_coordinates(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(**{field: Decimal(value)})


def test_city_validators_report_out_of_range_latitude():
    city = CityFactory.build(member_state=MemberStateFactory(), latitude=Decimal("95"))
    with pytest.raises(ValidationError) as excinfo:
        city.full_clean()
    assert "latitude" in excinfo.value.message_dict


def test_city_slug_is_unique():
    CityFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(slug="same")


def test_pilot_city_must_have_joined_in_2018():
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(cohort=CityCohort.PILOT_2018, joined_year=2023)
    assert CityFactory(cohort=CityCohort.LATER, joined_year=2023).pk


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
