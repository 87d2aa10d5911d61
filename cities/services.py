"""Writes on action plans and their priority projects, with the rules of who may make
them. Interfaces (web forms, API, admin actions) call these and nothing else."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import ActionPlan, ActionPlanEvent, ActionPlanStatus, City, PriorityProject

PLAN_FIELDS = ("title", "period_start_year", "period_end_year", "vision", "summary")
PROJECT_FIELDS = (
    "title",
    "description",
    "estimated_cost",
    "currency",
    "funding_status",
    "is_seeking_partners",
    "start_year",
    "end_year",
    "source_url",
    "position",
)


def user_may_draft_for(user, city):
    """The secretariat drafts for any city; a CSCO for its own city only."""
    if not user.is_authenticated:
        return False
    return user.is_secretariat or City.objects.officered_by(user).filter(pk=city.pk).exists()


def _editable_plan(user, plan):
    if not ActionPlan.objects.editable_by(user).filter(pk=plan.pk).exists():
        if plan.status != ActionPlanStatus.DRAFT:
            raise PermissionDenied(_("Only a draft plan can be changed."))
        raise PermissionDenied(_("You may not change this city's plans."))


def _apply(instance, fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def action_plan_create(*, user, city, focus_areas=(), **fields):
    """Start a new draft plan for a city and record its creation in the history."""
    if not user_may_draft_for(user, city):
        raise PermissionDenied(_("You may only draft plans for your own city."))
    plan = ActionPlan(city=city, status=ActionPlanStatus.DRAFT, created_by=user)
    _apply(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    plan.focus_areas.set(focus_areas)
    ActionPlanEvent.objects.create(
        plan=plan, actor=user, from_status="", to_status=ActionPlanStatus.DRAFT
    )
    return plan


@transaction.atomic
def action_plan_update(*, user, plan, focus_areas=None, **fields):
    """Change a draft plan's text, period or focus areas."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _editable_plan(user, plan)
    fields.pop("city", None)  # a plan never moves to another city
    _apply(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    if focus_areas is not None:
        plan.focus_areas.set(focus_areas)
    return plan


@transaction.atomic
def action_plan_delete(*, user, plan):
    """Delete a plan: the secretariat's clean-up only; cities withdraw plans instead."""
    if not user.is_secretariat:
        raise PermissionDenied(_("Only the secretariat deletes plans; withdraw it instead."))
    plan.delete()


@transaction.atomic
def priority_project_create(*, user, plan, focus_areas=(), **fields):
    """Add a priority project to a draft plan."""
    _editable_plan(user, plan)
    project = PriorityProject(plan=plan)
    _apply(project, fields, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    project.focus_areas.set(focus_areas)
    plan.save(update_fields=["updated_at"])
    return project


@transaction.atomic
def priority_project_update(*, user, project, focus_areas=None, **fields):
    """Change a project of a draft plan."""
    _editable_plan(user, project.plan)
    fields.pop("plan", None)  # a project never moves to another plan
    _apply(project, fields, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    if focus_areas is not None:
        project.focus_areas.set(focus_areas)
    project.plan.save(update_fields=["updated_at"])
    return project


@transaction.atomic
def priority_project_delete(*, user, project):
    """Remove a project from a draft plan."""
    _editable_plan(user, project.plan)
    plan = project.plan
    project.delete()
    plan.save(update_fields=["updated_at"])
