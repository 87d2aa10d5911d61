"""The marketplace API: projects seeking partners with the shared filters, expressing
interest, the interests and their moves and threads, per role; status codes for bad
input, refused moves and sending limits; the schema documents it all."""

import pytest
from rest_framework.test import APIClient

from partnerships.models import Interest, InterestMessage
from tests.factories import InterestFactory
from tests.partnerships.conftest import MARK, ROLES

SEES = {"verified_org", "csco", "national_rep", "secretariat"}


@pytest.fixture
def api(market):
    def make(role):
        client = APIClient()
        if market["users"][role] is not None:
            client.force_authenticate(market["users"][role])
        return client

    return make


def interests_url(project):
    return f"/api/v1/projects/{project.uuid}/interests/"


BODY = {
    "support": ["technology", "expertise"],
    "message": "We can help",
    "amount": "10",
    "currency": "USD",
}


def test_projects_seeking_partners_with_the_marketplace_filters(api, market):
    client = api("anonymous")
    rows = client.get("/api/v1/projects/?seeking_partners=true").json()["results"]
    assert [r["title"] for r in rows] == ["Smart buses"]
    row = rows[0]
    assert row["support_kinds"] == ["finance", "technology"]
    assert row["need_description"] == "Electric buses and a depot."
    assert (
        client.get("/api/v1/projects/?seeking_partners=true&support=expertise").json()["count"] == 0
    )
    found = client.get("/api/v1/projects/?seeking_partners=true&currency=USD&cost_max=5000000")
    assert found.json()["count"] == 1
    bad = client.get("/api/v1/projects/?cost_min=5")
    assert bad.status_code == 400 and "currency" in bad.json()
    assert client.get("/api/v1/projects/?support=money").status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_express_interest_per_role(api, market, role):
    response = api(role).post(interests_url(market["project"]), BODY, format="json")
    expected = {"anonymous": 401, "verified_org": 201, "other_org": 201}.get(role, 403)
    assert response.status_code == expected, response.content
    if expected == 201:
        data = response.json()
        assert data["status"] == "new" and data["support"] == ["technology", "expertise"]
        assert data["project"] == str(market["project"].uuid)
        assert [e["to_status"] for e in data["events"]] == ["new"]
    else:
        assert not Interest.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"support": [], "message": "x"}, "support"),
        ({"support": ["money"], "message": "x"}, "support"),
        ({"support": ["finance"]}, "message"),
        ({"support": ["finance"], "message": "x" * 4001}, "message"),
        ({"support": ["finance"], "message": "x", "amount": "5"}, "currency"),
        ({"support": ["finance"], "message": "x", "amount": "-5", "currency": "USD"}, "amount"),
        ({"support": "finance", "message": "x"}, "support"),
    ],
)
def test_express_interest_bad_input_is_400_with_field_errors(api, market, body, field):
    response = api("verified_org").post(interests_url(market["project"]), body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_express_interest_in_unpublished_or_not_seeking_projects(api, market):
    client = api("verified_org")
    assert (
        client.post(interests_url(market["draft_project"]), BODY, format="json").status_code == 404
    )
    response = client.post(interests_url(market["other_project"]), BODY, format="json")
    assert response.status_code == 400


def test_express_interest_twice_is_400_and_limit_is_429(api, market, settings):
    client = api("verified_org")
    assert client.post(interests_url(market["project"]), BODY, format="json").status_code == 201
    assert client.post(interests_url(market["project"]), BODY, format="json").status_code == 400
    settings.ASCN_INTERESTS_PER_DAY = 1
    response = api("other_org").post(interests_url(market["project"]), BODY, format="json")
    assert response.status_code == 201
    from tests.factories import PriorityProjectFactory

    another = PriorityProjectFactory(plan=market["plan"], is_seeking_partners=True)
    assert api("other_org").post(interests_url(another), BODY, format="json").status_code == 429


@pytest.mark.parametrize("role", ROLES)
def test_interest_list_and_detail_per_role(api, market, interest, role):
    client = api(role)
    listing = client.get("/api/v1/interests/")
    detail = client.get(f"/api/v1/interests/{interest.uuid}/")
    if role == "anonymous":
        assert listing.status_code == detail.status_code == 401
        return
    uuids = [row["uuid"] for row in listing.json()["results"]]
    assert (str(interest.uuid) in uuids) is (role in SEES)
    assert detail.status_code == (200 if role in SEES else 404)
    if role in SEES:
        assert detail.json()["organisation"]["contact_email"].startswith(MARK)


MOVES = {
    "discuss": {"csco", "secretariat"},
    "agree": {"csco", "secretariat"},
    "decline": {"csco", "secretariat"},
    "withdraw": {"verified_org"},
}


@pytest.mark.parametrize("move", list(MOVES))
@pytest.mark.parametrize("role", ROLES)
def test_interest_moves_per_role(api, market, interest, role, move):
    response = api(role).post(f"/api/v1/interests/{interest.uuid}/{move}/")
    if role == "anonymous":
        expected = 401
    elif role not in SEES:
        expected = 404
    elif role in MOVES[move]:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected
    interest.refresh_from_db()
    assert (interest.status != "new") is (expected == 200)


@pytest.mark.parametrize("move", list(MOVES))
def test_interest_moves_the_state_does_not_allow_are_409(api, market, move):
    interest = InterestFactory(
        project=market["project"], organisation=market["verified"], status="declined"
    )
    role = "verified_org" if move == "withdraw" else "csco"
    response = api(role).post(f"/api/v1/interests/{interest.uuid}/{move}/")
    assert response.status_code == 409 and "detail" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_thread_per_role(api, market, interest, role):
    client = api(role)
    url = f"/api/v1/interests/{interest.uuid}/messages/"
    read = client.get(url)
    write = client.post(url, {"body": "Hello"}, format="json")
    if role == "anonymous":
        assert read.status_code == write.status_code == 401
    elif role not in SEES:
        assert read.status_code == write.status_code == 404
    else:
        assert read.status_code == 200 and read.json()[0]["body"].startswith("Thread")
        assert write.status_code == (403 if role == "national_rep" else 201)
    written = InterestMessage.objects.filter(body="Hello").count()
    assert written == (1 if role in ("verified_org", "csco", "secretariat") else 0)


def test_thread_bad_input_and_closed_thread(api, market, interest):
    url = f"/api/v1/interests/{interest.uuid}/messages/"
    assert api("csco").post(url, {"body": ""}, format="json").status_code == 400
    assert api("csco").post(url, {"body": "x" * 4001}, format="json").status_code == 400
    api("csco").post(f"/api/v1/interests/{interest.uuid}/decline/")
    assert api("csco").post(url, {"body": "late"}, format="json").status_code == 409


@pytest.mark.parametrize("role", ROLES)
def test_agreement_action_per_role(api, market, interest, role):
    Interest.objects.filter(pk=interest.pk).update(status="agreed")
    response = api(role).post(f"/api/v1/interests/{interest.uuid}/agreement/", {}, format="json")
    expected = {"anonymous": 401, "secretariat": 201}.get(role, 403 if role in SEES else 404)
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["projects"] == [str(market["project"].uuid)]
        again = api(role).post(f"/api/v1/interests/{interest.uuid}/agreement/", {}, format="json")
        assert again.status_code == 409


def test_schema_documents_the_marketplace(api, market):
    schema = api("anonymous").get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    for path in (
        "/api/v1/projects/{uuid}/interests/",
        "/api/v1/interests/",
        "/api/v1/interests/{uuid}/discuss/",
        "/api/v1/interests/{uuid}/agree/",
        "/api/v1/interests/{uuid}/decline/",
        "/api/v1/interests/{uuid}/withdraw/",
        "/api/v1/interests/{uuid}/messages/",
        "/api/v1/interests/{uuid}/agreement/",
    ):
        assert path in text, path
    assert "seeking_partners" in text and "SupportKindEnum" in text


def test_project_needs_are_written_through_the_projects_api(api, market):
    client = api("csco")
    url = f"/api/v1/projects/{market['draft_project'].uuid}/"
    bad = client.patch(url, {"support_kinds": ["money"]}, format="json")
    assert bad.status_code == 400 and "support_kinds" in bad.json()
    bad = client.patch(url, {"finance_amount": "5"}, format="json")
    assert bad.status_code == 400
    good = client.patch(
        url,
        {
            "support_kinds": ["expertise"],
            "need_description": "Engineers",
            "finance_amount": "5",
            "finance_currency": "EUR",
            "seeking_until": "2030-06-30",
        },
        format="json",
    )
    assert good.status_code == 200, good.content
    market["draft_project"].refresh_from_db()
    assert market["draft_project"].support_kinds == ["expertise"]
    assert api("other_csco").patch(url, {"support_kinds": []}, format="json").status_code in (
        403,
        404,
    )
