"""The faster read path of the list serializers (core.serializers.FastReadMixin) gives
DRF's output exactly: the same keys in the same order, the same values, for every
role's view of the lists (empty values, decimals, dates, nested projects, focus areas)."""

from decimal import Decimal
from unittest import mock

import pytest
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.serializers import FastReadMixin
from plans.models import PriorityProject
from tests.factories import (
    ActionPlanFactory,
    FocusAreaFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import build_network

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/cities/?page_size=200",
    "/api/v1/action-plans/?page_size=200",
    "/api/v1/projects/?page_size=200",
    "/api/v1/cities/?page_size=5&page=2&ordering=-joined_year",
]


def drf_to_representation(self, instance):
    return serializers.Serializer.to_representation(self, instance)


@pytest.fixture
def varied_network():
    build_network(12)
    area = FocusAreaFactory(key="mobility")
    plan = ActionPlanFactory(status="approved", title="Varied")
    plan.focus_areas.add(area)
    PriorityProjectFactory(
        plan=plan,
        estimated_cost=Decimal("1234.50"),
        currency="USD",
        start_year=2025,
        end_year=2027,
        is_seeking_partners=True,
        source_url="https://example.org/p",
    ).focus_areas.add(area)
    PriorityProjectFactory(plan=plan, estimated_cost=None, currency="", start_year=None)
    assert PriorityProject.objects.filter(plan=plan).count() == 2


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_fast_read_matches_drf_output(varied_network, role):
    client = APIClient()
    if role == "secretariat":
        token = Token.objects.create(user=UserFactory(username="staff", secretariat=True))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for url in URLS:
        fast = client.get(url + "&read=fast")
        with mock.patch.object(FastReadMixin, "to_representation", drf_to_representation):
            stock = client.get(url + "&read=stock")
        assert fast.status_code == stock.status_code == 200, url
        fast_rows, stock_rows = fast.json()["results"], stock.json()["results"]
        assert fast_rows, url
        assert [list(row) for row in fast_rows] == [list(row) for row in stock_rows], url
        assert fast_rows == stock_rows, url


def test_fast_read_detail_matches_drf_output(varied_network):
    client = APIClient()
    slug = client.get("/api/v1/cities/?page_size=1").json()["results"][0]["slug"]
    fast = client.get(f"/api/v1/cities/{slug}/").json()
    with mock.patch.object(FastReadMixin, "to_representation", drf_to_representation):
        stock = client.get(f"/api/v1/cities/{slug}/?stock=1").json()
    assert fast == stock
