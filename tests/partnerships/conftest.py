"""The marketplace's people: a published project seeking partners in City A; a verified
organisation's member, an unverified organisation's member, another verified
organisation's member; City A's CSCO, City B's CSCO, A's national representative and
the secretariat."""

import pytest

from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    NationalRepresentativeFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    PriorityProjectFactory,
    UserFactory,
)

MARK = "PRIVATE-MARK-7f3a"  # must never reach an anonymous response

ROLES = [
    "anonymous",
    "unverified_org",
    "verified_org",
    "other_org",
    "csco",
    "other_csco",
    "national_rep",
    "secretariat",
]


@pytest.fixture
def market(db):
    area = FocusAreaFactory(key="mobility", name="Mobility")
    city_a = CityFactory(slug="city-a", name="City A")
    city_b = CityFactory(slug="city-b", name="City B")
    plan = ActionPlanFactory(city=city_a, status="approved", title="Plan of A")
    plan_b = ActionPlanFactory(city=city_b, status="approved", title="Plan of B")
    draft = ActionPlanFactory(city=city_a, status="draft", title="Draft of A")
    project = PriorityProjectFactory(
        plan=plan,
        title="Smart buses",
        is_seeking_partners=True,
        support_kinds=["finance", "technology"],
        need_description="Electric buses and a depot.",
        estimated_cost="2000000",
        currency="USD",
        funding_status="seeking",
    )
    project.focus_areas.set([area])
    users = {"anonymous": None}
    verified = OrganisationFactory(
        name="Verified Org",
        slug="verified-org",
        contact_email=f"{MARK}@org.example",
        contact_phone=f"+00 {MARK}",
        contact_name=f"Contact {MARK}",
    )
    other = OrganisationFactory(name="Other Org", slug="other-org")
    unverified = OrganisationFactory(name="New Org", slug="new-org", verified_at=None)
    for role, organisation in (
        ("verified_org", verified),
        ("other_org", other),
        ("unverified_org", unverified),
    ):
        users[role] = UserFactory(username=role.replace("_", "-"))
        OrganisationMemberFactory(organisation=organisation, user=users[role])
    users["csco"] = UserFactory(username="csco-a")
    users["other_csco"] = UserFactory(username="csco-b")
    users["national_rep"] = UserFactory(username="rep-a")
    users["secretariat"] = UserFactory(username="staff", secretariat=True)
    ChiefSmartCityOfficerFactory(city=city_a, user=users["csco"])
    ChiefSmartCityOfficerFactory(city=city_b, user=users["other_csco"])
    NationalRepresentativeFactory(member_state=city_a.member_state, user=users["national_rep"])
    from plans.services import city_publication_refresh

    city_publication_refresh()
    return {
        "area": area,
        "city_a": city_a,
        "city_b": city_b,
        "plan": plan,
        "plan_b": plan_b,
        "draft": draft,
        "project": project,
        "other_project": PriorityProjectFactory(plan=plan_b, title="Quiet project"),
        "draft_project": PriorityProjectFactory(
            plan=draft, title="Draft seeking project", is_seeking_partners=True
        ),
        "verified": verified,
        "other": other,
        "unverified": unverified,
        "users": users,
    }


@pytest.fixture
def interest(market):
    """An interest of the verified organisation in City A's project, with a message."""
    from partnerships import services

    interest = services.interest_create(
        user=market["users"]["verified_org"],
        project=market["project"],
        support=["technology"],
        message=f"We offer buses. {MARK}",
        amount="500000",
        currency="USD",
    )
    services.interest_message_post(
        user=market["users"]["verified_org"], interest=interest, body=f"Thread {MARK}"
    )
    return interest
