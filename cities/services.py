"""Every write on action plans, their projects and attachments, and the plan workflow,
with the rules of who may make them. Interfaces (web forms, the API, admin actions,
tasks) call these and nothing else; nothing else writes a plan's status.

    draft --submit (CSCO)--> submitted --endorse (national rep.)--> endorsed
    endorsed --approve (secretariat)--> approved (published)
    submitted/endorsed --return (reviewer, with a comment)--> returned --reopen--> draft
    any state before approved --withdraw (CSCO)--> withdrawn
"""

import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from ascn.exceptions import InvalidTransition

from .models import (
    ActionPlan,
    ActionPlanEvent,
    ActionPlanStatus,
    City,
    MemberState,
    Notification,
    NotificationKind,
    PlanAttachment,
    PriorityProject,
)

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


# ------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------
def is_officer_of(user, city):
    """The user is the city's current Chief Smart City Officer."""
    return user.is_authenticated and City.objects.officered_by(user).filter(pk=city.pk).exists()


def is_representative_of(user, member_state):
    """The user is the member state's current National Representative."""
    return (
        user.is_authenticated
        and MemberState.objects.represented_by(user).filter(pk=member_state.pk).exists()
    )


def user_may_draft_for(user, city):
    """The secretariat drafts for any city; a CSCO for its own city only."""
    return user.is_authenticated and (user.is_secretariat or is_officer_of(user, city))


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
    plan.lock_version += 1
    plan.save(update_fields=["lock_version", "updated_at"])


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
# The workflow
# ------------------------------------------------------------------------------
def secretariat_users():
    return User.objects.filter(
        Q(groups__name=settings.ASCN_SECRETARIAT_GROUP) | Q(is_superuser=True), is_active=True
    ).distinct()


def officer_users(city):
    return User.objects.filter(
        is_active=True,
        chiefsmartcityofficer__city=city,
        chiefsmartcityofficer__term_end_on__isnull=True,
    )


def representative_users(member_state):
    return User.objects.filter(
        is_active=True,
        nationalrepresentative__member_state=member_state,
        nationalrepresentative__term_end_on__isnull=True,
    )


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
        transaction.on_commit(lambda: dispatch_notification_emails(ids))
    return rows


def notification_text(plan, kind, *, actor=None, comment=""):
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


def dispatch_notification_emails(ids):
    """Hand the emails to the task queue. If the broker is unreachable the rows stay
    pending and the periodic outbox task sends them later: delayed, never lost."""
    from .tasks import notification_email_send

    for notification_id in ids:
        try:
            notification_email_send.delay(notification_id)
        except Exception:  # the broker is down: the outbox task will deliver
            logger.warning(
                "task queue unreachable; notification %s stays pending",
                notification_id,
                exc_info=True,
            )


def _transition(plan, *, user, to_status, allowed_from, comment=""):
    plan = (
        ActionPlan.objects.select_for_update().select_related("city__member_state").get(pk=plan.pk)
    )
    if plan.status not in allowed_from:
        raise InvalidTransition(
            _("A plan that is %(status)s cannot be %(target)s.")
            % {
                "status": plan.get_status_display().lower(),
                "target": Status(to_status).label.lower(),
            }
        )
    from_status = plan.status
    plan.status = to_status
    plan.lock_version += 1
    if to_status == Status.APPROVED:
        plan.published_at = timezone.now()
    plan.save(update_fields=["status", "lock_version", "updated_at", "published_at"])
    ActionPlanEvent.objects.create(
        plan=plan, actor=user, from_status=from_status, to_status=to_status, comment=comment
    )
    return plan


def available_moves(user, plan):
    """The workflow moves this user may make on the plan now, for the interfaces to
    offer (each service still checks for itself)."""
    status = plan.status
    officer = is_officer_of(user, plan.city)
    representative = is_representative_of(user, plan.city.member_state)
    secretariat = user.is_authenticated and user.is_secretariat
    moves = []
    if officer and status == Status.DRAFT:
        moves.append("submit")
    if representative and status == Status.SUBMITTED:
        moves += ["endorse", "return"]
    if secretariat and status == Status.ENDORSED:
        moves += ["approve", "return"]
    if officer and status == Status.RETURNED:
        moves.append("reopen")
    if officer and status in {Status.DRAFT, Status.SUBMITTED, Status.ENDORSED, Status.RETURNED}:
        moves.append("withdraw")
    if (
        officer
        and status == Status.APPROVED
        and not ActionPlan.objects.filter(supersedes=plan).exists()
    ):
        moves.append("revise")
    return moves


