"""A hand-counted network for the statistics: what is published, and what must not be
counted (drafts, withdrawn plans, superseded versions, inactive cities)."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import (
    ActionPlanFactory,
    CityFactory,
    FocusAreaFactory,
    MeetingFactory,
    MemberStateFactory,
    PartnerFactory,
    PartnershipAgreementFactory,
    PriorityProjectFactory,
)


def _at(year, month=6):
    return datetime.datetime(year, month, 1, tzinfo=datetime.UTC)


@pytest.fixture
def counted(db):
    alpha = MemberStateFactory(name="Alphaland", iso_alpha2="AA", iso_alpha3="AAA")
    beta = MemberStateFactory(name="Betaland", iso_alpha2="BB", iso_alpha3="BBB")
    mobility = FocusAreaFactory(key="mobility", name="Mobility")
    health = FocusAreaFactory(key="health", name="Health")
    a1 = CityFactory(name="A One", member_state=alpha, joined_year=2018, cohort="pilot_2018")
    a2 = CityFactory(name="A Two", member_state=alpha, joined_year=2023, cohort="later")
    b1 = CityFactory(name="B One", member_state=beta, joined_year=2018, cohort="pilot_2018")
    gone = CityFactory(name="Gone", member_state=alpha, joined_year=2018, is_active=False)

    # A One: version 1 (2 projects) superseded by an approved version 2 (3 projects).
    v1 = ActionPlanFactory(city=a1, status="approved", version=1, published_at=_at(2023))
    for _ in range(2):
        PriorityProjectFactory(plan=v1, estimated_cost=Decimal("999"), currency="USD")
    v2 = ActionPlanFactory(
        city=a1, status="approved", version=2, supersedes=v1, published_at=_at(2024)
    )
    p1 = PriorityProjectFactory(
        plan=v2, estimated_cost=Decimal("100"), currency="USD", funding_status="funded"
    )
    p1.focus_areas.add(mobility, health)
    PriorityProjectFactory(
        plan=v2, estimated_cost=Decimal("50.50"), currency="USD", is_seeking_partners=True
    ).focus_areas.add(mobility)
    PriorityProjectFactory(plan=v2, estimated_cost=None, currency="")
    # A Two: only a draft.
    draft = ActionPlanFactory(city=a2, status="draft")
    PriorityProjectFactory(plan=draft, estimated_cost=Decimal("7"), currency="USD")
    # B One: an approved plan with one project in EUR, and a withdrawn plan.
    b_plan = ActionPlanFactory(city=b1, status="approved", published_at=_at(2024, 9))
    PriorityProjectFactory(
        plan=b_plan, estimated_cost=Decimal("1000"), currency="EUR", is_seeking_partners=True
    ).focus_areas.add(health)
    withdrawn = ActionPlanFactory(city=b1, status="withdrawn")
    PriorityProjectFactory(plan=withdrawn, estimated_cost=Decimal("5"), currency="EUR")
    # The inactive city's approved plan counts nowhere.
    hidden = ActionPlanFactory(city=gone, status="approved", published_at=_at(2024))
    PriorityProjectFactory(plan=hidden, estimated_cost=Decimal("1"), currency="USD")

    agreement = PartnershipAgreementFactory(
        signed_on=datetime.date(2024, 3, 1), cities=[a1], parties=[PartnerFactory(kind="private")]
    )
    PartnershipAgreementFactory(
        signed_on=datetime.date(2019, 3, 1),
        cities=[b1],
        parties=[PartnerFactory(kind="external_government")],
    )
    MeetingFactory(name="Meeting 2024", year=2024, start_on=datetime.date(2024, 7, 1))
    MeetingFactory(name="Meeting 2023", year=2023, start_on=datetime.date(2023, 7, 1))
    return {
        "alpha": alpha,
        "beta": beta,
        "a1": a1,
        "a2": a2,
        "b1": b1,
        "v2": v2,
        "b_plan": b_plan,
        "agreement": agreement,
    }
