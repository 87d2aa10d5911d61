"""The workspace of CSCOs, national representatives and the secretariat: dashboards,
drafting forms, the review queue, workflow moves, attachments and notifications. Each
page reads only what `ActionPlan.objects.visible_to` lets the user see, and every
change goes through plans.services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import InvalidTransition
from core.forms import error_summary
from core.pages import BreadcrumbsMixin
from core.pagination import cached_count
from representatives import roles

from . import services, workflow
from .forms import (
    ActionPlanForm,
    AttachmentForm,
    CommentForm,
    PriorityProjectFormSet,
    project_changes,
)
from .models import ActionPlan, ActionPlanStatus
from .pages import project_groups_written

# ------------------------------------------------------------------------------
# The workspace: CSCOs, national representatives and the secretariat
# ------------------------------------------------------------------------------


class WorkspaceMixin(LoginRequiredMixin, BreadcrumbsMixin):
    """Pages for signed-in people; each reads only what `visible_to` lets them."""

    def visible_plans(self):
        return ActionPlan.objects.visible_to(self.request.user).select_related("city__member_state")

    def get_plan(self):
        return get_object_or_404(self.visible_plans(), uuid=self.kwargs["uuid"])


class DashboardView(WorkspaceMixin, TemplateView):
    """'My city': the plans of the user's city (a CSCO) or member state (a national
    representative) with their states and histories, what needs action, and the
    user's notifications."""

    template_name = "plans/dashboard.html"

    def get_breadcrumbs(self):
        return [(None, _("My workspace"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cities = roles.cities_officered_by(user)
        states = roles.member_states_represented_by(user)
        scope = roles.scope_of(user)
        awaiting = self.visible_plans().awaiting_review_by(user)
        # The plans of the user's cities and member states, and every plan awaiting the
        # user's review (the secretariat's endorsed plans), so both lists agree.
        plans = (
            self.visible_plans()
            .filter(roles.in_city_scope(user, "city__", scope) | Q(pk__in=awaiting.values("pk")))
            .prefetch_related("events__actor")
            .order_by("city__name", "-version", "-updated_at")
        )
        # Only what waits on this user: a CSCO's drafts and returned plans, a
        # reviewer's queue; not a plan the CSCO could merely withdraw.
        held = roles.RolesByCity(user, scope)
        needs_action = [
            plan
            for plan in plans
            if workflow.waits_on(workflow.moves_from(plan.status, held(plan.city)))
        ]
        context.update(
            cities=cities,
            member_states=states,
            plans=plans,
            needs_action=needs_action,
            notifications=user.notifications.select_related("plan__city")[:20],
            unread_count=user.notifications.unread().count(),
        )
        return context


class ActionPlanCreateView(WorkspaceMixin, TemplateView):
    """A CSCO starts a new draft plan for its city."""

    template_name = "plans/actionplan_form.html"

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("New plan"))]

    def get_city(self):
        city = roles.cities_officered_by(self.request.user).first()
        if city is None:
            raise PermissionDenied(_("Only a city's CSCO drafts action plans."))
        return city

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ActionPlanForm())
        context.update(city=self.get_city(), creating=True, errors=error_summary(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        city = self.get_city()
        form = ActionPlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.action_plan_create(
                    user=request.user,
                    city=city,
                    focus_areas=form.cleaned_data["focus_areas"],
                    **form.plan_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Draft created. Now add its priority projects."))
                return redirect("plans:actionplan_update", uuid=plan.uuid)
        return self.render_to_response(self.get_context_data(form=form))


class ActionPlanManageView(WorkspaceMixin, TemplateView):
    """A plan as those involved see it: its projects, attachments, history and
    versions, and the moves the user may make (the review page, with a comment box)."""

    template_name = "plans/actionplan_manage.html"

    def earlier_versions(self, plan):
        """The versions this plan revises, newest first, that the user may see: the
        city's earlier plans read in one query and the chain followed in memory (not
        one query per version, nor a scan of every visible plan)."""
        if not plan.supersedes_id:
            return []
        earlier = {
            p.pk: p
            for p in self.visible_plans().filter(city_id=plan.city_id, version__lt=plan.version)
        }
        chain = (
            ActionPlan.objects.filter(city_id=plan.city_id, version__lt=plan.version)
            .values_list("pk", "supersedes_id")
            .order_by()
        )
        parent = dict(chain)
        versions, cursor = [], plan.supersedes_id
        for _step in range(len(parent)):  # a chain is never longer than the city's plans
            if cursor is None:
                break
            if cursor in earlier:
                versions.append(earlier[cursor])
            cursor = parent.get(cursor)
        return versions

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, self.plan.title)]

    def get_context_data(self, **kwargs):
        self.plan = plan = self.get_plan()
        context = super().get_context_data(**kwargs)
        moves = services.available_moves(self.request.user, plan)
        returned = None
        if plan.status == ActionPlanStatus.RETURNED:
            returned = (
                plan.events.filter(to_status=ActionPlanStatus.RETURNED)
                .select_related("actor")
                .order_by("-created_at", "-pk")
                .first()
            )
        context.update(
            returned=returned,
            review_moves=[m for m in moves if m in workflow.REVIEW_MOVES],
            other_moves=[
                m
                for m in moves
                if m not in workflow.REVIEW_MOVES
                and m not in ("reopen",)
                and m not in workflow.CONFIRM_MOVES
            ],
            confirm_moves=[m for m in moves if m in workflow.CONFIRM_MOVES],
            move_labels=workflow.LABELS,
            plan=plan,
            projects=plan.projects.prefetch_related("focus_areas"),
            attachments=plan.attachments.all(),
            events=plan.events.for_reader(self.request.user).select_related("actor"),
            versions=self.earlier_versions(plan),
            revision=self.visible_plans().filter(supersedes=plan).first(),
            moves=moves,
            editable=ActionPlan.objects.editable_by(self.request.user).filter(pk=plan.pk).exists(),
            comment_form=kwargs.get("comment_form") or CommentForm(),
            attachment_form=kwargs.get("attachment_form") or AttachmentForm(),
        )
        return context


class ActionPlanPreviewView(WorkspaceMixin, TemplateView):
    """A plan as the public will see it on its city's page, for those who may see the
    plan, before it is submitted or approved."""

    template_name = "plans/actionplan_preview.html"

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("plans:dashboard"), _("My workspace")),
            (reverse("plans:actionplan_manage", kwargs={"uuid": self.plan.uuid}), self.plan.title),
            (None, _("Preview")),
        ]

    def get_context_data(self, **kwargs):
        self.plan = plan = self.get_plan()
        context = super().get_context_data(**kwargs)
        context.update(
            plan=plan,
            project_groups=project_groups_written(
                plan.projects.prefetch_related("focus_areas").grouped_by_focus_area()
            ),
            editable=ActionPlan.objects.editable_by(self.request.user).filter(pk=plan.pk).exists(),
        )
        return context


