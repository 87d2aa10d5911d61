"""`manage.py demo` leaves the marketplace ready to try: a verified demo organisation
account and published projects seeking partners in demo CSCOs' cities."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from cities.models import City
from partnerships import services
from plans.models import PriorityProject
from representatives.models import ChiefSmartCityOfficer


@pytest.mark.django_db
def test_demo_adds_a_verified_partner_and_projects_seeking_partners(settings):
    settings.DEBUG = True
    call_command("seed", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    organisation = services.organisation_of(User.objects.get(username="partner-demo"))
    assert organisation is not None and organisation.is_verified
    seeking = PriorityProject.objects.seeking_partners().select_related("plan__city")
    demo = [p for p in seeking if p.title.startswith("Demo:")]
    assert len(demo) == 3
    officered = {
        officer.city.slug
        for officer in ChiefSmartCityOfficer.objects.current().select_related("user", "city")
        if officer.user and officer.user.username == f"csco-{officer.city.slug}"
    }
    assert {p.plan.city.slug for p in demo} <= officered
    assert all(p.support_kinds and p.need_description for p in demo)
    assert City.objects.get(slug="bangkok").seeking_project_count >= 2
