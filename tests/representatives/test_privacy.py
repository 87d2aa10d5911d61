"""Issue 10, item 5, in representatives: invited accounts are not named by their email,
and a private name cannot be inferred by sorting the API's lists."""

import pytest
from rest_framework.test import APIClient

from representatives.services import representative_invite
from tests.conftest import clear_caches
from tests.factories import (
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/representatives"


def test_invited_account_username_is_not_the_email():
    """Finding 5: invited accounts got their email address as username, which other
    users then saw in events, notifications and histories."""
    staff = UserFactory(username="staff", secretariat=True)
    officer = ChiefSmartCityOfficerFactory(full_name="Siti Rahmah", email="Siti@Example.org")
    other = ChiefSmartCityOfficerFactory(full_name="Siti Rahmah", email="siti2@example.org")
    user = representative_invite(representative=officer, invited_by=staff, base_url="http://x/")
    second = representative_invite(representative=other, invited_by=staff, base_url="http://x/")
    assert "@" not in user.username and "example" not in user.username
    assert user.username.startswith("siti-rahmah-")
    assert user.username != second.username
    assert user.email == "siti@example.org"
    assert str(user) == user.display_name == "Siti Rahmah"


def test_display_name_never_shows_an_email_username():
    legacy = UserFactory(username="old@example.org", first_name="", last_name="")
    assert legacy.display_name == f"Account {legacy.pk}"
    assert str(UserFactory(username="plain-name")) == "plain-name"
    assert str(UserFactory(username="x@y.org", first_name="Ana", last_name="Lim")) == "Ana Lim"


def _names(response):
    assert response.status_code == 200
    return [row["full_name"] for row in response.json()["results"]]


@pytest.fixture
def hidden_names(db):
    """Three current officers: 'Aaron' (public), and two private names whose order
    would reveal them: 'Zed Private' created first, 'Abe Private' second."""
    ChiefSmartCityOfficerFactory(city=CityFactory(), full_name="Zed Private", is_name_public=False)
    ChiefSmartCityOfficerFactory(city=CityFactory(), full_name="Abe Private", is_name_public=False)
    ChiefSmartCityOfficerFactory(city=CityFactory(), full_name="Mid Public", is_name_public=True)


@pytest.mark.parametrize("direction", ["", "-"])
@pytest.mark.parametrize("role", ["anonymous", "signed_in"])
def test_ordering_by_full_name_does_not_reveal_private_names(hidden_names, role, direction):
    """Finding 5: `?ordering=full_name` sorted by names the caller could not see, so
    the position of a hidden row gave its name away."""
    client = APIClient()
    if role == "signed_in":
        client.force_authenticate(UserFactory(username="another-csco"))
    rows = client.get(f"{API}/chief-officers/", {"ordering": f"{direction}full_name"}).json()
    rows = rows["results"]
    hidden = [row["id"] for row in rows if row["full_name"] is None]
    # The private rows come in a fixed order (by id), whatever the hidden names are.
    assert hidden == sorted(hidden)
    names = [row["full_name"] for row in rows]
    assert "Mid Public" in names


def test_hidden_order_is_the_same_whatever_the_hidden_names(db):
    """The same check the other way round: swap which hidden name sorts first and the
    answer does not change."""
    first = ChiefSmartCityOfficerFactory(city=CityFactory(), full_name="Aa", is_name_public=False)
    second = ChiefSmartCityOfficerFactory(city=CityFactory(), full_name="Zz", is_name_public=False)
    url = f"{API}/chief-officers/"

    def ids():
        response = APIClient().get(url, {"ordering": "full_name"})
        return [row["id"] for row in response.json()["results"]]

    before = ids()
    first.full_name, second.full_name = "Zz", "Aa"
    first.save()
    second.save()
    clear_caches()  # the public response cache would answer the first list again
    after = ids()
    assert before == after


def test_secretariat_orders_by_full_name():
    NationalRepresentativeFactory(full_name="Zed Private", is_name_public=False)
    NationalRepresentativeFactory(full_name="Abe Private", is_name_public=False)
    client = APIClient()
    client.force_authenticate(UserFactory(username="staff", secretariat=True))
    names = _names(client.get(f"{API}/national/", {"ordering": "full_name"}))
    assert names == ["Abe Private", "Zed Private"]
    names = _names(client.get(f"{API}/national/", {"ordering": "-full_name"}))
    assert names == ["Zed Private", "Abe Private"]


def test_public_ordering_by_full_name_sorts_public_names():
    NationalRepresentativeFactory(full_name="Zara Public", is_name_public=True)
    NationalRepresentativeFactory(full_name="Adam Public", is_name_public=True)
    names = _names(APIClient().get(f"{API}/national/", {"ordering": "full_name"}))
    assert names == ["Adam Public", "Zara Public"]


@pytest.mark.parametrize("role", ["anonymous", "signed_in", "secretariat"])
def test_ordering_by_name_query_count_does_not_grow(role):
    from accounts.services import token_issue
    from tests.querycount import build_network, count_queries

    client = APIClient()
    if role != "anonymous":
        # A token loads the user afresh on every request, as in real use.
        reader = UserFactory(username="reader", secretariat=role == "secretariat")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=reader).key}")
    url = f"{API}/chief-officers/?ordering=full_name"
    build_network(10, prefix="small")
    before = count_queries(client, url)
    build_network(490, prefix="large")
    after = count_queries(client, url)
    assert after == before
