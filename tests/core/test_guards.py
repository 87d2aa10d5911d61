"""Issue 10, item 8 ("Bad input never answers 500"): NUL bytes and lone surrogates in
paths, query strings, JSON and forms; JSON nested thousands deep; non-numeric ids;
oversized bodies; free text without a length limit. Run on PostgreSQL too (NUL cannot
be stored there): DATABASE_URL=postgres://... pytest tests/core/test_guards.py"""

import json

import pytest
from rest_framework.test import APIClient

from plans.models import ActionPlan
from tests.conftest import PASSWORD
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    city = CityFactory(slug="home-city")
    user = UserFactory(username="csco")
    ChiefSmartCityOfficerFactory(city=city, user=user)
    return user


@pytest.mark.parametrize(
    "url",
    [
        "/member-states/%00/",
        "/cities/a%00b/",
        "/api/v1/member-states/%00/",
        "/api/v1/cities/?search=%00",
        "/api/v1/cities/?%00=1",
        "/cities/?search=x%00y",
        "/api/v1/action-plans/?city=%00",
    ],
)
def test_nul_in_path_or_query_is_400(client, url):
    """Finding: a NUL byte in a path or query string reached PostgreSQL and answered 500."""
    CityFactory()
    response = client.get(url)
    assert response.status_code == 400


def test_api_refusals_are_json(client):
    response = client.get("/api/v1/cities/?search=%00")
    assert response.status_code == 400 and "search" in response.json()
    response = client.get("/api/v1/member-states/%00/")
    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "x\udfffy"])
def test_nul_and_lone_surrogates_in_json_are_400(officer, value):
    """Finding: a lone surrogate or NUL in a JSON string answered 500 (psycopg cannot
    encode it; PostgreSQL cannot store NUL)."""
    client = APIClient()
    client.force_authenticate(officer)
    body = json.dumps({"city": "home-city", "title": value})  # escapes as \\ud800 etc.
    response = client.post("/api/v1/action-plans/", body, content_type="application/json")
    assert response.status_code == 400
    body = json.dumps({value: "x", "city": "home-city", "title": "ok"})
    response = client.post("/api/v1/action-plans/", body, content_type="application/json")
    assert response.status_code == 400
    assert not ActionPlan.objects.exists()


def test_json_nested_thousands_deep_is_400(client):
    """Finding: JSON nested thousands deep raised RecursionError in the parser: 500."""
    for body in (
        "[" * 20_000 + "]" * 20_000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        "[" * 40 + "]" * 40,
    ):
        response = client.post("/api/v1/auth/token/", body, content_type="application/json")
        assert response.status_code == 400


def test_nul_in_form_fields_is_400(client, officer):
    """Finding: a NUL in a form field reached a query (sign-in looks the name up)."""
    response = client.post("/accounts/login/", {"username": "csco\x00", "password": PASSWORD})
    assert response.status_code == 400
    client.force_login(officer)
    response = client.post("/my/plans/new/", {"title": "A\x00B"})
    assert response.status_code == 400
    assert not ActionPlan.objects.exists()


def test_a_300_mb_anonymous_post_is_refused_before_it_is_read(client):
    """Finding: an anonymous 300 MB POST was read into the server before any check."""
    response = client.post(
        "/accounts/login/", {"username": "x"}, CONTENT_LENGTH=str(300 * 1024 * 1024)
    )
    assert response.status_code == 413
    response = client.post(
        "/api/v1/auth/token/",
        "{}",
        content_type="application/json",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413 and "detail" in response.json()


def test_signed_in_bodies_get_the_larger_limit(client, officer, settings):
    client.force_login(officer)
    response = client.post("/my/plans/new/", {"title": "x"}, CONTENT_LENGTH=str(200 * 1024))
    assert response.status_code != 413
    huge = str(settings.ASCN_MAX_REQUEST_BYTES + 1)
    assert client.post("/my/plans/new/", {"title": "x"}, CONTENT_LENGTH=huge).status_code == 413


def test_a_non_numeric_content_length_is_400(client):
    assert client.post("/accounts/login/", {}, CONTENT_LENGTH="lots").status_code == 400


def test_a_non_numeric_notification_id_is_400(client, officer):
    """Finding: non-numeric ids reached `pk=` filters and answered 500."""
    client.force_login(officer)
    assert client.post("/my/notifications/", {"notification": "abc"}).status_code == 400
    assert client.post("/my/notifications/", {"notification": "1"}).status_code == 302


def test_a_million_character_summary_is_refused_by_api_and_form(client, officer):
    """Finding: a 1,000,000-character summary was stored and made a 1 MB page."""
    api = APIClient()
    api.force_authenticate(officer)
    response = api.post(
        "/api/v1/action-plans/",
        {"city": "home-city", "title": "Long", "summary": "x" * 10_001},
        format="json",
    )
    assert response.status_code == 400 and "summary" in response.json()
    client.force_login(officer)
    response = client.post(
        "/my/plans/new/",
        {"title": "Long", "summary": "x" * 10_001, "vision": "v" * 2001},
    )
    assert response.status_code == 200  # the form again, with the reasons
    assert "at most 10000 characters" in response.text.replace(",", "")
    assert "at most 2000 characters" in response.text.replace(",", "")
    assert not ActionPlan.objects.exists()


def test_a_project_description_and_comment_have_limits(client, officer):
    from django.core.exceptions import ValidationError

    from cities.models import City
    from plans import services

    plan = ActionPlanFactory(city=City.objects.get(slug="home-city"))
    with pytest.raises(ValidationError):
        services.priority_project_create(user=officer, plan=plan, title="P", description="d" * 5001)
    api = APIClient()
    api.force_authenticate(officer)
    response = api.post(
        f"/api/v1/action-plans/{plan.uuid}/submit/", {"comment": "c" * 2001}, format="json"
    )
    assert response.status_code == 400


def test_network_records_have_text_limits_too():
    """Finding (the same class): every free-text field had no server-side limit."""
    api = APIClient()
    api.force_authenticate(UserFactory(username="staff", secretariat=True))
    city = CityFactory(slug="long-city")
    response = api.patch(
        f"/api/v1/cities/{city.slug}/", {"description": "d" * 10_001}, format="json"
    )
    assert response.status_code == 400 and "description" in response.json()


def test_a_too_long_review_comment_is_refused_not_dropped(client, officer):
    from cities.models import City
    from tests.factories import PriorityProjectFactory

    plan = ActionPlanFactory(city=City.objects.get(slug="home-city"), status="draft")
    PriorityProjectFactory(plan=plan)
    client.force_login(officer)
    response = client.post(f"/my/plans/{plan.uuid}/submit/", {"comment": "c" * 2001}, follow=True)
    assert response.status_code == 200
    assert "at most 2000 characters" in response.text.replace(",", "")
    plan.refresh_from_db()
    assert plan.status == "draft"
