"""Every write on action plans, their projects and attachments, and the plan workflow,
with the rules of who may make them. Interfaces (web forms, the API, the admin, tasks)
call these and nothing else; nothing else writes a plan's status. The workflow's moves
are the table in plans.workflow; who a user is comes from representatives.roles."""

import datetime
import logging
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import City
from core.cache import PUBLIC_NAMESPACE, namespace_bump
from core.exceptions import InvalidTransition
from representatives import roles
from representatives.roles import Role

from . import workflow
from .models import (
    ActionPlan,
    ActionPlanEvent,
    ActionPlanStatus,
    Notification,
    NotificationKind,
    PlanAttachment,
    PriorityProject,
)
from .outbox import notification_emails_dispatch

logger = logging.getLogger(__name__)

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
Status = ActionPlanStatus


class EditConflict(ValidationError):
    """Someone saved the plan since this copy was opened."""


def user_may_draft_for(user, city):
    """The secretariat drafts for any city; a CSCO for its own city only."""
    return bool(roles.roles_in_city(user, city) & {Role.OFFICER, Role.SECRETARIAT})


def _editable_plan(user, plan):
    if not ActionPlan.objects.editable_by(user).filter(pk=plan.pk).exists():
        if plan.status != Status.DRAFT:
            raise PermissionDenied(_("Only a draft plan can be changed."))
        raise PermissionDenied(_("You may not change this city's plans."))


def _apply(instance, fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _touch(plan):
    """Record an edit: the plan's edit count goes up, so older copies conflict."""
    ActionPlan.objects.filter(pk=plan.pk).update(
        lock_version=models.F("lock_version") + 1, updated_at=timezone.now()
    )
    plan.refresh_from_db(fields=["lock_version", "updated_at"])


# ------------------------------------------------------------------------------
# Drafting
# ------------------------------------------------------------------------------
@transaction.atomic
def action_plan_create(*, user, city, focus_areas=(), **fields):
    """Start a new draft plan for a city and record its creation in the history."""
    if not user_may_draft_for(user, city):
        raise PermissionDenied(_("You may only draft plans for your own city."))
    plan = ActionPlan(city=city, status=Status.DRAFT, created_by=user)
    _apply(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.save()
    plan.focus_areas.set(focus_areas)
    ActionPlanEvent.objects.create(plan=plan, actor=user, from_status="", to_status=Status.DRAFT)
    return plan


@transaction.atomic
def action_plan_update(*, user, plan, focus_areas=None, expected_version=None, **fields):
    """Change a draft plan's text, period or focus areas. With `expected_version` (the
    edit count the editor's copy was based on), a save over someone else's newer save
    is refused with EditConflict instead of silently overwriting it."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _editable_plan(user, plan)
    if expected_version is not None and int(expected_version) != plan.lock_version:
        raise EditConflict(
            _(
                "Someone else saved this plan while you were editing it. Your changes are "
                "still in the form below: compare them with the saved plan, then save again."
            ),
            code="conflict",
        )
    fields.pop("city", None)  # a plan never moves to another city
    _apply(plan, fields, PLAN_FIELDS)
    plan.full_clean()
    plan.lock_version += 1
    plan.save()
    if focus_areas is not None:
        plan.focus_areas.set(focus_areas)
    return plan


@transaction.atomic
def action_plan_save(*, user, plan, fields, focus_areas, expected_version, projects=()):
    """Save the drafting form in one go: the plan's text (refused with EditConflict if
    someone saved since `expected_version`) and its projects. `projects` holds dicts
    {"instance": project or None, "fields": {...}, "focus_areas": [...], "delete": bool}."""
    plan = action_plan_update(
        user=user, plan=plan, focus_areas=focus_areas, expected_version=expected_version, **fields
    )
    for change in projects:
        project = change.get("instance")
        if change.get("delete"):
            if project is not None and project.pk:
                priority_project_delete(user=user, project=project)
        elif project is not None and project.pk:
            priority_project_update(
                user=user, project=project, focus_areas=change["focus_areas"], **change["fields"]
            )
        else:
            priority_project_create(
                user=user, plan=plan, focus_areas=change["focus_areas"], **change["fields"]
            )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def action_plan_delete(*, user, plan):
    """Delete a plan: the secretariat's clean-up only; cities withdraw plans instead."""
    if not roles.is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat deletes plans; withdraw it instead."))
    city_id = plan.city_id
    plan.delete()
    city_publication_refresh(cities=[city_id])


@transaction.atomic
def priority_project_create(*, user, plan, focus_areas=(), **fields):
    """Add a priority project to a draft plan."""
    _editable_plan(user, plan)
    project = PriorityProject(plan=plan)
    _apply(project, fields, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    project.focus_areas.set(focus_areas)
    _touch(plan)
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
    _touch(project.plan)
    return project


@transaction.atomic
def priority_project_delete(*, user, project):
    """Remove a project from a draft plan."""
    _editable_plan(user, project.plan)
    plan = project.plan
    project.delete()
    _touch(plan)


# ------------------------------------------------------------------------------
# Attachments
# ------------------------------------------------------------------------------
def check_pdf(uploaded):
    """Accept a real PDF of at most 10 MB, judged by its content, not its name."""
    if uploaded.size > PlanAttachment.MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; attachments may be at most 10 MB."),
            code="too_large",
            params={"size": uploaded.size / 1024 / 1024},
        )
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(max(uploaded.size - 2048, 0))
    tail = uploaded.read()
    uploaded.seek(0)
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError(
            _("This file is not a PDF document. Attach PDF files only."), code="not_pdf"
        )


@transaction.atomic
def plan_attachment_add(*, user, plan, uploaded):
    """Attach a PDF to a draft plan, stored under an unguessable name."""
    _editable_plan(user, plan)
    check_pdf(uploaded)
    name = (uploaded.name or "attachment.pdf").rsplit("/", 1)[-1][:200]
    attachment = PlanAttachment(plan=plan, original_name=name, size=uploaded.size, uploaded_by=user)
    attachment.file.save("upload.pdf", uploaded, save=False)
    attachment.save()
    _touch(plan)
    return attachment


@transaction.atomic
def plan_attachment_delete(*, user, attachment):
    """Remove an attachment from a draft plan (and its file, once committed)."""
    _editable_plan(user, attachment.plan)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    _touch(attachment.plan)
    transaction.on_commit(lambda: storage.delete(name))


# ------------------------------------------------------------------------------
# Notifications (the outbox)
# ------------------------------------------------------------------------------
def plan_notify(plan, kind, recipients, *, actor=None, comment=""):
    """Write one notification per recipient in the current transaction (the outbox);
    their emails are handed to the task queue once it commits."""
    subject, body = notification_text(plan, kind, actor=actor, comment=comment)
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, plan=plan, kind=kind, subject=subject, body=body)
        for user in {u.pk: u for u in recipients if u != actor}.values()
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: notification_emails_dispatch(ids))
    return rows


