"""Rows with awkward names for the filter forms' choices (core.renderers, core.pages)."""

import pytest

from tests.factories import CityFactory, FocusAreaFactory, PartnerFactory


@pytest.fixture
def reference_rows(db):
    city = CityFactory(slug="bangkok", name="Bangkok & <Co>")
    FocusAreaFactory(key="mobility", name='Mobility "and" transport')
    PartnerFactory(slug="partner-a", name="Partner <A>")
    return city
