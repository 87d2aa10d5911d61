"""representatives.roles.scope_of: a user's secretariat membership, cities and member
states in one query, as the separate reads answer them."""

import datetime

import pytest

from representatives import roles
from tests.factories import (
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _separately(user):
    return roles.Scope(
        user.is_secretariat,
        tuple(sorted(roles.cities_officered_by(user).values_list("pk", flat=True))),
        tuple(sorted(roles.member_states_represented_by(user).values_list("pk", flat=True))),
    )


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # nothing kept on the object


@pytest.fixture
def people():
    officer = UserFactory()
    cities = [CityFactory(), CityFactory()]
    ChiefSmartCityOfficerFactory(city=cities[0], user=officer)
    former = UserFactory()
    ChiefSmartCityOfficerFactory(  # an ended term: no longer this user's city
        city=cities[0],
        user=former,
        term_start_on=datetime.date(2022, 1, 1),
        term_end_on=datetime.date(2023, 12, 31),
    )
    representative = UserFactory()
    NationalRepresentativeFactory(user=representative, member_state=cities[0].member_state)
    both = UserFactory(secretariat=True)
    ChiefSmartCityOfficerFactory(city=cities[1], user=both, term_start_on=datetime.date(2025, 2, 1))
    return {
        "officer": officer,
        "former officer": former,
        "representative": representative,
        "secretariat": UserFactory(secretariat=True),
        "secretariat and officer": both,
        "superuser": UserFactory(is_superuser=True),
        "inactive secretariat": UserFactory(secretariat=True, is_active=False),
        "nobody": UserFactory(),
    }


@pytest.mark.parametrize(
    "who",
    [
        "officer",
        "former officer",
        "representative",
        "secretariat",
        "secretariat and officer",
        "superuser",
        "inactive secretariat",
        "nobody",
    ],
)
def test_scope_of_is_what_the_separate_reads_answer(people, who, django_assert_num_queries):
    user = _fresh(people[who])
    with django_assert_num_queries(1):
        scope = roles.scope_of(user)
    assert scope == _separately(_fresh(people[who]))
    with django_assert_num_queries(0):
        assert user.is_secretariat == scope.secretariat  # kept as the property keeps it


def test_scope_of_reads_the_roles_held_now(people):
    assert len(roles.scope_of(_fresh(people["officer"])).city_ids) == 1
    assert len(roles.scope_of(_fresh(people["representative"])).state_ids) == 1
    assert roles.scope_of(_fresh(people["former officer"])).city_ids == ()
    assert roles.scope_of(_fresh(people["nobody"])) == roles.Scope(False, (), ())


def test_the_anonymous_scope_is_empty_without_a_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert roles.scope_of(AnonymousUser()) == roles.Scope(False, (), ())
