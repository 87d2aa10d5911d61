"""Public pages of the foundation: home, city, member state, framework, agreement."""

import pytest
from django.urls import reverse

from tests.factories import (
    ActionPlanFactory,
    CityFactory,
    PartnershipAgreementFactory,
    PriorityProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_active_cities_only(client):
    active = CityFactory(name="Visible City")
    CityFactory(name="Hidden City", is_active=False, member_state=active.member_state)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Visible City" in response.text
    assert "Hidden City" not in response.text


def test_city_page_shows_published_plan_but_never_a_draft(client, city):
    published = ActionPlanFactory(city=city, status="approved", title="Approved plan")
    PriorityProjectFactory(plan=published, title="Public project")
    draft = ActionPlanFactory(city=city, status="draft", title="Secret draft")
    PriorityProjectFactory(plan=draft, title="Draft project")
    response = client.get(city.get_absolute_url())
    assert response.status_code == 200
    assert "Approved plan" in response.text and "Public project" in response.text
    assert "Secret draft" not in response.text and "Draft project" not in response.text


def test_inactive_city_page_is_not_found(client):
    city = CityFactory(is_active=False)
    assert client.get(city.get_absolute_url()).status_code == 404


def test_member_state_page_by_code_in_any_case(client, city):
    url = reverse("cities:memberstate_detail", kwargs={"code": city.member_state.iso_alpha2})
    response = client.get(url)
    assert response.status_code == 200
    assert city.name in response.text
    assert client.get(city.member_state.get_absolute_url()).status_code == 200
    missing = reverse("cities:memberstate_detail", kwargs={"code": "qq"})
    assert client.get(missing).status_code == 404


def test_framework_and_agreement_pages(client, city):
    assert client.get(reverse("cities:framework")).status_code == 200
    agreement = PartnershipAgreementFactory(cities=[city])
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    assert city.name in response.text
