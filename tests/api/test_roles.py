"""Every endpoint and method, for every role: anonymous, the city's CSCO, another city's
CSCO, the national representative, the secretariat."""

import pytest

from plans.models import ActionPlan, PriorityProject
from tests.api.conftest import ROLES
from tests.factories import (
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    MeetingFactory,
    MemberStateFactory,
    NationalRepresentativeFactory,
    PartnerFactory,
    PartnershipAgreementFactory,
    StrategicOutcomeFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _state(net):
    obj = MemberStateFactory(iso_alpha2="QA", iso_alpha3="QAA")
    return obj, f"{API}/member-states/qa/"


def _city(net):
    obj = CityFactory(slug="spare-city", member_state=net["city_a"].member_state)
    return obj, f"{API}/cities/spare-city/"


def _area(net):
    return FocusAreaFactory(key="spare-area"), f"{API}/focus-areas/spare-area/"


def _outcome(net):
    return StrategicOutcomeFactory(key="spare-outcome"), f"{API}/strategic-outcomes/spare-outcome/"


def _partner(net):
    return PartnerFactory(slug="spare-partner"), f"{API}/partners/spare-partner/"


def _agreement(net):
    obj = PartnershipAgreementFactory(slug="spare-agreement", cities=[net["city_a"]])
    return obj, f"{API}/partnerships/spare-agreement/"


def _meeting(net):
    obj = MeetingFactory(slug="spare-meeting", host_country=net["city_a"].member_state)
    return obj, f"{API}/meetings/spare-meeting/"


def _national(net):
    obj = NationalRepresentativeFactory(member_state=MemberStateFactory())
    return obj, f"{API}/representatives/national/{obj.pk}/"


def _officer(net):
    obj = ChiefSmartCityOfficerFactory(city=CityFactory())
    return obj, f"{API}/representatives/chief-officers/{obj.pk}/"


REFERENCE_ENDPOINTS = {
    "member-states": (
        _state,
        lambda net: {
            "iso_alpha2": "QB",
            "iso_alpha3": "QBB",
            "name": "Qbland",
            "official_short_name": "Qbland",
            "capital": "Qb City",
            "asean_accession_on": "2030-01-01",
        },
        {"capital": "New Capital"},
    ),
    "cities": (
        _city,
        lambda net: {
            "slug": "new-city",
            "name": "New City",
            "member_state": net["city_a"].member_state.iso_alpha2,
            "latitude": "1.5",
            "longitude": "103.5",
            "joined_year": 2025,
            "cohort": "later",
        },
        {"description": "Changed."},
    ),
    "focus-areas": (_area, lambda net: {"key": "new-area", "name": "New area"}, {"position": 9}),
    "strategic-outcomes": (
        _outcome,
        lambda net: {"key": "new-outcome", "name": "New outcome"},
        {"position": 9},
    ),
    "partners": (
        _partner,
        lambda net: {"slug": "new-partner", "name": "New partner", "kind": "private"},
        {"website": "https://partner.example.org"},
    ),
    "partnerships": (
        _agreement,
        lambda net: {
            "slug": "new-agreement",
            "title": "New agreement",
            "kind": "mou",
            "cities": ["city-a"],
            "amount": "1000",
            "currency": "USD",
        },
        {"description": "Changed."},
    ),
    "meetings": (
        _meeting,
        lambda net: {
            "slug": "new-meeting",
            "name": "New meeting",
            "kind": "workshop",
            "year": 2026,
        },
        {"venue": "Hall 2"},
    ),
    "representatives/national": (
        _national,
        lambda net: {
            "member_state": net["city_b"].member_state.iso_alpha2,
            "full_name": "New Representative",
            "term_start_on": "2025-01-01",
        },
        {"title": "Changed title"},
    ),
    "representatives/chief-officers": (
        _officer,
        lambda net: {
            "city": CityFactory(slug="city-without-officer").slug,
            "full_name": "New Officer",
            "term_start_on": "2025-01-01",
        },
        {"title": "Changed title"},
    ),
}


def reference_expected(role, method):
    if method == "get":
        return 200
    if role == "anonymous":
        return 401
    if role != "secretariat":
        return 403
    return {"post": 201, "put": 200, "patch": 200, "delete": 204}[method]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(REFERENCE_ENDPOINTS))
def test_reference_endpoint_permissions(network, api_client_for, endpoint, role):
    make, create_payload, patch_payload = REFERENCE_ENDPOINTS[endpoint]
    _, detail_url = make(network)
    client = api_client_for(role)
    list_url = f"{API}/{endpoint}/"

    assert client.get(list_url).status_code == 200
    assert client.get(detail_url).status_code == 200

    response = client.post(list_url, create_payload(network), format="json")
    assert response.status_code == reference_expected(role, "post"), response.content

    response = client.patch(detail_url, patch_payload, format="json")
    assert response.status_code == reference_expected(role, "patch"), response.content

    # PUT the object's own representation back: a full round trip.
    staff = api_client_for("secretariat")
    body = {k: v for k, v in staff.get(detail_url).json().items() if v is not None}
    response = client.put(detail_url, body, format="json")
    assert response.status_code == reference_expected(role, "put"), response.content

    response = client.delete(detail_url)
    assert response.status_code == reference_expected(role, "delete"), response.content


