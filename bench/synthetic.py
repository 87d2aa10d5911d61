"""Deterministic synthetic networks for benchmarks: N cities spread over the member
states in proportion to their local governments, each with plans in every workflow
state, M priority projects on its current plan, and partnerships among them. Points
fall inside each member state's outline (static/geo). Bulk inserts keep it fast."""

import datetime
import random
import uuid
from decimal import Decimal

from django.db import transaction

from cities.models import City, CityCohort, FocusArea, MemberState
from core.cache import PUBLIC_NAMESPACE, namespace_bump
from core.geo import member_state_shapes, point_in_ring
from partnerships.models import Partner, PartnershipAgreement
from plans.models import ActionPlan, ActionPlanStatus, FundingStatus, PriorityProject, SupportKind
from plans.services import city_publication_refresh

SLUG_PREFIX = "syn-"
PUBLISHED_AT = datetime.datetime(2025, 1, 15, tzinfo=datetime.UTC)
BATCH = 2000

# Rough share of ASEAN's local governments by member state.
WEIGHTS = {
    "ID": 40,
    "PH": 15,
    "VN": 12,
    "TH": 10,
    "MM": 6,
    "MY": 4,
    "KH": 4,
    "LA": 3,
    "TL": 1,
    "SG": 0.5,
    "BN": 0.5,
}
SYLLABLES = {
    "ID": ["Su", "ma", "ra", "Ja", "ya", "ban", "dung", "ma", "lang", "Pe", "ka", "lo", "ngan"],
    "PH": ["San", "ta", "Ma", "ni", "la", "Ba", "tan", "gas", "Lu", "ce", "na", "Ca", "vi"],
    "VN": ["Ha", "Thanh", "Long", "Binh", "Phu", "Tan", "An", "Dong", "Quang", "Ninh"],
    "TH": ["Ban", "Nong", "Khon", "Chai", "Sa", "Mueang", "Phra", "Lam", "Buri", "Wat"],
    "MM": ["Myit", "Kyi", "Taung", "Pyin", "Oo", "Kyauk", "Se", "Min", "Ma", "Gyi"],
    "MY": ["Ku", "ala", "Ba", "tu", "Se", "ri", "Kam", "pung", "Ipoh", "Ta", "wau"],
    "KH": ["Kam", "pong", "Svay", "Pre", "ah", "Ta", "keo", "Prey", "Veng", "Sen"],
    "LA": ["Muang", "Xay", "Phon", "Vang", "Sa", "na", "Pak", "Se", "Don", "Kham"],
    "TL": ["Ai", "leu", "Bau", "cau", "Lau", "tem", "Ma", "liana", "Sa", "me"],
    "SG": ["Tam", "pines", "Bu", "kit", "Se", "rangoon", "Jurong", "Toa", "Payoh"],
    "BN": ["Tu", "tong", "Be", "lait", "Mu", "ara", "Lim", "bang", "Sen", "gkurong"],
}
PLAN_STATES = (
    [ActionPlanStatus.APPROVED] * 12
    + [ActionPlanStatus.DRAFT] * 3
    + [ActionPlanStatus.SUBMITTED] * 2
    + [ActionPlanStatus.ENDORSED, ActionPlanStatus.RETURNED, ActionPlanStatus.WITHDRAWN]
)


