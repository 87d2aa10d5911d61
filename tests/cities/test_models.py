"""Database-level rules on member states and cities."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cities.models import CityCohort
from tests.factories import (
    CityFactory,
    MemberStateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (MemberStateFactory, "iso_alpha2", "ZZ"),
        (MemberStateFactory, "iso_alpha3", "ZZZ"),
        (CityFactory, "slug", "same"),
    ],
)
def test_natural_keys_are_unique(factory, field, value):
    factory(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**{field: value})


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


def test_pilot_city_must_have_joined_in_2018():
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(cohort=CityCohort.PILOT_2018, joined_year=2023)
    assert CityFactory(cohort=CityCohort.LATER, joined_year=2023).pk
