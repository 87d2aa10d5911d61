"""The marketplace's pages: the public project list and pages, organisation profiles
and registration, saved searches; and, in the workspace, expressions of interest with
their threads and the secretariat's brokering board. Reads start from the querysets
(`PriorityProject.objects.seeking_partners()`, `Interest.objects.visible_to(user)`);
every change goes through partnerships.services."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from cities.models import City, focus_areas_in_order, member_state_names
from core.db import KeyedStatement, kept_queryset
from core.exceptions import InvalidTransition
from core.pages import BreadcrumbsMixin, FilteredPageMixin
from core.pagination import KeysFirstPaginator
from core.rows import UrlPattern, amount_formatter, escaped, truncated
from plans.filters import PriorityProjectFilterSet
from plans.models import FundingStatus, PriorityProject, SupportKind
from representatives import roles

from . import services, workflow
from .forms import InterestForm, MessageForm, OrganisationRegistrationForm, SavedSearchForm
from .models import (
    Interest,
    InterestStatus,
    Organisation,
    PartnershipAgreement,
)


def _error_messages(error):
    if hasattr(error, "message_dict"):
        return [m for items in error.message_dict.values() for m in items]
    return list(getattr(error, "messages", [str(error)]))


# ------------------------------------------------------------------------------
# Public: the marketplace
# ------------------------------------------------------------------------------
# The columns a project's card shows, read as named values (no model instances for
# the project, its plan, city and member state).
PROJECT_CARD_COLUMNS = (
    "pk",
    "uuid",
    "title",
    "support_kinds",
    "estimated_cost",
    "currency",
    "funding_status",
    "need_description",
    "plan__city__name",
    "plan__city__slug",
    "plan__city__member_state_id",  # its name from cities.models.member_state_names()
)


# A page's cards are written here rather than in a template loop: the markup the
# template had, each value escaped as it escaped it (tests/partnerships/
# test_marketplace_pages.py compares the two), for a fraction of the template engine's
# cost over 50 cards.
PROJECT_CARD = (
    "<li>\n"
    '    <h2 class="card-title"><a href="{url}">{title}</a></h2>\n'
    '    <p class="muted"><a href="{city_url}">{city}</a>, {state}{areas}</p>\n'
    "    <p>{support}{cost}{funding}</p>\n"
    "    {need}\n"
    "  </li>"
)


# Which project is filed under which focus area: (project, area) pairs by project keys.
FILED_UNDER = KeyedStatement(
    PriorityProject.focus_areas.through.objects.values_list("priorityproject_id", "focusarea_id"),
    "priorityproject_id",
)


def project_cards(projects):
    """The cards of a marketplace page (rows of PROJECT_CARD_COLUMNS): links written
    from one reverse() per page, focus areas read in one query, cost and need formatted
    as the template's filters formatted them (floatformat, intcomma, truncatechars)."""
    project_url = UrlPattern("marketplace:project_detail", "uuid", marker=UrlPattern.UUID_MARKER)
    city_url = UrlPattern.of_pages(City)
    # Focus area names from the framework's list (kept per data version), in its order:
    # the page asks only which project is filed under which area.
    names = {area.pk: f" · {escaped(area.name)}" for area in focus_areas_in_order()}
    order = {area_id: index for index, area_id in enumerate(names)}
    areas = {project.pk: [] for project in projects}
    if areas:
        filed = FILED_UNDER.rows(list(areas))
        for project_id, area_id in sorted(filed, key=lambda pair: order.get(pair[1], -1)):
            if area_id in names:  # an area added since the list was read: next request
                areas[project_id].append(names[area_id])
    # A model's get_FOO_display() rebuilds and hashes its lazily translated choices on
    # every call: the labels are translated once per page instead.
    support_tags = {
        kind: f'<span class="tag">{escaped(label)}</span> ' for kind, label in SupportKind.choices
    }
    funding_labels = {status: escaped(label) for status, label in FundingStatus.choices}
    states = {pk: escaped(name) for pk, name in member_state_names().items()}
    cost_label = escaped(_("Estimated cost"))
    amount = amount_formatter()
    cities = {}  # a city's link and name, written once per page (its projects share them)
    cards = []
    for project in projects:
        cost = project.estimated_cost
        need = project.need_description
        slug = project.plan__city__slug
        city = cities.get(slug)
        if city is None:
            city = cities[slug] = (
                escaped(city_url(slug)),
                escaped(project.plan__city__name),
                states.get(project.plan__city__member_state_id, ""),
            )
        cards.append(
            SafeString(
                PROJECT_CARD.format(
                    url=escaped(project_url(project.uuid)),
                    title=escaped(project.title),
                    city_url=city[0],
                    city=city[1],
                    state=city[2],
                    areas="".join(areas[project.pk]),
                    support="".join(
                        support_tags.get(kind) or f'<span class="tag">{escaped(kind)}</span> '
                        for kind in project.support_kinds or []
                    ),
                    cost=""
                    if cost is None
                    else f"{cost_label}: {escaped(project.currency)} {escaped(amount(cost))} · ",
                    funding=funding_labels.get(project.funding_status)
                    or escaped(project.funding_status),
                    need=f"<p>{escaped(truncated(need, 200))}</p>" if need else "",
                )
            )
        )
    return cards


