"""Helpers for query-count guards: build N cities with plans, projects, agreements and
representatives in a few bulk inserts, and count the queries of a request."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import City, FocusArea
from partnerships.models import Partner, PartnershipAgreement
from plans.models import ActionPlan, PriorityProject
from representatives.models import ChiefSmartCityOfficer
from tests.conftest import clear_caches
from tests.factories import FocusAreaFactory, MemberStateFactory


def build_network(n, *, prefix="bulk"):
    """N active cities in two member states, each with an approved plan holding two
    projects (one filed under a focus area), a draft plan, a current CSCO, and an
    agreement involving it."""
    states = [MemberStateFactory(), MemberStateFactory()]
    area = FocusArea.objects.first() or FocusAreaFactory()
    cities = City.objects.bulk_create(
        City(
            name=f"{prefix} city {i}",
            slug=f"{prefix}-city-{i}",
            member_state=states[i % 2],
            latitude=Decimal("1.3"),
            longitude=Decimal("103.8"),
            joined_year=2018,
            cohort="pilot_2018",
        )
        for i in range(n)
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(city=city, title=f"Plan of {city.name}", status=status)
        for city in cities
        for status in ("approved", "draft")
    )
    projects = PriorityProject.objects.bulk_create(
        PriorityProject(plan=plan, title=f"Project {j} of {plan.title}", position=j)
        for plan in plans
        for j in range(2)
    )
    PriorityProject.focus_areas.through.objects.bulk_create(
        PriorityProject.focus_areas.through(priorityproject_id=p.pk, focusarea_id=area.pk)
        for p in projects[::2]
    )
    ChiefSmartCityOfficer.objects.bulk_create(
        ChiefSmartCityOfficer(
            city=city,
            full_name=f"Officer {i}",
            email=f"officer{i}@example.org",
            phone="+00 1",
            is_name_public=bool(i % 2),
            term_start_on=datetime.date(2024, 1, 1),
        )
        for i, city in enumerate(cities)
    )
    partner = Partner.objects.create(name=f"{prefix} partner", slug=f"{prefix}-partner")
    agreements = PartnershipAgreement.objects.bulk_create(
        PartnershipAgreement(title=f"Agreement {i}", slug=f"{prefix}-agreement-{i}", kind="mou")
        for i in range(n)
    )
    PartnershipAgreement.cities.through.objects.bulk_create(
        PartnershipAgreement.cities.through(partnershipagreement_id=a.pk, city_id=c.pk)
        for a, c in zip(agreements, cities, strict=True)
    )
    PartnershipAgreement.parties.through.objects.bulk_create(
        PartnershipAgreement.parties.through(partnershipagreement_id=a.pk, partner_id=partner.pk)
        for a in agreements
    )
    return cities


def count_queries(client, url, **extra):
    """Queries of one request as the view answers it (the response cache emptied)."""
    clear_caches()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)
