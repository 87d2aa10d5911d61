"""The FilterSets' shared base (core.filters): one form class per FilterSet class, whose
forms never share state."""

import pytest
from django.http import QueryDict

from cities.filters import CityFilterSet
from cities.models import City
from tests.factories import CityFactory, MemberStateFactory

pytestmark = pytest.mark.django_db


def test_the_form_class_is_built_once_and_each_form_has_its_own_fields():
    state = MemberStateFactory(iso_alpha2="TH")
    CityFactory(name="Bangkok", member_state=state)
    CityFactory(name="Hanoi")
    good = CityFilterSet(QueryDict("member_state=th&search=bang"), queryset=City.objects.all())
    bad = CityFilterSet(QueryDict("member_state=ZZ"), queryset=City.objects.all())
    assert type(good.form) is type(bad.form)
    assert good.form.fields["member_state"] is not bad.form.fields["member_state"]
    assert good.is_valid() and not bad.is_valid()
    assert "member_state" in bad.errors and not good.errors
    assert [city.name for city in good.qs] == ["Bangkok"]
    # A form's field changed by one request leaves the next request's form alone.
    good.form.fields["search"].label = "Changed"
    assert (
        CityFilterSet(QueryDict(""), queryset=City.objects.all()).form.fields["search"].label
        == "Search"
    )