def notification_text(plan, kind, *, actor=None, comment=""):
    """The subject and plain-text body of a notification about `plan`."""
    names = {"plan": plan.title, "city": plan.city.name, "version": plan.version}
    subjects = {
        NotificationKind.SUBMITTED: _("%(city)s submitted its action plan for review"),
        NotificationKind.ENDORSED: _("%(city)s's action plan was endorsed and awaits approval"),
        NotificationKind.APPROVED: _("%(city)s's action plan was approved and published"),
        NotificationKind.RETURNED: _("%(city)s's action plan was returned for changes"),
        NotificationKind.DRAFT_REMINDER: _("%(city)s's draft action plan has not moved in 30 days"),
        NotificationKind.REVIEW_REMINDER: _("%(city)s's action plan is over a year old"),
    }
    subject = subjects[kind] % names
    lines = [
        _('Plan: "%(plan)s" (version %(version)s), %(city)s.') % names,
    ]
    if actor is not None:
        lines.append(_("By: %(name)s") % {"name": actor.get_full_name() or actor.username})
    if comment:
        lines.append(_("Comment: %(comment)s") % {"comment": comment})
    lines.append(_("Open your dashboard on the ASCN Portal to see the plan and act on it."))
    return subject, "\n\n".join(lines)


# ------------------------------------------------------------------------------
# The workflow (the table is plans.workflow.MOVES)
# ------------------------------------------------------------------------------
# Who is told of each move, given the plan.
MOVE_RECIPIENTS = {
    "submit": (
        NotificationKind.SUBMITTED,
        lambda plan: [
            *roles.representative_users(plan.city.member_state),
            *roles.secretariat_users(),
        ],
    ),
    "endorse": (NotificationKind.ENDORSED, lambda plan: roles.secretariat_users()),
    "approve": (NotificationKind.APPROVED, lambda plan: roles.officer_users(plan.city)),
    "return": (NotificationKind.RETURNED, lambda plan: roles.officer_users(plan.city)),
}

ROLE_REFUSALS = {
    "submit": _("Only the city's CSCO submits its plan."),
    "endorse": _("Only the member state's national representative endorses its plans."),
    "approve": _("Only the secretariat approves."),
    "return": _(
        "Only the reviewer whose turn it is returns a plan: the national representative a "
        "submitted plan, the secretariat an endorsed one."
    ),
    "reopen": _("Only the city's CSCO reopens its plan."),
    "withdraw": _("Only the city's CSCO withdraws its plan."),
    workflow.REVISE: _("Only the city's CSCO revises its plan."),
}