PLAN_EXPECTED = {
    # role: (read draft, create for city A, patch draft, delete draft)
    "anonymous": (404, 401, 401, 401),
    "csco": (200, 201, 200, 403),
    "other_csco": (404, 403, 404, 404),
    "national_rep": (200, 403, 403, 403),
    "secretariat": (200, 201, 200, 204),
}


@pytest.mark.parametrize("role", ROLES)
def test_action_plan_permissions(network, api_client_for, role):
    read, create, patch, delete = PLAN_EXPECTED[role]
    client = api_client_for(role)
    draft_url = f"{API}/action-plans/{network['draft'].uuid}/"
    approved_url = f"{API}/action-plans/{network['approved'].uuid}/"

    assert client.get(approved_url).status_code == 200
    assert client.get(draft_url).status_code == read
    listed = {p["uuid"] for p in client.get(f"{API}/action-plans/").json()["results"]}
    assert (str(network["draft"].uuid) in listed) == (read == 200)

    response = client.post(
        f"{API}/action-plans/",
        {"city": "city-a", "title": "New plan", "period_start_year": 2026},
        format="json",
    )
    assert response.status_code == create, response.content
    if create == 201:
        assert response.json()["status"] == "draft"

    response = client.patch(draft_url, {"title": "Renamed"}, format="json")
    assert response.status_code == patch, response.content
    response = client.put(
        draft_url, {"city": "city-a", "title": "Renamed again", "summary": "S"}, format="json"
    )
    assert response.status_code == patch, response.content

    # Nobody changes an approved plan through edits; the public not even sees how.
    response = client.patch(approved_url, {"title": "Hijacked"}, format="json")
    assert response.status_code == (401 if role == "anonymous" else 403)

    assert client.delete(draft_url).status_code == delete
    network["approved"].refresh_from_db()
    assert network["approved"].title != "Hijacked"


PROJECT_EXPECTED = {
    # role: (read draft project, create in draft, patch, delete)
    "anonymous": (404, 401, 401, 401),
    "csco": (200, 201, 200, 204),
    "other_csco": (404, 400, 404, 404),
    "national_rep": (200, 403, 403, 403),
    "secretariat": (200, 201, 200, 204),
}


@pytest.mark.parametrize("role", ROLES)
def test_priority_project_permissions(network, api_client_for, role):
    read, create, patch, delete = PROJECT_EXPECTED[role]
    client = api_client_for(role)
    url = f"{API}/projects/{network['draft_project'].uuid}/"
    public_url = f"{API}/projects/{network['approved_project'].uuid}/"

    assert client.get(public_url).status_code == 200
    assert client.get(url).status_code == read
    response = client.post(
        f"{API}/projects/",
        {
            "plan": str(network["draft"].uuid),
            "title": "New project",
            "focus_areas": ["built-infrastructure"],
            "estimated_cost": "2500000.00",
            "currency": "SGD",
            "is_seeking_partners": True,
        },
        format="json",
    )
    assert response.status_code == create, response.content
    assert client.patch(url, {"title": "Renamed"}, format="json").status_code == patch
    assert client.put(url, {"title": "Put title"}, format="json").status_code == patch
    response = client.patch(public_url, {"title": "Hijacked"}, format="json")
    assert response.status_code == (401 if role == "anonymous" else 403)
    assert client.delete(url).status_code == delete


def test_csco_cannot_touch_another_citys_draft_at_all(network, api_client_for):
    client = api_client_for("other_csco")
    draft = network["draft"]
    project = network["draft_project"]
    for method in ("get", "patch", "put", "delete"):
        response = getattr(client, method)(f"{API}/action-plans/{draft.uuid}/", {}, format="json")
        assert response.status_code == 404, method
        response = getattr(client, method)(f"{API}/projects/{project.uuid}/", {}, format="json")
        assert response.status_code == 404, method
    draft.refresh_from_db()
    project.refresh_from_db()
    assert draft.title == "Draft plan of A" and project.title == "Draft project of A"
    assert ActionPlan.objects.filter(pk=draft.pk).exists()
    assert PriorityProject.objects.filter(pk=project.pk).exists()


def test_csco_creates_only_for_own_city(network, api_client_for):
    client = api_client_for("csco")
    response = client.post(f"{API}/action-plans/", {"city": "city-b", "title": "X"}, format="json")
    assert response.status_code == 403
    assert not ActionPlan.objects.filter(title="X").exists()


def test_created_plan_records_its_creation(network, api_client_for):
    client = api_client_for("csco")
    response = client.post(f"{API}/action-plans/", {"city": "city-a", "title": "Y"}, format="json")
    plan = ActionPlan.objects.get(uuid=response.json()["uuid"])
    assert plan.created_by == network["users"]["csco"]
    event = plan.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "draft", plan.created_by)


@pytest.mark.parametrize("role", ROLES)
def test_representatives_private_fields_only_for_secretariat(network, api_client_for, role):
    client = api_client_for(role)
    rows = client.get(f"{API}/representatives/chief-officers/").json()["results"]
    assert rows
    for row in rows:
        assert ("email" in row) == (role == "secretariat")
        assert ("phone" in row) == (role == "secretariat")
    text = client.get(f"{API}/representatives/chief-officers/").content.decode()
    assert ("a@private.example" in text) == (role == "secretariat")


def test_public_sees_only_consented_names(network, api_client_for):
    rows = api_client_for("anonymous").get(f"{API}/representatives/chief-officers/").json()
    names = {row["city"]: row["full_name"] for row in rows["results"]}
    assert names == {"city-a": None, "city-b": None}  # factories default to not public
