"""One current representative per city and per member state, enforced by the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from representatives.models import ChiefSmartCityOfficer
from tests.factories import ChiefSmartCityOfficerFactory, NationalRepresentativeFactory

pytestmark = pytest.mark.django_db


def test_second_current_csco_for_a_city_is_rejected(city):
    ChiefSmartCityOfficerFactory(city=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChiefSmartCityOfficerFactory(city=city)


def test_past_cscos_do_not_block_a_current_one(city):
    ChiefSmartCityOfficerFactory(city=city, term_end_on=datetime.date(2024, 6, 30))
    ChiefSmartCityOfficerFactory(city=city, term_end_on=datetime.date(2025, 6, 30))
    current = ChiefSmartCityOfficerFactory(city=city)
    assert list(city.chief_officers.current()) == [current]


def test_second_current_national_representative_is_rejected(city):
    NationalRepresentativeFactory(member_state=city.member_state)
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalRepresentativeFactory(member_state=city.member_state)


def test_term_cannot_end_before_it_starts(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChiefSmartCityOfficerFactory(
            city=city,
            term_start_on=datetime.date(2025, 1, 1),
            term_end_on=datetime.date(2024, 1, 1),
        )


def test_publicly_named_is_current_and_consenting(city):
    ChiefSmartCityOfficerFactory(city=city, is_name_public=False)
    other = ChiefSmartCityOfficerFactory(is_name_public=True)
    ChiefSmartCityOfficerFactory(
        city=other.city, is_name_public=True, term_end_on=datetime.date(2025, 1, 1)
    )
    assert list(ChiefSmartCityOfficer.objects.publicly_named()) == [other]