def _locked_move(*, user, plan, name, comment=""):
    """Lock the plan's row, then find the move in the table and check the user's role
    and the comment against the status as it is now (not as the caller saw it).
    Returns the locked plan, the move and the cleaned comment."""
    plan = (
        ActionPlan.objects.select_for_update().select_related("city__member_state").get(pk=plan.pk)
    )
    held = roles.roles_in_city(user, plan.city)
    move = workflow.move_from(name, plan.status)
    if move is None:
        if not held & workflow.roles_for(name):
            raise PermissionDenied(ROLE_REFUSALS[name])
        raise InvalidTransition(
            _("A plan that is %(status)s cannot be %(target)s.")
            % {
                "status": plan.get_status_display().lower(),
                "target": _move_label(name),
            }
        )
    if move.role not in held:
        raise PermissionDenied(ROLE_REFUSALS[name])
    comment = (comment or "").strip()
    if move.comment_required and not comment:
        raise ValidationError({"comment": _("Say what the city should change.")}, code="required")
    return plan, move, comment


def _move_label(name):
    labels = {
        "submit": _("submitted"),
        "endorse": _("endorsed"),
        "approve": _("approved"),
        "return": _("returned"),
        "reopen": _("reopened"),
        "withdraw": _("withdrawn"),
        workflow.REVISE: _("revised"),
    }
    return labels[name]


def action_plan_move(*, user, plan, name, comment=""):
    """Make the workflow move `name` on the plan: check it against the table (after
    locking the row), change the status, append the event, notify those concerned."""
    if name == workflow.REVISE:
        return action_plan_revise(user=user, plan=plan)
    with transaction.atomic():
        plan, move, comment = _locked_move(user=user, plan=plan, name=name, comment=comment)
        if name == "submit" and not plan.projects.exists():
            raise ValidationError(
                _("Add at least one priority project before submitting the plan."),
                code="no_project",
            )
        plan.status = move.to_status
        plan.lock_version = models.F("lock_version") + 1
        if move.to_status == ActionPlanStatus.APPROVED:
            plan.published_at = timezone.now()
        plan.save(update_fields=["status", "lock_version", "updated_at", "published_at"])
        plan.refresh_from_db(fields=["lock_version"])
        ActionPlanEvent.objects.create(
            plan=plan,
            actor=user,
            from_status=move.from_status,
            to_status=move.to_status,
            comment=comment,
        )
        if move.to_status == ActionPlanStatus.APPROVED:
            city_publication_refresh(cities=[plan.city_id])
        if name in MOVE_RECIPIENTS:
            kind, recipients = MOVE_RECIPIENTS[name]
            plan_notify(plan, kind, recipients(plan), actor=user, comment=comment)
        return plan


def available_moves(user, plan):
    """The workflow moves this user may make on the plan now, for the interfaces to
    offer (the services still check for themselves, on the locked row)."""
    moves = workflow.moves_from(plan.status, roles.roles_in_city(user, plan.city))
    if workflow.REVISE in moves and ActionPlan.objects.filter(supersedes=plan).exists():
        moves.remove(workflow.REVISE)
    return moves


def available_moves_by_plan(user, plans):
    """`available_moves` for many plans in a few queries: the user's roles read once, and
    which of the plans already have a revision read in one query. A dict by plan id."""
    plans = list(plans)
    roles_of = roles.RolesByCity(user)
    revised = set(
        ActionPlan.objects.filter(supersedes__in=[plan.pk for plan in plans]).values_list(
            "supersedes_id", flat=True
        )
    )
    moves = {}
    for plan in plans:
        names = workflow.moves_from(plan.status, roles_of(plan.city))
        if workflow.REVISE in names and plan.pk in revised:
            names.remove(workflow.REVISE)
        moves[plan.pk] = names
    return moves


def action_plan_submit(*, user, plan, comment=""):
    """The city's CSCO sends a draft with at least one project for review."""
    return action_plan_move(user=user, plan=plan, name="submit", comment=comment)


def action_plan_endorse(*, user, plan, comment=""):
    """The member state's national representative endorses a submitted plan."""
    return action_plan_move(user=user, plan=plan, name="endorse", comment=comment)


def action_plan_approve(*, user, plan, comment=""):
    """The secretariat approves an endorsed plan, which publishes it (and retires the
    version it revises from the public pages)."""
    return action_plan_move(user=user, plan=plan, name="approve", comment=comment)


def action_plan_return(*, user, plan, comment):
    """The reviewer whose turn it is sends the plan back to the city, saying why."""
    return action_plan_move(user=user, plan=plan, name="return", comment=comment)


def action_plan_reopen(*, user, plan, comment=""):
    """The CSCO takes a returned plan back into drafting."""
    return action_plan_move(user=user, plan=plan, name="reopen", comment=comment)


