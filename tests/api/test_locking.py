"""Issue 10, item 9 ("No lost update"): the API honours optimistic locking on plans.
Finding: two API clients editing the same plan silently overwrote each other."""

import pytest

from plans.models import ActionPlan

pytestmark = pytest.mark.django_db

API = "/api/v1/action-plans"


def test_plan_detail_sends_an_etag_and_a_stale_if_match_gets_412(network, api_client_for):
    """Finding: a write based on an older read overwrote a newer one without a word."""
    plan = network["draft"]
    first, second = api_client_for("csco"), api_client_for("secretariat")
    url = f"{API}/{plan.uuid}/"
    etag = first.get(url)["ETag"]
    assert etag and second.get(url)["ETag"] == etag

    saved = first.patch(url, {"summary": "First editor's text"}, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.json()
    stale = second.patch(url, {"summary": "Second editor's text"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "detail" in stale.json()
    assert ActionPlan.objects.get(pk=plan.pk).summary == "First editor's text"

    fresh = second.get(url)["ETag"]
    assert fresh != etag
    again = second.patch(url, {"summary": "Second editor's text"}, HTTP_IF_MATCH=fresh)
    assert again.status_code == 200
    assert ActionPlan.objects.get(pk=plan.pk).summary == "Second editor's text"


def test_a_stale_lock_version_gets_409(network, api_client_for):
    plan = network["draft"]
    client = api_client_for("csco")
    url = f"{API}/{plan.uuid}/"
    read = client.get(url).json()["lock_version"]
    assert client.patch(url, {"title": "One", "lock_version": read}).status_code == 200
    stale = client.patch(url, {"title": "Two", "lock_version": read})
    assert stale.status_code == 409
    assert ActionPlan.objects.get(pk=plan.pk).title == "One"


def test_if_match_star_and_no_header_still_write(network, api_client_for):
    plan = network["draft"]
    client = api_client_for("csco")
    url = f"{API}/{plan.uuid}/"
    assert client.patch(url, {"title": "Star"}, HTTP_IF_MATCH="*").status_code == 200
    assert client.patch(url, {"title": "None"}).status_code == 200
    assert ActionPlan.objects.get(pk=plan.pk).title == "None"


def test_a_stale_if_match_from_another_city_is_still_404(network, api_client_for):
    plan = network["draft"]
    response = api_client_for("other_csco").patch(
        f"{API}/{plan.uuid}/", {"title": "x"}, HTTP_IF_MATCH='"stale"'
    )
    assert response.status_code == 404
