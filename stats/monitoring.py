"""The secretariat's monitoring figures, the ones the manual monitoring report counted:
plans by status and member state, review times, overdue reviews, cities without a
current plan. Every plan is counted here (not only the published ones): this is for the
secretariat only."""

import datetime
import statistics

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from cities.models import City
from partnerships.models import Interest, InterestStatus
from plans.models import ActionPlan, ActionPlanEvent, ActionPlanStatus
from representatives.models import NationalRepresentative

YEAR = datetime.timedelta(days=365)


def plans_by_status_and_member_state():
    """[(member state name, {status: n})] and the statuses in workflow order."""
    table = {}
    for state, status, n in (
        ActionPlan.objects.values_list("city__member_state__name", "status")
        .annotate(n=Count("pk"))
        .order_by("city__member_state__name")
    ):
        table.setdefault(state, {})[status] = n
    return list(table.items()), ActionPlanStatus.choices


def _percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    index = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[index]


def review_times(*, now=None):
    """Days from submitted to endorsed and from endorsed to approved, per member state,
    for moves made in the last 12 months: (member state, step, count, median, p90)."""
    now = now or timezone.now()
    since = now - YEAR
    steps = [
        ("submitted → endorsed", ActionPlanStatus.ENDORSED, ActionPlanStatus.SUBMITTED),
        ("endorsed → approved", ActionPlanStatus.APPROVED, ActionPlanStatus.ENDORSED),
    ]
    rows = []
    for label, reached, previous in steps:
        before = ActionPlanEvent.objects.filter(
            plan=OuterRef("plan"), to_status=previous, created_at__lte=OuterRef("created_at")
        ).order_by("-created_at")
        durations = {}
        for state, ended, started in (
            ActionPlanEvent.objects.filter(to_status=reached, created_at__gte=since)
            .annotate(started=Subquery(before.values("created_at")[:1]))
            .exclude(started__isnull=True)
            .values_list("plan__city__member_state__name", "created_at", "started")
        ):
            durations.setdefault(state, []).append((ended - started).total_seconds() / 86400)
        for state, days in sorted(durations.items()):
            rows.append(
                (
                    state,
                    label,
                    len(days),
                    round(statistics.median(days), 1),
                    round(_percentile(days, 0.9), 1),
                )
            )
    return rows


def overdue_reviews(*, now=None, days=None):
    """Plans waiting on a reviewer for longer than `days` (ASCN_REVIEW_OVERDUE_DAYS),
    oldest first, with who should act."""
    now = now or timezone.now()
    days = settings.ASCN_REVIEW_OVERDUE_DAYS if days is None else days
    waiting = (
        ActionPlan.objects.filter(
            status__in=[ActionPlanStatus.SUBMITTED, ActionPlanStatus.ENDORSED]
        )
        .annotate(waiting_since=Max("events__created_at"))
        .filter(waiting_since__lte=now - datetime.timedelta(days=days))
        .select_related("city__member_state")
        .order_by("waiting_since")
    )
    representatives = {
        rep.member_state_id: rep
        for rep in NationalRepresentative.objects.current().filter(
            member_state__in={plan.city.member_state_id for plan in waiting}
        )
    }
    result = []
    for plan in waiting:
        if plan.status == ActionPlanStatus.SUBMITTED:
            reviewer = representatives.get(plan.city.member_state_id)
            reviewer = str(reviewer) if reviewer else None
        else:
            reviewer = "Secretariat"
        result.append((plan, (now - plan.waiting_since).days, reviewer))
    return result


def cities_without_current_plan(*, now=None):
    """Active cities with no published plan, or whose plan was published over a year ago."""
    now = now or timezone.now()
    latest = (
        ActionPlan.objects.published()
        .filter(city=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return (
        City.objects.active()
        .annotate(published_at=Subquery(latest))
        .filter(Q(published_at__isnull=True) | Q(published_at__lt=now - YEAR))
        .select_related("member_state")
        .order_by("member_state__name", "name")
    )


def interests_by_status():
    """The brokering: expressions of interest by status, [(label, n)] in workflow order."""
    counts = dict(Interest.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [(label, counts.get(status, 0)) for status, label in InterestStatus.choices]
