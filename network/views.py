"""Pages of the network's life: meetings (with attendance), documents, the iCalendar
feed; and the workspace pages where a CSCO confirms attendance and the secretariat
reads and exports it."""

import csv
import itertools

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from cities.models import City
from core.pages import BreadcrumbsMixin, FilteredPageMixin
from partnerships.models import Meeting, PartnershipAgreement
from plans.models import ActionPlan, PlanAttachment
from representatives import roles

from . import services
from .filters import DocumentFilterSet
from .forms import AttendanceForm
from .ical import meetings_calendar
from .models import Document, MeetingAttendance


def meetings_public():
    return Meeting.objects.select_related("host_country", "chair_country")


class MeetingListView(BreadcrumbsMixin, TemplateView):
    """Upcoming meetings first (soonest first), then past ones by year (latest first)."""

    template_name = "network/meeting_list.html"

    def get_breadcrumbs(self):
        return [(None, _("Meetings"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        past = meetings_public().past(today).order_by("-year", "-start_on", "name")
        context.update(
            upcoming=meetings_public().upcoming(today).order_by("start_on", "name"),
            past_by_year=[
                (year, list(items)) for year, items in itertools.groupby(past, lambda m: m.year)
            ],
        )
        return context


class MeetingDetailView(BreadcrumbsMixin, DetailView):
    """One meeting: kind, dates, place, host, chair, agenda and outcomes, its documents,
    the agreements signed there and the cities that attended. The delegates' names are
    for the secretariat only."""

    template_name = "network/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        agreements = PartnershipAgreement.objects.published().only("slug", "title", "signed_on")
        return meetings_public().prefetch_related(
            Prefetch("agreements_signed", queryset=agreements),
            Prefetch("related_agreements", queryset=agreements),
            "focus_areas",
        )

    def get_breadcrumbs(self):
        return [(reverse_lazy("network:meeting_list"), _("Meetings")), (None, self.object.name)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        user = self.request.user
        context.update(
            documents=Document.objects.published().filter(meetings=meeting),
            attendances=MeetingAttendance.objects.filter(meeting=meeting).select_related("city"),
            show_delegates=roles.is_secretariat(user),
            is_upcoming=meeting.start_on is not None and meeting.start_on > timezone.localdate(),
        )
        return context


def meetings_ics(request):
    """/meetings.ics: every dated meeting as an all-day event."""
    body = meetings_calendar(
        meetings_public().order_by("start_on", "slug"),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ascn-meetings.ics"'
    return response


class DocumentListView(BreadcrumbsMixin, FilteredPageMixin, ListView):
    """The network's public documents, filterable by kind, year and language and
    searchable."""

    template_name = "network/document_list.html"
    context_object_name = "documents"
    paginate_by = 50
    filterset_class = DocumentFilterSet

    def base_queryset(self):
        return Document.objects.published()

    def get_queryset(self):
        return self.filtered_queryset()

    def get_breadcrumbs(self):
        return [(None, _("Documents"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The PDFs attached to approved (published) plans are public documents too.
        attachments = PlanAttachment.objects.filter(
            plan__in=ActionPlan.objects.published()
        ).select_related("plan__city")
        filterset = self.get_filterset()
        if filterset.is_bound and not filterset.is_valid():
            attachments = attachments.none()
        elif filterset.is_bound:
            if filterset.form.cleaned_data.get("kind") not in (None, "", "action_plan"):
                attachments = attachments.none()
            if filterset.form.cleaned_data.get("search"):
                search = filterset.form.cleaned_data["search"]
                attachments = attachments.filter(original_name__icontains=search)
        context["plan_attachments"] = attachments.order_by("plan__city__name", "uploaded_at")
        return context


class DocumentDetailView(BreadcrumbsMixin, DetailView):
    template_name = "network/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return Document.objects.published().prefetch_related("meetings", "focus_areas")

    def get_breadcrumbs(self):
        return [(reverse_lazy("network:document_list"), _("Documents")), (None, self.object.title)]


# ------------------------------------------------------------------------------
# Workspace: attendance
# ------------------------------------------------------------------------------
class MeetingWorkspaceView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """Upcoming meetings for a CSCO to answer (with the city's answer), and for the
    secretariat a link to each attendance list."""

    template_name = "network/meeting_workspace.html"

    def get_breadcrumbs(self):
        return [(reverse_lazy("plans:dashboard"), _("My workspace")), (None, _("Meetings"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        upcoming = list(meetings_public().upcoming(timezone.localdate()).order_by("start_on"))
        cities = list(roles.cities_officered_by(user).order_by("name"))
        answers = {
            (a.meeting_id, a.city_id): a
            for a in MeetingAttendance.objects.filter(meeting__in=upcoming, city__in=cities)
        }
        is_secretariat = roles.is_secretariat(user)
        context.update(
            rows=[
                (meeting, [(city, answers.get((meeting.pk, city.pk))) for city in cities])
                for meeting in upcoming
            ],
            cities=cities,
            is_secretariat=is_secretariat,
            recent=meetings_public().past(timezone.localdate()).order_by("-start_on")[:5]
            if is_secretariat
            else [],
        )
        return context


class AttendanceConfirmView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """GET: the form; POST: the CSCO confirms (or, with `withdraw`, withdraws) the city's
    attendance through the service."""

    template_name = "network/attendance_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = get_object_or_404(meetings_public(), slug=kwargs["slug"])
        self.city = get_object_or_404(roles.cities_officered_by(request.user), slug=kwargs["city"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("plans:dashboard"), _("My workspace")),
            (reverse_lazy("network:meeting_workspace"), _("Meetings")),
            (None, self.meeting.name),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = MeetingAttendance.objects.filter(meeting=self.meeting, city=self.city).first()
        initial = (
            {"attendee": current.attendee, "delegate_name": current.delegate_name}
            if current
            else {"attendee": "officer"}
        )
        context.setdefault("form", AttendanceForm(initial=initial))
        context.update(meeting=self.meeting, city=self.city, current=current)
        return context

    def post(self, request, *args, **kwargs):
        done = reverse("network:meeting_workspace")
        try:
            if "withdraw" in request.POST:
                services.meeting_attendance_withdraw(
                    user=request.user, meeting=self.meeting, city=self.city
                )
                messages.success(request, _("The city's attendance was withdrawn."))
                return redirect(done)
            form = AttendanceForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            services.meeting_attendance_confirm(
                user=request.user, meeting=self.meeting, city=self.city, **form.cleaned_data
            )
        except ValidationError as error:
            form = AttendanceForm(request.POST)
            form.is_valid()
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The city's attendance was confirmed."))
        return redirect(done)


class SecretariatRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AttendanceListView(SecretariatRequiredMixin, BreadcrumbsMixin, TemplateView):
    """For the secretariat: who attends a meeting, with the delegates' names; and the
    cities that have not answered."""

    template_name = "network/attendance_list.html"

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("plans:dashboard"), _("My workspace")),
            (reverse_lazy("network:meeting_workspace"), _("Meetings")),
            (None, self.meeting.name),
        ]

    def get_context_data(self, **kwargs):
        self.meeting = get_object_or_404(meetings_public(), slug=self.kwargs["slug"])
        context = super().get_context_data(**kwargs)
        attendances = list(attendance_rows(self.meeting))
        answered = {a.city_id for a in attendances}
        context.update(
            meeting=self.meeting,
            attendances=attendances,
            unanswered=City.objects.active()
            .exclude(pk__in=answered)
            .select_related("member_state")
            .order_by("member_state__name", "name"),
        )
        return context


def attendance_rows(meeting):
    return (
        MeetingAttendance.objects.filter(meeting=meeting)
        .select_related("city__member_state", "confirmed_by")
        .order_by("city__member_state__name", "city__name")
    )


class AttendanceExportView(SecretariatRequiredMixin, TemplateView):
    """The attendance list as CSV for the secretariat."""

    def get(self, request, *args, **kwargs):
        meeting = get_object_or_404(meetings_public(), slug=kwargs["slug"])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="attendance-{meeting.slug}.csv"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow(["member_state", "city", "attendee", "delegate_name", "confirmed_at"])
        for row in attendance_rows(meeting):
            writer.writerow(
                [
                    row.city.member_state.name,
                    row.city.name,
                    row.attendee,
                    _csv_safe(row.delegate_name),
                    row.confirmed_at.isoformat(),
                ]
            )
        return response


def _csv_safe(value):
    """Keep a spreadsheet from reading a typed name as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
