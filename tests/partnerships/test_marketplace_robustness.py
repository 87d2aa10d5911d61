"""NUL bytes are refused before they reach a query (PostgreSQL text cannot hold them),
and racing writes settle on one winner (checked on PostgreSQL, where rows lock)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from core.exceptions import InvalidTransition
from partnerships import services
from partnerships.models import Interest, InterestEvent, PartnershipAgreement, SavedSearch
from tests.factories import InterestFactory

NUL = "a\x00b"


def test_nul_bytes_in_marketplace_queries_are_refused(client, market):
    for query in ("search=a%00b", "support=fin%00ance", "city=city-a%00", "currency=US%00D"):
        # Refused before any query by the bad-input guard (core.guards), pages and API alike.
        page = client.get(f"{reverse('marketplace:project_list')}?{query}")
        assert page.status_code == 400
        assert client.get(f"/api/v1/projects/?seeking_partners=true&{query}").status_code == 400
    assert client.post(
        reverse("marketplace:savedsearch_unsubscribe", kwargs={"token": NUL})
    ).status_code in (
        400,
        404,
    )


def test_nul_bytes_in_marketplace_writes_are_400(client, market, interest):
    api = APIClient()
    api.force_authenticate(market["users"]["other_org"])
    url = f"/api/v1/projects/{market['project'].uuid}/interests/"
    response = api.post(url, {"support": ["finance"], "message": NUL}, format="json")
    assert response.status_code == 400 and response.json()
    api.force_authenticate(market["users"]["csco"])
    response = api.post(
        f"/api/v1/interests/{interest.uuid}/messages/", {"body": NUL}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        reverse("marketplace:organisation_register"),
        {
            "name": NUL,
            "kind": "company",
            "country_code": "SG",
            "contact_name": "x",
            "contact_email": "x@example.org",
            "username": "x",
            "password": "a-Long-password-9",
        },
    )
    assert response.status_code == 400
    response = client.post(
        reverse("marketplace:savedsearch_create"),
        {"email": "x@example.org", "frequency": "daily", "query": NUL},
    )
    assert response.status_code == 400
    assert not SavedSearch.objects.exists()
    assert not Interest.objects.exclude(pk=interest.pk).exists()


def _race(*calls):
    """Run the calls at the same moment, each in its own thread and connection; return
    what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_clicks_make_one_interest(market):
    user, project = market["users"]["verified_org"], market["project"]

    def send():
        return services.interest_create(
            user=user, project=project, support=["finance"], message="Hello"
        )

    results = _race(send, send)
    assert sum(isinstance(r, Interest) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert Interest.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_agree_and_withdraw_at_once_one_wins(market):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    results = _race(
        lambda: services.interest_agree(user=market["users"]["csco"], interest=interest),
        lambda: services.interest_withdraw(user=market["users"]["verified_org"], interest=interest),
    )
    assert sum(isinstance(r, Interest) for r in results) == 1
    assert sum(isinstance(r, InvalidTransition | PermissionDenied) for r in results) == 1
    assert InterestEvent.objects.filter(interest=interest).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_agreements_at_once_make_one(market):
    interest = InterestFactory(
        project=market["project"], organisation=market["verified"], status="agreed"
    )
    staff = market["users"]["secretariat"]
    results = _race(
        lambda: services.interest_agreement_create(user=staff, interest=interest),
        lambda: services.interest_agreement_create(user=staff, interest=interest),
    )
    assert sum(isinstance(r, PartnershipAgreement) for r in results) == 1
    assert PartnershipAgreement.objects.count() == 1
