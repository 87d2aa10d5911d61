"""The plans app's public datasets: action plans and priority projects as downloaded.
Both start from `visible_to(user)`: an anonymous download holds approved plans only."""

from django.utils.translation import gettext_lazy as _

from core.downloads import Column, Dataset

from .filters import ActionPlanFilterSet, PriorityProjectFilterSet
from .models import ActionPlan, PriorityProject

ACTION_PLANS = Dataset(
    key="action-plans",
    title=_("Smart City Action Plans"),
    description=_(
        "The approved action plans of the member cities, earlier approved versions "
        "included: their period, vision, summary and focus areas."
    ),
    model=ActionPlan,
    rows=lambda user: ActionPlan.objects.visible_to(user),
    filterset_class=ActionPlanFilterSet,
    columns=[
        Column("uuid"),
        Column("city", "city.slug"),
        Column("city_name", "city.name", title=_("City name")),
        Column("member_state", "city.member_state.iso_alpha2"),
        Column("title"),
        Column("period_start_year"),
        Column("period_end_year"),
        Column("vision"),
        Column("summary"),
        Column("focus_areas", related="focus_areas.key"),
        Column("status"),
        Column("version"),
        Column("published_at"),
        Column("updated_at"),
    ],
    geometry=("city.longitude", "city.latitude"),
    ordering=("city__name", "-period_start_year", "-version"),
)

PROJECTS = Dataset(
    key="projects",
    title=_("Priority projects"),
    description=_(
        "The priority projects of the published action plans: what each city seeks to "
        "build, its estimated cost, funding status and whether it looks for partners."
    ),
    model=PriorityProject,
    rows=lambda user: PriorityProject.objects.visible_to(user),
    filterset_class=PriorityProjectFilterSet,
    columns=[
        Column("uuid"),
        Column("plan", "plan.uuid"),
        Column("city", "plan.city.slug"),
        Column("member_state", "plan.city.member_state.iso_alpha2"),
        Column("title"),
        Column("description"),
        Column("focus_areas", related="focus_areas.key"),
        Column("estimated_cost"),
        Column("currency"),
        Column("funding_status"),
        Column("is_seeking_partners"),
        Column("start_year"),
        Column("end_year"),
        Column("source_url"),
        Column("updated_at"),
    ],
    geometry=("plan.city.longitude", "plan.city.latitude"),
    ordering=("plan__city__name", "position", "title"),
)