def _require(condition, message):
    if not condition:
        raise PermissionDenied(message)


@transaction.atomic
def action_plan_submit(*, user, plan, comment=""):
    """The city's CSCO sends a draft with at least one project for review."""
    _require(is_officer_of(user, plan.city), _("Only the city's CSCO submits its plan."))
    if plan.status == Status.DRAFT and not plan.projects.exists():
        raise ValidationError(
            _("Add at least one priority project before submitting the plan."), code="no_project"
        )
    plan = _transition(
        plan, user=user, to_status=Status.SUBMITTED, allowed_from={Status.DRAFT}, comment=comment
    )
    plan_notify(
        plan,
        NotificationKind.SUBMITTED,
        [*representative_users(plan.city.member_state), *secretariat_users()],
        actor=user,
        comment=comment,
    )
    return plan


@transaction.atomic
def action_plan_endorse(*, user, plan, comment=""):
    """The member state's national representative endorses a submitted plan."""
    _require(
        is_representative_of(user, plan.city.member_state),
        _("Only the member state's national representative endorses its plans."),
    )
    plan = _transition(
        plan,
        user=user,
        to_status=Status.ENDORSED,
        allowed_from={Status.SUBMITTED},
        comment=comment,
    )
    plan_notify(plan, NotificationKind.ENDORSED, secretariat_users(), actor=user, comment=comment)
    return plan


@transaction.atomic
def action_plan_approve(*, user, plan, comment=""):
    """The secretariat approves an endorsed plan, which publishes it (and retires the
    version it revises from the public pages)."""
    _require(user.is_authenticated and user.is_secretariat, _("Only the secretariat approves."))
    plan = _transition(
        plan,
        user=user,
        to_status=Status.APPROVED,
        allowed_from={Status.ENDORSED},
        comment=comment,
    )
    plan_notify(
        plan, NotificationKind.APPROVED, officer_users(plan.city), actor=user, comment=comment
    )
    return plan


@transaction.atomic
def action_plan_return(*, user, plan, comment):
    """The reviewer whose turn it is sends the plan back to the city, saying why: the
    national representative a submitted plan, the secretariat an endorsed one."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the city should change.")}, code="required")
    if plan.status == Status.SUBMITTED:
        _require(
            is_representative_of(user, plan.city.member_state),
            _("Only the member state's national representative returns a submitted plan."),
        )
    elif plan.status == Status.ENDORSED:
        _require(
            user.is_authenticated and user.is_secretariat,
            _("Only the secretariat returns an endorsed plan."),
        )
    plan = _transition(
        plan,
        user=user,
        to_status=Status.RETURNED,
        allowed_from={Status.SUBMITTED, Status.ENDORSED},
        comment=comment.strip(),
    )
    plan_notify(
        plan,
        NotificationKind.RETURNED,
        officer_users(plan.city),
        actor=user,
        comment=comment.strip(),
    )
    return plan


@transaction.atomic
def action_plan_reopen(*, user, plan, comment=""):
    """The CSCO takes a returned plan back into drafting."""
    _require(is_officer_of(user, plan.city), _("Only the city's CSCO reopens its plan."))
    return _transition(
        plan, user=user, to_status=Status.DRAFT, allowed_from={Status.RETURNED}, comment=comment
    )


@transaction.atomic
def action_plan_withdraw(*, user, plan, comment=""):
    """The CSCO withdraws a plan that is not yet approved."""
    _require(is_officer_of(user, plan.city), _("Only the city's CSCO withdraws its plan."))
    return _transition(
        plan,
        user=user,
        to_status=Status.WITHDRAWN,
        allowed_from={Status.DRAFT, Status.SUBMITTED, Status.ENDORSED, Status.RETURNED},
        comment=comment,
    )


@transaction.atomic
def action_plan_revise(*, user, plan):
    """Start a new draft version of a published plan, with a copy of its projects; the
    published version stays public until the revision is approved."""
    _require(is_officer_of(user, plan.city), _("Only the city's CSCO revises its plan."))
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.APPROVED:
        raise InvalidTransition(_("Only an approved plan can be revised."))
    if ActionPlan.objects.filter(supersedes=plan).exists():
        raise InvalidTransition(_("This plan already has a revision in progress."))
    revision = ActionPlan.objects.create(
        city=plan.city,
        title=plan.title,
        period_start_year=plan.period_start_year,
        period_end_year=plan.period_end_year,
        vision=plan.vision,
        summary=plan.summary,
        status=Status.DRAFT,
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
        to_status=Status.DRAFT,
        comment=_("Revision of version %(version)s") % {"version": plan.version},
    )
    return revision


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