def action_plan_withdraw(*, user, plan, comment=""):
    """The CSCO withdraws a plan that is not yet approved."""
    return action_plan_move(user=user, plan=plan, name="withdraw", comment=comment)


@transaction.atomic
def action_plan_revise(*, user, plan):
    """Start a new draft version of a published plan, with a copy of its projects; the
    published version stays public until the revision is approved."""
    plan, _move, _comment = _locked_move(user=user, plan=plan, name=workflow.REVISE)
    if ActionPlan.objects.filter(supersedes=plan).exists():
        raise InvalidTransition(_("This plan already has a revision in progress."))
    revision = ActionPlan.objects.create(
        city=plan.city,
        title=plan.title,
        period_start_year=plan.period_start_year,
        period_end_year=plan.period_end_year,
        vision=plan.vision,
        summary=plan.summary,
        status=ActionPlanStatus.DRAFT,
        version=plan.version + 1,
        supersedes=plan,
        created_by=user,
    )
    revision.focus_areas.set(plan.focus_areas.all())
    for project in plan.projects.prefetch_related("focus_areas"):
        areas = list(project.focus_areas.all())
        project.pk = project.id = None
        project._state.adding = True
        project.plan = revision
        project.uuid = uuid.uuid4()
        project.save()
        project.focus_areas.set(areas)
    ActionPlanEvent.objects.create(
        plan=revision,
        actor=user,
        from_status="",
        to_status=ActionPlanStatus.DRAFT,
        comment=_("Revision of version %(version)s") % {"version": plan.version},
    )
    return revision


# ------------------------------------------------------------------------------
# What the public sees of a city's plans (kept on the city for its pages, map and API)
# ------------------------------------------------------------------------------
def city_publication_refresh(*, cities=None):
    """Recompute each city's published project count and published focus areas from its
    plan in force. Called when a plan is approved or deleted, by the seed and by bulk
    loaders; `cities` is a list of ids (None: every city). The public caches are retired
    once the transaction commits."""
    city_ids = None if cities is None else [getattr(c, "pk", c) for c in cities]
    scope = City.objects.all() if city_ids is None else City.objects.filter(pk__in=city_ids)
    published = PriorityProject.objects.published()
    plans = ActionPlan.objects.published()
    if city_ids is not None:
        published = published.filter(plan__city__in=city_ids)
        plans = plans.filter(city__in=city_ids)
    counts = dict(published.order_by().values_list("plan__city").annotate(n=models.Count("pk")))
    changed = []
    for city in scope.only("pk", "published_project_count"):
        count = counts.get(city.pk, 0)
        if city.published_project_count != count:
            city.published_project_count = count
            changed.append(city)
    City.objects.bulk_update(changed, ["published_project_count"], batch_size=2000)
    pairs = set(plans.filter(focus_areas__isnull=False).values_list("city", "focus_areas")) | set(
        published.filter(focus_areas__isnull=False).values_list("plan__city", "focus_areas")
    )
    through = City.published_focus_areas.through
    stale = through.objects.all() if city_ids is None else through.objects.filter(city__in=city_ids)
    stale.delete()
    through.objects.bulk_create(
        [through(city_id=city, focusarea_id=area) for city, area in sorted(pairs)],
        batch_size=5000,
    )
    transaction.on_commit(lambda: namespace_bump(PUBLIC_NAMESPACE))


# ------------------------------------------------------------------------------
# Reminders
# ------------------------------------------------------------------------------
DRAFT_IDLE = datetime.timedelta(days=30)
PLAN_AGE = datetime.timedelta(days=365)


def action_plan_reminders_send(*, now=None):
    """Remind each CSCO once per period: of a draft nobody touched for 30 days, and of
    a published plan approved over a year ago. Returns how many reminders were made."""
    now = now or timezone.now()
    made = 0
    due = [
        (
            ActionPlan.objects.filter(
                status=ActionPlanStatus.DRAFT, updated_at__lte=now - DRAFT_IDLE
            ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - DRAFT_IDLE)),
            NotificationKind.DRAFT_REMINDER,
        ),
        (
            ActionPlan.objects.published()
            .filter(published_at__lte=now - PLAN_AGE)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - PLAN_AGE)),
            NotificationKind.REVIEW_REMINDER,
        ),
    ]
    for plans, kind in due:
        for plan in plans.select_related("city"):
            with transaction.atomic():
                made += len(plan_notify(plan, kind, roles.officer_users(plan.city)))
                # Not a plan edit: the reminder time only, without touching updated_at.
                ActionPlan.objects.filter(pk=plan.pk).update(reminded_at=now)
    return made


# ------------------------------------------------------------------------------
# Notifications
# ------------------------------------------------------------------------------
@transaction.atomic
def notification_mark_read(*, user, notification):
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
