"""The documents and projects-on-public-record API, and the `sources` field of the
sourced records: anonymous reads, secretariat-only writes, bad input answered 400 with
field errors, query counts at 10 and 500 rows."""

import pytest
from django.core.management import call_command

from network.models import Document
from tests.factories import UserFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

API = "/api/v1"
GOOD = {
    "slug": "new-report",
    "title": "New report",
    "kind": "monitoring",
    "year": 2026,
    "sources": [{"url": "https://example.org/report", "publisher": "Example"}],
    "meetings": [],
}


@pytest.fixture
def seeded():
    call_command("seed", verbosity=0)


@pytest.mark.parametrize(
    "endpoint,key",
    [
        ("member-states", "SG"),
        ("cities", "cauayan-city"),
        ("partners", "u-s-department-of-state"),
        ("partnerships", "smart-jamp"),
        ("meetings", "2018-annual-meeting"),
        ("documents", "ascn-terms-of-reference"),
        ("projects-on-public-record", "a01"),
    ],
)
def test_sourced_records_carry_sources_and_confidence(client, seeded, endpoint, key):
    response = client.get(f"{API}/{endpoint}/{key}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"sources", "confidence", "confidence_note"} <= set(body)
    assert isinstance(body["sources"], list)
    if endpoint != "member-states":
        assert body["sources"] and body["sources"][0]["url"].startswith("http")


def test_agreement_api_shows_the_amount_note(client, seeded):
    body = client.get(f"{API}/partnerships/smart-jamp/").json()
    assert "JPY 250 billion" in body["amount_note"]


def test_documents_list_filters_and_searches(client, seeded):
    def slugs(**params):
        response = client.get(f"{API}/documents/", params)
        assert response.status_code == 200
        return [d["slug"] for d in response.json()["results"]]

    assert len(slugs()) == 9
    assert slugs(kind="terms_of_reference") == ["ascn-terms-of-reference"]
    assert slugs(search="toolkit") == ["asean-smart-and-sustainable-city-investment-toolkit"]


@pytest.mark.parametrize("params", [{"year": "x"}, {"kind": "nope"}, {"search": "a\x00b"}])
def test_documents_bad_filter_is_400(client, params):
    response = client.get(f"{API}/documents/", params)
    assert response.status_code == 400
    assert set(params) & set(response.json())


@pytest.mark.parametrize("role", ["anonymous", "csco", "national_rep", "plain"])
def test_only_the_secretariat_writes_documents(client, role, csco_user, national_rep_user):
    user = {"csco": csco_user, "national_rep": national_rep_user, "plain": UserFactory()}.get(role)
    if user:
        client.force_login(user)
    response = client.post(f"{API}/documents/", GOOD, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Document.objects.exists()


def test_secretariat_creates_and_changes_a_document(secretariat_client):
    response = secretariat_client.post(f"{API}/documents/", GOOD, content_type="application/json")
    assert response.status_code == 201, response.content
    document = Document.objects.get(slug="new-report")
    assert document.sources == [
        {"url": "https://example.org/report", "title": "", "publisher": "Example", "published": ""}
    ]
    response = secretariat_client.patch(
        f"{API}/documents/new-report/", {"language": "en"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["language"] == "en"


@pytest.mark.parametrize(
    "sources",
    [
        "not a list",
        [{"title": "no url"}],
        [{"url": "ftp://example.org/x"}],
        [{"url": "https://example.org/", "title": ["a list"]}],
    ],
)
def test_bad_sources_are_400_with_field_errors(secretariat_client, sources):
    response = secretariat_client.post(
        f"{API}/documents/", {**GOOD, "sources": sources}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "sources" in response.json()
    assert not Document.objects.exists()


def test_a_nul_in_sources_is_refused_before_anything_reads_it(secretariat_client):
    """The bad-input guard (core.guards) answers first, with the API's JSON error."""
    sources = [{"url": "https://example.org/", "title": "nul\x00"}]
    response = secretariat_client.post(
        f"{API}/documents/", {**GOOD, "sources": sources}, content_type="application/json"
    )
    assert response.status_code == 400 and "not allowed" in response.json()["detail"]
    assert not Document.objects.exists()


def test_projects_on_public_record_are_read_only(secretariat_client, seeded):
    response = secretariat_client.post(
        f"{API}/projects-on-public-record/", {"key": "x"}, content_type="application/json"
    )
    assert response.status_code == 405


def test_documents_api_query_count_does_not_grow(client):
    def make(n, prefix):
        Document.objects.bulk_create(
            Document(slug=f"{prefix}-{i}", title=f"{prefix} {i}", kind="publication")
            for i in range(n)
        )

    make(10, "small")
    before = count_queries(client, f"{API}/documents/")
    make(490, "large")
    assert count_queries(client, f"{API}/documents/") == before
