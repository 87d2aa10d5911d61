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


def test_each_filterset_works_on_its_own_filters_and_fields():
    """The per-request copies (core.filters.SharedFilters, SharedFields) share only what
    no request changes: each FilterSet has its own filters, parented to itself, whose
    method filters call that FilterSet; each form its own fields, widgets and querysets."""
    CityFactory(name="Bangkok")
    CityFactory(name="Hanoi")
    first = CityFilterSet(QueryDict("search=bang"), queryset=City.objects.all())
    second = CityFilterSet(QueryDict("search=han"), queryset=City.objects.all())
    for name, filter_ in first.filters.items():
        assert filter_ is not second.filters[name]
        assert filter_.parent is first and second.filters[name].parent is second
        assert filter_ is not CityFilterSet.base_filters[name]
    assert first.filters["search"].filter.f is first.filters["search"]
    assert [city.name for city in first.qs] == ["Bangkok"]
    assert [city.name for city in second.qs] == ["Hanoi"]
    for name, field in first.form.fields.items():
        other = second.form.fields[name]
        assert field is not other and field.widget is not other.widget
        assert field.widget.attrs is not other.widget.attrs
        if hasattr(field, "queryset"):
            assert field.queryset is not other.queryset
    # A widget changed for one form (a chip filter made hidden) leaves the next alone.
    first.form.fields["member_state"].widget.attrs["data-changed"] = "1"
    fresh = CityFilterSet(QueryDict(""), queryset=City.objects.all())
    assert "data-changed" not in fresh.form.fields["member_state"].widget.attrs


def test_a_new_member_state_is_offered_after_the_data_changes():
    MemberStateFactory(iso_alpha2="TH", name="Thailand")
    before = CityFilterSet(QueryDict(""), queryset=City.objects.all())
    assert "Viet Nam" not in str(before.form["member_state"])
    MemberStateFactory(iso_alpha2="VN", name="Viet Nam")
    after = CityFilterSet(QueryDict("member_state=vn"), queryset=City.objects.all())
    assert "Viet Nam" in str(after.form["member_state"])
    assert after.is_valid()