class ProjectListView(BreadcrumbsMixin, FilteredPageMixin, ListView):
    """Published projects seeking partners, with the API's filters kept in the URL. The
    city filter (`?city=<slug>`, as a city's page links it) is a chip, not a select of
    every city."""

    template_name = "partnerships/project_list.html"
    context_object_name = "projects"
    paginate_by = 50
    paginator_class = KeysFirstPaginator
    filterset_class = PriorityProjectFilterSet
    chip_filters = ("city",)

    def base_key(self):
        # The day is read once per request: the rows, their count's key and the kept
        # SQL of the first page must all name the same day, also at midnight.
        if not hasattr(self, "_base_key"):
            self._base_key = ("marketplace", timezone.localdate())
        return self._base_key

    def base_queryset(self):
        key = self.base_key()
        return kept_queryset(key, lambda: PriorityProject.objects.seeking_partners(key[1]))

    def get_filterset(self):
        filterset = super().get_filterset()
        for name in ("seeking_partners", "is_seeking_partners"):
            filterset.form.fields.pop(name, None)
        return filterset

    def get_queryset(self):
        return self.filtered_queryset().order_by("plan__city__name", "position", "title")

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args, columns=PROJECT_CARD_COLUMNS, rows_key=self.rows_key(), **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = project_cards(context["projects"])
        return context

    def get_breadcrumbs(self):
        return [(None, _("Projects seeking partners"))]


def agreement_prefetch():
    return Prefetch(
        "agreements",
        queryset=PartnershipAgreement.objects.published().prefetch_related(
            "parties__organisations"
        ),
    )


class ProjectDetailView(BreadcrumbsMixin, DetailView):
    """One published project: its city, plan, needs, cost and status, and the partners
    engaged through signed agreements. A verified organisation's member may express
    interest here; nothing private is ever shown on this page."""

    template_name = "partnerships/project_detail.html"
    context_object_name = "project"
    slug_field = slug_url_kwarg = "uuid"

    def get_queryset(self):
        return (
            PriorityProject.objects.published()
            .select_related("plan__city__member_state")
            .prefetch_related("focus_areas", agreement_prefetch())
        )

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("marketplace:project_list"), _("Projects seeking partners")),
            (None, self.object.title),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organisation = services.organisation_of(user)
        partners = {}
        for agreement in self.object.agreements.all():
            for party in agreement.parties.all():
                partners[party.pk] = party
        context.update(
            partners=list(partners.values()),
            organisation=organisation,
            interest_form=kwargs.get("interest_form") or InterestForm(),
            own_interests=(
                Interest.objects.filter(project=self.object, organisation=organisation)
                if organisation
                else []
            ),
        )
        return context


class InterestCreateView(LoginRequiredMixin, View):
    """A verified organisation's member sends an expression of interest."""

    def post(self, request, uuid):
        project = get_object_or_404(PriorityProject.objects.published(), uuid=uuid)
        form = InterestForm(request.POST)
        if form.is_valid():
            try:
                interest = services.interest_create(
                    user=request.user, project=project, **form.cleaned_data
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your expression of interest was sent to the city."))
                return redirect(interest.get_absolute_url())
        view = ProjectDetailView(request=request, kwargs={"uuid": uuid}, args=())
        view.object = view.get_object()
        return render(
            request,
            view.template_name,
            view.get_context_data(object=view.object, interest_form=form),
            status=400,
        )


class OrganisationDetailView(BreadcrumbsMixin, DetailView):
    """A verified organisation's public profile: name, kind, country, website and the
    projects it agreed to support. Never its contact details."""

    template_name = "partnerships/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.verified().only(
            "name", "slug", "kind", "country_code", "website", "verified_at", "partner"
        )

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("marketplace:project_list"), _("Projects seeking partners")),
            (None, self.object.name),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = PriorityProject.objects.none()
        if self.object.partner_id:
            projects = (
                PriorityProject.objects.published()
                .filter(agreements__parties=self.object.partner_id)
                .select_related("plan__city")
                .distinct()
            )
        context["projects"] = projects
        return context


