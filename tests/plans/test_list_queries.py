"""Query-count guards for the signed-in lists: the workspace, the review queue and the
admin's plan and project lists cost the same number of queries at 10 cities as at 500
(each city with an approved and a draft plan, two projects each)."""

import pytest
from django.test import Client

from cities.models import City
from plans.models import ActionPlan, ActionPlanStatus, PriorityProject
from representatives import roles
from representatives.models import ChiefSmartCityOfficer
from tests.conftest import clear_caches
from tests.factories import NationalRepresentativeFactory, UserFactory
from tests.plans.conftest import as_user
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db


def network(n, prefix):
    """N cities; of each city's drafts, one in four submitted and one in four endorsed,
    so the review queues fill up with the network."""
    cities = build_network(n, prefix=prefix)
    drafts = list(
        ActionPlan.objects.filter(city__in=cities, status=ActionPlanStatus.DRAFT).order_by("pk")
    )
    ActionPlan.objects.filter(pk__in=[p.pk for p in drafts[0::4]]).update(
        status=ActionPlanStatus.SUBMITTED
    )
    ActionPlan.objects.filter(pk__in=[p.pk for p in drafts[1::4]]).update(
        status=ActionPlanStatus.ENDORSED
    )
    return cities


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def secretariat():
    return signed_in(UserFactory(username="staff", secretariat=True, is_staff=True))


def representative_of(city):
    user = UserFactory(username="rep")
    NationalRepresentativeFactory(member_state=city.member_state, user=user)
    client = signed_in(user)
    client.user = user
    return client


SECRETARIAT_URLS = [
    "/my/",
    "/my/reviews/",
    "/admin/plans/actionplan/",
    "/admin/plans/priorityproject/",
    "/admin/cities/city/",
]


def test_secretariat_lists_query_count_does_not_grow(secretariat):
    network(10, "small")
    before = {url: count_queries(secretariat, url) for url in SECRETARIAT_URLS}
    network(490, "large")
    after = {url: count_queries(secretariat, url) for url in SECRETARIAT_URLS}
    assert ActionPlan.objects.count() == 1000
    assert after == before


def test_representative_workspace_query_count_does_not_grow():
    first = network(10, "small")[0]
    City.objects.filter(slug__startswith="small").update(member_state=first.member_state)
    client = representative_of(first)
    urls = ["/my/", "/my/reviews/"]
    before = {url: count_queries(client, url) for url in urls}
    network(490, "large")
    City.objects.filter(slug__startswith="large").update(member_state=first.member_state)
    assert ActionPlan.objects.awaiting_review_by(client.user).count() > 100
    after = {url: count_queries(client, url) for url in urls}
    assert after == before


def test_officer_workspace_query_count_does_not_grow():
    city = network(10, "small")[0]
    user = UserFactory(username="csco")
    ChiefSmartCityOfficer.objects.filter(city=city).update(user=user)
    client = signed_in(user)
    before = count_queries(client, "/my/")
    network(490, "large")
    assert count_queries(client, "/my/") == before


ROLES = ["csco", "other_csco", "national_rep", "other_rep", "secretariat", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_roles_by_city_matches_roles_in_city(people, role):
    user = as_user(people, role)
    roles_of = roles.RolesByCity(user)
    for city in City.objects.all():
        assert roles_of(city) == roles.roles_in_city(user, city)


def test_admin_project_list_pages_with_a_filter(secretariat):
    """The admin's pages with a many-to-many filter and the cached count:
    every matching project once, over both pages."""
    build_network(60)
    area = PriorityProject.focus_areas.through.objects.first().focusarea
    url = f"/admin/plans/priorityproject/?focus_areas__id__exact={area.pk}"
    seen = []
    for page in (1, 2):
        clear_caches()
        changelist = secretariat.get(f"{url}&p={page}").context["cl"]
        assert changelist.result_count == 120
        seen += [project.pk for project in changelist.result_list]
    assert len(seen) == len(set(seen)) == 120
    assert set(seen) == set(
        PriorityProject.objects.filter(focus_areas=area).values_list("pk", flat=True)
    )


def test_review_queue_shows_the_first_plans_and_the_total(secretariat):
    network(500, "large")
    response = secretariat.get("/my/reviews/")
    queues = response.context["queues"]
    assert [(len(plans), total) for heading, plans, total in queues] == [(100, 125), (100, 125)]
    awaiting = queues[0][1]
    assert {plan.status for plan in awaiting} == {ActionPlanStatus.ENDORSED}
    assert response.content.decode().count("The first 100 of 125 plans") == 2


def test_review_queue_short_lists_show_no_total_note(secretariat):
    network(10, "small")
    response = secretariat.get("/my/reviews/")
    assert [total for heading, plans, total in response.context["queues"]] == [3, 3]
    assert "The first 100" not in response.content.decode()