class ActionPlanUpdateView(WorkspaceMixin, TemplateView):
    """Edit a draft plan and its priority projects (an inline formset). A save over
    someone else's newer save is refused, and what was typed stays on the page."""

    template_name = "plans/actionplan_form.html"

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("plans:dashboard"), _("My workspace")),
            (reverse("plans:actionplan_manage", kwargs={"uuid": self.plan.uuid}), self.plan.title),
            (None, _("Edit")),
        ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = self.get_plan()
        if not ActionPlan.objects.editable_by(request.user).filter(pk=self.plan.pk).exists():
            raise PermissionDenied(_("Only a draft plan can be edited, by its city's CSCO."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ActionPlanForm(instance=self.plan))
        context.setdefault("formset", PriorityProjectFormSet(instance=self.plan))
        context.update(
            plan=self.plan,
            city=self.plan.city,
            errors=error_summary(context["form"], context["formset"]),
            js_labels={
                "added": _("A new project row was added at the end of the list."),
                "removed": _("“{name}” will be removed when you save."),
                "removedNew": _("The new project row was removed."),
                "undo": _("Undo"),
                "untitled": _("The new project"),
            },
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ActionPlanForm(request.POST, instance=self.plan)
        formset = PriorityProjectFormSet(request.POST, instance=self.plan)
        if form.is_valid() and formset.is_valid():
            changes = project_changes(formset)
            try:
                services.action_plan_save(
                    user=request.user,
                    plan=self.plan,
                    fields=form.plan_fields(),
                    focus_areas=form.cleaned_data["focus_areas"],
                    expected_version=form.cleaned_data.get("lock_version"),
                    projects=changes,
                )
            except services.EditConflict as conflict:
                return self._conflict(request, form, formset, conflict)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "add_project" in request.POST:
                    # Without JavaScript, "add another project" saves and comes back
                    # to the form, which always ends with an empty project row.
                    messages.success(request, _("The draft was saved. Add the next project below."))
                    return redirect(
                        reverse("plans:actionplan_update", kwargs={"uuid": self.plan.uuid})
                        + "#project-forms-end"
                    )
                messages.success(request, _("The draft was saved."))
                return redirect("plans:actionplan_manage", uuid=self.plan.uuid)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def _conflict(self, request, form, formset, conflict):
        """Keep what was typed, show what is saved now, and base the next save on it."""
        saved = ActionPlan.objects.get(pk=self.plan.pk)
        data = request.POST.copy()
        data["lock_version"] = saved.lock_version
        # Validating a model form writes into its instance: the forms get their own copy.
        editing = ActionPlan.objects.get(pk=self.plan.pk)
        form = ActionPlanForm(data, instance=editing)
        form.is_valid()
        form.add_error(None, conflict)
        formset = PriorityProjectFormSet(data, instance=editing)
        formset.is_valid()
        response = self.render_to_response(
            self.get_context_data(form=form, formset=formset, saved_plan=saved)
        )
        response.status_code = 409
        return response


class ActionPlanMoveView(WorkspaceMixin, View):
    """A workflow move (submit, endorse, approve, return, reopen, withdraw, revise);
    the service decides whether this user may make it now. A move that cannot be
    undone is asked first: GET shows what will happen, POST makes the move. A second
    POST of a move already made (a double click) changes nothing and says so."""

    http_method_names = ["get", "post"]
    confirm_template_name = "plans/actionplan_confirm.html"

    def get(self, request, uuid, move):
        if move not in workflow.CONFIRM_MOVES:
            raise Http404
        plan = self.get_plan()
        if move not in services.available_moves(request.user, plan):
            messages.error(request, _("This step is not open on this plan now."))
            return redirect("plans:actionplan_manage", uuid=plan.uuid)
        context = {
            "plan": plan,
            "move": move,
            "label": workflow.LABELS[move],
            "consequence": workflow.CONSEQUENCES.get(move, ""),
            "breadcrumbs": [
                (reverse_lazy("plans:dashboard"), _("My workspace")),
                (reverse("plans:actionplan_manage", kwargs={"uuid": plan.uuid}), plan.title),
                (None, workflow.LABELS[move]),
            ],
        }
        return render(request, self.confirm_template_name, context)

    def post(self, request, uuid, move):
        if move not in workflow.MOVE_NAMES:
            raise Http404
        plan = self.get_plan()
        form = CommentForm(request.POST)
        if not form.is_valid():
            # A comment over its limit is refused, never silently dropped.
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("plans:actionplan_manage", uuid=plan.uuid)
        comment = form.cleaned_data.get("comment", "")
        try:
            result = services.action_plan_move(
                user=request.user, plan=plan, name=move, comment=comment
            )
        except InvalidTransition as error:
            done = self._already_done(request.user, plan, move)
            if done is None:
                messages.error(request, str(error))
            else:
                messages.info(request, _("Already done: %(done)s") % {"done": workflow.DONE[move]})
                return self._after(move, done)
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            if hasattr(error, "error_dict") and "comment" in error.error_dict:
                # The reviewer's comment box itself is marked, with what was typed kept.
                form.add_error("comment", error.error_dict["comment"])
                view = ActionPlanManageView(request=request, kwargs={"uuid": uuid})
                context = view.get_context_data(comment_form=form)
                return render(request, view.template_name, context, status=400)
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, workflow.DONE[move])
            return self._after(move, result)
        return redirect("plans:actionplan_manage", uuid=plan.uuid)

    @staticmethod
    def _after(move, plan):
        """Where a move leads: a reopened plan or a new version straight to its form."""
        if move in (workflow.REVISE, "reopen"):
            return redirect("plans:actionplan_update", uuid=plan.uuid)
        return redirect("plans:actionplan_manage", uuid=plan.uuid)

    @staticmethod
    def _already_done(user, plan, move):
        """The plan as this user's same move left it, if that move was the last thing
        to happen to it (a double submit), else None."""
        if move == workflow.REVISE:
            return ActionPlan.objects.filter(supersedes=plan, created_by=user).first()
        plan.refresh_from_db()
        last = plan.events.order_by("-created_at", "-pk").first()
        targets = {m.to_status for m in workflow.MOVES if m.name == move}
        if (
            last is not None
            and last.actor_id == user.pk
            and plan.status in targets
            and last.to_status == plan.status
        ):
            return plan
        return None


class PlanAttachmentCreateView(WorkspaceMixin, View):
    """Upload a PDF to a draft plan; a refused file comes back with the reason."""

    http_method_names = ["post"]

    def post(self, request, uuid):
        plan = self.get_plan()
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.plan_attachment_add(
                    user=request.user, plan=plan, uploaded=form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The file was attached."))
                return redirect("plans:actionplan_manage", uuid=plan.uuid)
        view = ActionPlanManageView(request=request, kwargs={"uuid": uuid})
        context = view.get_context_data(attachment_form=form)
        return render(request, view.template_name, context, status=400)


class PlanAttachmentDeleteView(WorkspaceMixin, View):
    http_method_names = ["post"]

    def post(self, request, uuid, attachment):
        plan = self.get_plan()
        item = get_object_or_404(plan.attachments, uuid=attachment)
        try:
            services.plan_attachment_delete(user=request.user, attachment=item)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The attachment was removed."))
        return redirect("plans:actionplan_manage", uuid=plan.uuid)


class PlanAttachmentDownloadView(View):
    """Serve an attachment to those who may see its plan, never by a guessable URL. The
    public gets the attachments of published plans (the plan in force of an active
    city): exactly those the city's public page lists."""

    def get(self, request, uuid, attachment):
        if request.user.is_authenticated:
            plans = ActionPlan.objects.visible_to(request.user)
        else:
            plans = ActionPlan.objects.published()
        plan = get_object_or_404(plans, uuid=uuid)
        item = get_object_or_404(plan.attachments, uuid=attachment)
        response = FileResponse(
            item.file.open("rb"),
            as_attachment=True,
            filename=item.original_name,
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ReviewQueueView(WorkspaceMixin, TemplateView):
    """What awaits review: a national representative's submitted plans, and the
    secretariat's endorsed ones."""

    template_name = "plans/review_queue.html"
    queue_limit = 100

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("Reviews"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not (roles.is_secretariat(user) or roles.member_states_represented_by(user).exists()):
            raise PermissionDenied(
                _("Reviews are for national representatives and the secretariat.")
            )
        queues = [(_("Plans awaiting your review"), self.visible_plans().awaiting_review_by(user))]
        if roles.is_secretariat(user):
            queues.append(
                (
                    _("Submitted plans with the national representatives"),
                    self.visible_plans().filter(status=ActionPlanStatus.SUBMITTED),
                )
            )
        # Each queue shows its first `queue_limit` plans and how many wait in all: a
        # network-wide queue can hold thousands (the admin lists them all, filtered).
        context["queues"] = [
            (heading, plans[: self.queue_limit], cached_count(plans)) for heading, plans in queues
        ]
        context["queue_limit"] = self.queue_limit
        return context


class NotificationListView(WorkspaceMixin, TemplateView):
    template_name = "plans/notification_list.html"

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("Notifications"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notifications"] = self.request.user.notifications.select_related("plan__city")[
            :200
        ]
        return context

    def post(self, request):
        notifications = request.user.notifications.unread()
        chosen = request.POST.get("notification", "")
        if chosen:
            if not chosen.isdecimal():
                return HttpResponseBadRequest(_("Unknown notification."))
            notifications = notifications.filter(pk=int(chosen))
        for notification in notifications:
            services.notification_mark_read(user=request.user, notification=notification)
        return redirect("plans:notification_list")