@method_decorator(never_cache, name="dispatch")
class OrganisationRegisterView(View):
    """Register an organisation: a honeypot field and a per-address hourly limit keep
    bots out without any outside service."""

    template_name = "partnerships/organisation_register.html"

    def get(self, request):
        return render(request, self.template_name, {"form": OrganisationRegistrationForm()})

    def _over_limit(self, request):
        key = "marketplace:register:" + request.META.get("REMOTE_ADDR", "")
        try:
            cache.add(key, 0, 60 * 60)
            return cache.incr(key) > settings.ASCN_REGISTRATIONS_PER_HOUR
        except Exception:  # the cache is down: the honeypot still stands
            return False

    def post(self, request):
        form = OrganisationRegistrationForm(request.POST)
        if self._over_limit(request):
            form.add_error(None, _("Too many registrations from your address; try again later."))
            return render(request, self.template_name, {"form": form}, status=429)
        if form.is_valid():
            try:
                services.organisation_register(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    **form.organisation_fields(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, items in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, items)
                else:
                    form.add_error(None, error)
            else:
                return render(request, "partnerships/organisation_registered.html")
        return render(request, self.template_name, {"form": form}, status=400)


@method_decorator(never_cache, name="dispatch")
class TokenActionView(View):
    """A link from an email: GET shows a button (mail scanners follow links), POST acts.
    Works signed out."""

    template_name = "partnerships/token_action.html"
    title = ""
    button = ""
    done = ""

    def act(self, token):
        raise NotImplementedError

    def get(self, request, token):
        return render(request, self.template_name, {"title": self.title, "button": self.button})

    def post(self, request, token):
        try:
            self.act(token)
        except ValidationError as error:
            return render(
                request,
                self.template_name,
                {"title": self.title, "error": " ".join(_error_messages(error))},
                status=400,
            )
        return render(request, self.template_name, {"title": self.title, "done": self.done})


class OrganisationConfirmView(TokenActionView):
    title = _("Confirm your organisation's email")
    button = _("Confirm")
    done = _("Thank you: the email is confirmed. The secretariat will verify the organisation.")

    def act(self, token):
        services.organisation_email_confirm(token=token)


class SavedSearchConfirmView(TokenActionView):
    title = _("Confirm your alert")
    button = _("Confirm")
    done = _("The alert is on: you will get an email when new projects match your search.")

    def act(self, token):
        services.saved_search_confirm(token=token)


class SavedSearchUnsubscribeView(TokenActionView):
    title = _("Stop this alert")
    button = _("Unsubscribe")
    done = _("You will get no more emails for this search.")

    def act(self, token):
        services.saved_search_unsubscribe(token=token)


@method_decorator(never_cache, name="dispatch")
class SavedSearchCreateView(View):
    """Save a marketplace search for digests (signed in, or with an email confirmed by
    a link). A page of its own, so that the marketplace list carries no form that sets
    a cookie and stays cacheable."""

    template_name = "partnerships/savedsearch_form.html"

    def _render(self, request, form, status=200):
        query = form["query"].value() or ""
        return render(
            request,
            self.template_name,
            {"form": form, "search_url": f"{reverse('marketplace:project_list')}?{query}"},
            status=status,
        )

    def get(self, request):
        params = request.GET.copy()
        params.pop("page", None)
        form = SavedSearchForm(
            initial={"query": params.urlencode(), "email": getattr(request.user, "email", "")}
        )
        return self._render(request, form)

    def post(self, request):
        form = SavedSearchForm(request.POST)
        if form.is_valid():
            try:
                search = services.saved_search_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                if search.confirmed_at:
                    messages.success(request, _("Your alert is saved."))
                else:
                    messages.success(request, _("Check your email to confirm the alert."))
                back = reverse("marketplace:project_list")
                return redirect(f"{back}?{search.query}" if search.query else back)
        return self._render(request, form, status=400)


# ------------------------------------------------------------------------------
# The workspace: expressions of interest and their threads
# ------------------------------------------------------------------------------
class InterestListView(LoginRequiredMixin, BreadcrumbsMixin, ListView):
    """The interests this user may see: its organisation's, its city's, its member
    state's, or all for the secretariat."""

    template_name = "partnerships/interest_list.html"
    context_object_name = "interests"
    paginate_by = 50

    def get_queryset(self):
        qs = Interest.objects.visible_to(self.request.user).select_related(
            "project__plan__city", "organisation"
        )
        status = self.request.GET.get("status")
        if status in InterestStatus.values:
            qs = qs.filter(status=status)
        return qs

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("Interests"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = InterestStatus.choices
        return context


class InterestMixin(LoginRequiredMixin):
    def get_interest(self):
        return get_object_or_404(
            Interest.objects.visible_to(self.request.user).select_related(
                "project__plan__city__member_state", "organisation", "agreement"
            ),
            uuid=self.kwargs["uuid"],
        )


class InterestDetailView(InterestMixin, BreadcrumbsMixin, TemplateView):
    """One interest: what was offered, the organisation's contacts, the thread, the
    history, and the moves this user may make."""

    template_name = "partnerships/interest_detail.html"

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("marketplace:interest_list"), _("Interests")),
            (None, str(self.interest)),
        ]

    def get(self, request, *args, **kwargs):
        self.interest = self.get_interest()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        interest, user = self.interest, self.request.user
        context.update(
            interest=interest,
            thread=interest.messages.select_related("author"),
            events=interest.events.select_related("actor"),
            moves=[
                (name, workflow.LABELS[name]) for name in services.available_moves(user, interest)
            ],
            may_write=services.may_write(user, interest),
            may_make_agreement=roles.is_secretariat(user)
            and interest.status == InterestStatus.AGREED
            and interest.agreement_id is None,
            message_form=kwargs.get("message_form") or MessageForm(),
        )
        return context


