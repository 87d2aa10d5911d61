"""The secretariat admin: every page renders for secretariat staff and for nobody else."""

import pytest
from django.contrib import admin
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.services import secretariat_group_sync
from cities.models import City, MemberState
from opendata.models import ImportJob
from partnerships.models import SavedSearch
from plans.models import ActionPlan
from tests.factories import (
    ActionPlanEventFactory,
    ChiefSmartCityOfficerFactory,
    FocusAreaFactory,
    InterestFactory,
    MeetingFactory,
    NationalRepresentativeFactory,
    NotificationFactory,
    PartnerFactory,
    PartnershipAgreementFactory,
    PlanAttachmentFactory,
    PriorityProjectFactory,
    StrategicOutcomeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Groups, permissions, API tokens and the sign-in lockout records are a superuser's.
SUPERUSER_ONLY_APPS = {"auth", "authtoken", "axes"}
MODELS = [
    model for model in admin.site._registry if model._meta.app_label not in SUPERUSER_ONLY_APPS
]
MODEL_IDS = [model._meta.label for model in MODELS]
SUPERUSER_ONLY = [
    model for model in admin.site._registry if model._meta.app_label in SUPERUSER_ONLY_APPS
]


@pytest.fixture
def staff_client(client):
    """A secretariat member who is not a superuser: rights come from the group alone."""
    user = UserFactory(username="staff", is_staff=True)
    user.groups.add(secretariat_group_sync())
    client.force_login(user)
    return client


@pytest.fixture
def one_of_each(db):
    Token.objects.create(user=UserFactory(username="someone"))
    project = PriorityProjectFactory()
    ActionPlanEventFactory(plan=project.plan)
    NotificationFactory(plan=project.plan)
    PlanAttachmentFactory(plan=project.plan)
    ChiefSmartCityOfficerFactory(city=project.plan.city)
    NationalRepresentativeFactory(member_state=project.plan.city.member_state)
    agreement = PartnershipAgreementFactory(parties=[PartnerFactory()], cities=[project.plan.city])
    agreement.projects.add(project)
    meeting = MeetingFactory()
    StrategicOutcomeFactory()
    FocusAreaFactory()
    InterestFactory(project=project)  # and its organisation
    SavedSearch.objects.create(email="watcher@example.org", query="support=finance")
    network_rows(project.plan.city, meeting)
    ImportJob.objects.create(
        resource="opendata.resources.CityResource",
        model_label="cities",
        file="imports/example.csv",
        original_name="example.csv",
        input_format="csv",
        created_by=UserFactory(username="importer"),
    )


def network_rows(city, meeting):
    """One row of each network model (governance, documents, attendance)."""
    import datetime

    from django.utils import timezone

    from network import models as network
    from partnerships.models import Programme

    Programme.objects.create(key="pg01", title="Example programme")
    network.RecordedProject.objects.create(key="a01", city=city, title="Example project")
    network.GovernanceRole.objects.create(key="chair", description="Rotating chair.")
    network.ChairTerm.objects.create(year=2026, member_state=city.member_state)
    network.ShepherdTerm.objects.create(
        key="x-2025", member_state=city.member_state, period="2025-2027", starts="2025"
    )
    network.NetworkSizeStatement.objects.create(
        key="size-x", as_of=datetime.date(2025, 1, 1), statement="Example"
    )
    network.Document.objects.create(slug="example", title="Example", kind="publication")
    network.MeetingAttendance.objects.create(
        meeting=meeting, city=city, attendee="officer", confirmed_at=timezone.now()
    )


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_portal_model_is_registered():
    labels = set(MODEL_IDS)
    assert {
        "accounts.User",
        "cities.MemberState",
        "cities.City",
        "cities.StrategicOutcome",
        "cities.FocusArea",
        "plans.ActionPlan",
        "plans.ActionPlanEvent",
        "plans.PriorityProject",
        "representatives.NationalRepresentative",
        "representatives.ChiefSmartCityOfficer",
        "partnerships.Partner",
        "partnerships.PartnershipAgreement",
        "partnerships.Meeting",
    } <= labels


def test_admin_is_titled_for_the_secretariat(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "ASCN Secretariat" in response.text


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_changelist_renders_for_secretariat(staff_client, one_of_each, model):
    response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    search = staff_client.get(admin_url(model, "changelist"), {"q": "example"})
    assert search.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_add_page_renders_unless_append_only(staff_client, one_of_each, model):
    response = staff_client.get(admin_url(model, "add"))
    read_only = {
        "actionplanevent",
        "notification",
        "planattachment",
        "interest",
        "meetingattendance",
        "importjob",
    }
    expected = 403 if model._meta.model_name in read_only else 200
    assert response.status_code == expected


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_change_page_renders_for_secretariat(staff_client, one_of_each, model):
    obj = model._default_manager.first()
    response = staff_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_anonymous_visitor_is_sent_to_login(client, one_of_each, model):
    obj = model._default_manager.first()
    for url in (admin_url(model, "changelist"), admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "model", SUPERUSER_ONLY, ids=[model._meta.label for model in SUPERUSER_ONLY]
)
def test_secretariat_cannot_open_superuser_only_models(staff_client, one_of_each, model):
    """Finding 4: the secretariat could read other people's API tokens and edit groups
    and permissions."""
    assert staff_client.get(admin_url(model, "changelist")).status_code == 403


def test_user_without_secretariat_role_cannot_open_the_admin(client, one_of_each):
    client.force_login(UserFactory(username="outsider", is_staff=False))
    response = client.get(reverse("admin:cities_city_changelist"))
    assert response.status_code == 302


def test_city_change_page_links_to_its_location(staff_client, one_of_each):
    city = City.objects.first()
    response = staff_client.get(admin_url(City, "change", city.pk))
    assert f"mlat={city.latitude}" in response.text


def test_action_plan_status_is_read_only_in_admin(staff_client, one_of_each):
    plan = ActionPlan.objects.first()
    response = staff_client.get(admin_url(ActionPlan, "change", plan.pk))
    assert 'name="status"' not in response.text


def test_member_state_change_page_lists_its_cities(staff_client, one_of_each):
    city = City.objects.first()
    response = staff_client.get(admin_url(MemberState, "change", city.member_state.pk))
    assert city.slug in response.text
