"""A plan's people: the city's CSCO, another city's CSCO, the member state's national
representative, another state's representative, and the secretariat."""

import pytest

from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    PriorityProjectFactory,
    UserFactory,
)


@pytest.fixture
def people(db):
    city = CityFactory(slug="home-city", name="Home City")
    other_city = CityFactory(slug="other-city", name="Other City")
    users = {
        "csco": UserFactory(username="csco", email="csco@example.org", first_name="Cee"),
        "other_csco": UserFactory(username="other-csco", email="other@example.org"),
        "national_rep": UserFactory(username="rep", email="rep@example.org"),
        "other_rep": UserFactory(username="other-rep", email="other-rep@example.org"),
        "secretariat": UserFactory(username="staff", email="staff@example.org", secretariat=True),
        "anonymous": None,
    }
    ChiefSmartCityOfficerFactory(city=city, user=users["csco"])
    ChiefSmartCityOfficerFactory(city=other_city, user=users["other_csco"])
    NationalRepresentativeFactory(member_state=city.member_state, user=users["national_rep"])
    NationalRepresentativeFactory(member_state=other_city.member_state, user=users["other_rep"])
    return {"city": city, "other_city": other_city, **users}


@pytest.fixture
def draft(people):
    plan = ActionPlanFactory(city=people["city"], status="draft", title="Home draft")
    PriorityProjectFactory(plan=plan, title="Home project")
    return plan


def as_user(people, role):
    from django.contrib.auth.models import AnonymousUser

    return people[role] or AnonymousUser()