def _point_in(rng, polygons):
    """A random point inside one of the polygons (weighted by bounding-box area)."""
    boxes = []
    for polygon in polygons:
        ring = polygon[0]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        boxes.append((min(xs), min(ys), max(xs), max(ys), ring))
    areas = [(b[2] - b[0]) * (b[3] - b[1]) for b in boxes]
    for _ in range(10_000):
        x0, y0, x1, y1, ring = rng.choices(boxes, weights=areas)[0]
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if point_in_ring(x, y, ring):
            return Decimal(f"{y:.6f}"), Decimal(f"{x:.6f}")
    raise RuntimeError("no point found inside the outline")


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _name(rng, code):
    parts = SYLLABLES[code]
    return "".join(rng.choice(parts) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_delete():
    """Remove a previous synthetic network (and nothing else)."""
    with transaction.atomic():
        cities = City.objects.filter(slug__startswith=SLUG_PREFIX)
        PartnershipAgreement.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Partner.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        PriorityProject.objects.filter(plan__city__in=cities).delete()
        ActionPlan.objects.filter(city__in=cities).delete()
        cities.delete()
    namespace_bump(PUBLIC_NAMESPACE)


def synthetic_generate(*, cities, projects_per_city, seed):
    """Create the synthetic network; returns the counts made."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    outlines = member_state_shapes()
    states = {s.iso_alpha2: s for s in MemberState.objects.all()}
    codes = [c for c in WEIGHTS if c in states]
    areas = list(FocusArea.objects.all())
    synthetic_delete()
    with transaction.atomic():
        rows = []
        for i in range(cities):
            code = rng.choices(codes, weights=[WEIGHTS[c] for c in codes])[0]
            latitude, longitude = _point_in(rng, outlines[code])
            name = _name(rng, code)
            joined = rng.choice([2018] * 5 + [2023, 2024, 2025, 2026])
            rows.append(
                City(
                    name=name,
                    ascn_listed_name=name,
                    slug=f"{SLUG_PREFIX}{i:05d}-{name.lower()}"[:100],
                    member_state=states[code],
                    latitude=latitude,
                    longitude=longitude,
                    population=rng.randint(5_000, 2_000_000),
                    population_year=2020,
                    population_scope="municipality (synthetic)",
                    joined_year=joined,
                    cohort=CityCohort.PILOT_2018 if joined == 2018 else CityCohort.LATER,
                    description=f"Synthetic city {i} for benchmarks.",
                )
            )
        made_cities = City.objects.bulk_create(rows, batch_size=BATCH)
        plans = ActionPlan.objects.bulk_create(
            (
                ActionPlan(
                    uuid=_uuid(rng),
                    city=city,
                    title=f"{city.name} Smart City Action Plan",
                    period_start_year=2025,
                    period_end_year=2030,
                    summary="Synthetic plan.",
                    status=PLAN_STATES[i % len(PLAN_STATES)],
                    published_at=(
                        PUBLISHED_AT
                        if PLAN_STATES[i % len(PLAN_STATES)] == ActionPlanStatus.APPROVED
                        else None
                    ),
                )
                for i, city in enumerate(made_cities)
            ),
            batch_size=BATCH,
        )
        projects = PriorityProject.objects.bulk_create(
            (
                PriorityProject(
                    uuid=_uuid(rng),
                    plan=plan,
                    title=f"Project {j + 1} of {plan.city.name}",
                    description="Synthetic priority project.",
                    estimated_cost=Decimal(rng.randint(1, 500) * 100_000),
                    currency="USD",
                    funding_status=rng.choice(FundingStatus.values),
                    is_seeking_partners=rng.random() < 0.4,
                    support_kinds=[SupportKind.values[j % len(SupportKind.values)]],
                    start_year=2025,
                    end_year=2028,
                    position=j,
                )
                for plan in plans
                for j in range(projects_per_city)
            ),
            batch_size=BATCH,
        )
        if areas:
            through = PriorityProject.focus_areas.through
            through.objects.bulk_create(
                (
                    through(priorityproject_id=p.pk, focusarea_id=rng.choice(areas).pk)
                    for p in projects
                ),
                batch_size=BATCH,
            )
        partners = Partner.objects.bulk_create(
            Partner(name=f"Synthetic partner {k}", slug=f"{SLUG_PREFIX}partner-{k}", kind="private")
            for k in range(max(1, cities // 200))
        )
        agreements = PartnershipAgreement.objects.bulk_create(
            (
                PartnershipAgreement(
                    title=f"Synthetic agreement {k}",
                    slug=f"{SLUG_PREFIX}agreement-{k}",
                    kind=rng.choice(["mou", "fund", "agreement", "programme"]),
                    amount=Decimal(rng.randint(1, 100) * 1_000_000),
                    currency="USD",
                )
                for k in range(max(1, cities // 20))
            ),
            batch_size=BATCH,
        )
        city_links = PartnershipAgreement.cities.through
        city_links.objects.bulk_create(
            (
                city_links(partnershipagreement_id=a.pk, city_id=rng.choice(made_cities).pk)
                for a in agreements
            ),
            batch_size=BATCH,
        )
        party_links = PartnershipAgreement.parties.through
        party_links.objects.bulk_create(
            (
                party_links(partnershipagreement_id=a.pk, partner_id=rng.choice(partners).pk)
                for a in agreements
            ),
            batch_size=BATCH,
        )
        city_publication_refresh(cities=[city.pk for city in made_cities])
    namespace_bump(PUBLIC_NAMESPACE)
    return {
        "cities": len(made_cities),
        "plans": len(plans),
        "projects": len(projects),
        "agreements": len(agreements),
    }
