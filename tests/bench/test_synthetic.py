"""generate_synthetic: deterministic, inside the member states, every workflow state."""

import io

import pytest
from django.core.management import call_command

from cities.models import City
from core.geo import member_state_shapes, point_in_ring
from partnerships.models import PartnershipAgreement
from plans.models import ActionPlan, ActionPlanStatus, PriorityProject

pytestmark = pytest.mark.django_db


def generate(cities=60, projects=3, seed=11):
    out = io.StringIO()
    call_command("seed", stdout=io.StringIO())
    call_command(
        "generate_synthetic", cities=cities, projects_per_city=projects, seed=seed, stdout=out
    )
    return out.getvalue()


def snapshot():
    return list(
        City.objects.filter(slug__startswith="syn-")
        .order_by("slug")
        .values_list("slug", "name", "latitude", "longitude", "member_state__iso_alpha2")
    )


def test_same_seed_same_network_and_reference_data_untouched():
    output = generate()
    assert "60 cities, 60 plans, 180 projects" in output
    first = snapshot()
    first_plans = sorted(
        ActionPlan.objects.filter(city__slug__startswith="syn-").values_list("uuid", flat=True)
    )
    generate()
    assert snapshot() == first
    assert (
        sorted(
            ActionPlan.objects.filter(city__slug__startswith="syn-").values_list("uuid", flat=True)
        )
        == first_plans
    )
    assert City.objects.exclude(slug__startswith="syn-").count() == 32
    generate(seed=12)
    assert snapshot() != first


def test_points_lie_inside_their_member_state():
    generate(cities=80)
    shapes = member_state_shapes()
    for slug, _, lat, lon, code in snapshot():
        assert any(point_in_ring(float(lon), float(lat), p[0]) for p in shapes[code]), slug


def test_plans_in_every_state_projects_and_partnerships():
    generate(cities=40, projects=2)
    states = set(
        ActionPlan.objects.filter(city__slug__startswith="syn-").values_list("status", flat=True)
    )
    assert states == set(ActionPlanStatus.values)
    assert PriorityProject.objects.filter(plan__city__slug__startswith="syn-").count() == 80
    assert PartnershipAgreement.objects.filter(slug__startswith="syn-").exists()
    approved = ActionPlan.objects.filter(
        city__slug__startswith="syn-", status=ActionPlanStatus.APPROVED
    )
    assert all(plan.published_at for plan in approved)


def test_delete_removes_only_the_synthetic_network():
    generate(cities=10)
    call_command("generate_synthetic", delete=True, stdout=io.StringIO())
    assert not City.objects.filter(slug__startswith="syn-").exists()
    assert City.objects.count() == 32