class InterestMoveView(InterestMixin, View):
    def post(self, request, uuid, move):
        if move not in workflow.MOVE_NAMES:
            raise Http404
        interest = self.get_interest()
        try:
            services.interest_move(user=request.user, interest=interest, name=move)
        except (PermissionDenied, InvalidTransition) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, workflow.DONE[move])
        return redirect(interest.get_absolute_url())


class InterestMessageCreateView(InterestMixin, View):
    def post(self, request, uuid):
        interest = self.get_interest()
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.interest_message_post(
                    user=request.user, interest=interest, body=form.cleaned_data["body"]
                )
            except (PermissionDenied, InvalidTransition, ValidationError) as error:
                messages.error(
                    request,
                    " ".join(_error_messages(error))
                    if isinstance(error, ValidationError)
                    else str(error),
                )
            else:
                messages.success(request, _("Your message was sent."))
            return redirect(interest.get_absolute_url())
        view = InterestDetailView(request=request, kwargs={"uuid": uuid}, args=())
        view.interest = interest
        return render(
            request, view.template_name, view.get_context_data(message_form=form), status=400
        )


class InterestAgreementCreateView(InterestMixin, View):
    """The secretariat records the agreement of an agreed interest in one step."""

    def post(self, request, uuid):
        interest = self.get_interest()
        try:
            agreement = services.interest_agreement_create(user=request.user, interest=interest)
        except (PermissionDenied, InvalidTransition) as error:
            messages.error(request, str(error))
            return redirect(interest.get_absolute_url())
        messages.success(request, _("The agreement was recorded; the project page shows it."))
        return redirect(agreement.get_absolute_url())


# ------------------------------------------------------------------------------
# The secretariat's brokering board
# ------------------------------------------------------------------------------
class BrokeringBoardView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """Interests by status and age, projects seeking partners with no interest yet,
    interests unanswered by the city after 14 days, counts by country and focus area."""

    template_name = "partnerships/brokering_board.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("Brokering board"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        interests = Interest.objects.all()
        ages = (
            ("week", _("under a week"), Q(created_at__gt=now - datetime.timedelta(days=7))),
            (
                "month",
                _("1 to 4 weeks"),
                Q(created_at__lte=now - datetime.timedelta(days=7))
                & Q(created_at__gt=now - datetime.timedelta(days=28)),
            ),
            ("older", _("older"), Q(created_at__lte=now - datetime.timedelta(days=28))),
        )
        counts = interests.aggregate(
            **{
                f"{status}_{key}": Count("pk", filter=Q(status=status) & cond)
                for status in InterestStatus.values
                for key, _label, cond in ages
            }
        )
        by_status = [
            (label, [counts[f"{status}_{key}"] for key, _l, _c in ages])
            for status, label in InterestStatus.choices
        ]
        no_interest = (
            PriorityProject.objects.seeking_partners()
            .filter(~Exists(Interest.objects.filter(project=OuterRef("pk"))))
            .select_related("plan__city")
            .order_by("plan__city__name", "title")
        )
        unanswered = (
            Interest.objects.filter(
                status=InterestStatus.NEW,
                city_answered_at__isnull=True,
                created_at__lte=now - services.UNANSWERED_AFTER,
            )
            .select_related("project__plan__city", "organisation")
            .order_by("created_at")
        )
        by_country = (
            interests.values("project__plan__city__member_state__name")
            .annotate(n=Count("pk"))
            .order_by("project__plan__city__member_state__name")
        )
        by_area = (
            interests.filter(project__focus_areas__isnull=False)
            .values("project__focus_areas__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("project__focus_areas__name")
        )
        context.update(
            ages=[label for _k, label, _c in ages],
            by_status=by_status,
            no_interest=no_interest[:100],
            no_interest_count=no_interest.count(),
            unanswered=unanswered[:100],
            by_country=by_country,
            by_area=by_area,
        )
        return context
