"""API fixtures: a small network and a client per role."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    NationalRepresentativeFactory,
    PriorityProjectFactory,
    UserFactory,
)

ROLES = ["anonymous", "csco", "other_csco", "national_rep", "secretariat"]


@pytest.fixture
def network(db):
    """City A (with a draft and an approved plan, each with a project) and city B in
    another member state; a CSCO for each, a national representative for A's state."""
    area = FocusAreaFactory(key="built-infrastructure", name="Built Infrastructure")
    city_a = CityFactory(slug="city-a", name="City A")
    city_b = CityFactory(slug="city-b", name="City B")
    draft = ActionPlanFactory(city=city_a, status="draft", title="Draft plan of A")
    approved = ActionPlanFactory(city=city_a, status="approved", title="Approved plan of A")
    draft_b = ActionPlanFactory(city=city_b, status="draft", title="Draft plan of B")
    users = {
        "anonymous": None,
        "csco": UserFactory(username="csco-a"),
        "other_csco": UserFactory(username="csco-b"),
        "national_rep": UserFactory(username="rep-a"),
        "secretariat": UserFactory(username="staff", secretariat=True),
    }
    ChiefSmartCityOfficerFactory(city=city_a, user=users["csco"], email="a@private.example")
    ChiefSmartCityOfficerFactory(city=city_b, user=users["other_csco"])
    NationalRepresentativeFactory(member_state=city_a.member_state, user=users["national_rep"])
    return {
        "area": area,
        "city_a": city_a,
        "city_b": city_b,
        "draft": draft,
        "approved": approved,
        "draft_b": draft_b,
        "draft_project": PriorityProjectFactory(plan=draft, title="Draft project of A"),
        "approved_project": PriorityProjectFactory(plan=approved, title="Public project"),
        "users": users,
    }


@pytest.fixture
def api_client_for(network):
    def make(role):
        client = APIClient()
        user = network["users"][role]
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
