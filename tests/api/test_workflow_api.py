"""The workflow's moves as API actions: the same services, 409 for a move the state
does not allow, 403 for the wrong role, 404 for a plan the user may not see."""

import pytest
from rest_framework.test import APIClient

from plans.models import ActionPlan

pytestmark = pytest.mark.django_db

API = "/api/v1/action-plans"


def post(api_client_for, role, plan, move, body=None):
    return api_client_for(role).post(f"{API}/{plan.uuid}/{move}/", body or {}, format="json")


def test_full_review_through_the_api(network, api_client_for):
    draft = network["draft"]
    response = post(api_client_for, "csco", draft, "submit", {"comment": "Ready"})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert post(api_client_for, "national_rep", draft, "endorse").json()["status"] == "endorsed"
    approved = post(api_client_for, "secretariat", draft, "approve")
    assert approved.status_code == 200 and approved.json()["published_at"]
    public = APIClient().get(f"{API}/{draft.uuid}/")
    assert public.status_code == 200 and public.json()["status"] == "approved"


def test_invalid_move_is_409(network, api_client_for):
    draft = network["draft"]
    response = post(api_client_for, "secretariat", draft, "approve")
    assert response.status_code == 409
    assert "cannot be approved" in response.json()["detail"]
    ActionPlan.objects.filter(pk=draft.pk).update(status="submitted")
    assert post(api_client_for, "csco", draft, "submit").status_code == 409


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("csco", 200),
        ("other_csco", 404),
        ("national_rep", 403),
        ("secretariat", 403),
    ],
)
def test_submit_by_role(network, api_client_for, role, expected):
    response = post(api_client_for, role, network["draft"], "submit")
    assert response.status_code == expected, response.content


def test_return_needs_a_comment(network, api_client_for):
    draft = network["draft"]
    post(api_client_for, "csco", draft, "submit")
    response = post(api_client_for, "national_rep", draft, "return", {})
    assert response.status_code == 400 and "comment" in response.json()
    response = post(api_client_for, "national_rep", draft, "return", {"comment": "Costs?"})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert post(api_client_for, "csco", draft, "reopen").json()["status"] == "draft"
    assert post(api_client_for, "csco", draft, "withdraw").json()["status"] == "withdrawn"


def test_status_is_read_only_through_edits(network, api_client_for):
    draft = network["draft"]
    response = api_client_for("secretariat").patch(
        f"{API}/{draft.uuid}/", {"status": "approved"}, format="json"
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_revise_through_the_api(network, api_client_for):
    approved = network["approved"]
    ActionPlan.objects.filter(pk=approved.pk).update(version=1)
    response = post(api_client_for, "csco", approved, "revise")
    assert response.status_code == 201
    assert (response.json()["version"], response.json()["status"]) == (2, "draft")
    assert post(api_client_for, "csco", approved, "revise").status_code == 409
