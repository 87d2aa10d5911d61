"""Action plans and their priority projects, attachments, history events and
notifications: what a city's CSCO drafts and the network reviews and publishes."""

import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City, FocusArea
from core.choices import YEAR_VALIDATORS, Currency
from core.db import Constant
from core.models import (
    AppendOnlyModel,
    AppendOnlyQuerySet,
    HttpsURLField,
    NaturalKeyMixin,
    NaturalKeyQuerySet,
    TimeStampedModel,
)
from core.storage import private_storage
from representatives import roles


# ------------------------------------------------------------------------------
# Action plans and priority projects
# ------------------------------------------------------------------------------
class ActionPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# "approved" as the public lists filter on it: written into their SQL (core.db.Constant).
APPROVED = Constant(ActionPlanStatus.APPROVED)


def signed_in_plan_scope(user, prefix="", scope=None):
    """The plans a signed-in user other than the secretariat may read, as a Q over a
    model reaching a plan through `prefix`: approved plans of active cities, and every
    plan of the user's own city (a CSCO) or member state (a national representative).
    Written as joins, not as a subquery of plans, so that a list walks its indexes.
    `scope`: the user's roles (roles.scope_of), if the caller read them."""
    approved = Q(**{f"{prefix}status": APPROVED, f"{prefix}city__is_active": True})
    return approved | roles.in_city_scope(user, f"{prefix}city__", scope)


class ActionPlanQuerySet(NaturalKeyQuerySet):
    def approved(self):
        """Every approved version of the plans of active cities: the public record,
        earlier versions included."""
        return self.filter(status=APPROVED, city__is_active=True)

    def published(self):
        """The plans in force: approved, and not replaced by an approved revision."""
        return self.approved().exclude(revision__status=APPROVED)

    def published_in(self, year):
        """Plans published in `year` (UTC), as the annual report and the API's
        `published_year` filter count them."""
        start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
        return self.filter(published_at__gte=start, published_at__lt=start.replace(year=year + 1))

    def visible_to(self, user):
        """Plans this user may read: the public sees approved plans (and their earlier
        approved versions); a CSCO also sees every plan of its city; a national
        representative every plan of its member state; the secretariat everything.
        Every page, the map, the API and the downloads start here."""
        if not user.is_authenticated:
            return self.approved()
        scope = roles.scope_of(user)
        if scope.secretariat:
            return self.all()
        return self.filter(signed_in_plan_scope(user, scope=scope))

    def involving(self, user):
        """Plans this user takes part in: its city's (a CSCO), its member state's (a
        national representative), every plan for the secretariat. Their review
        comments are for these people only."""
        if not user.is_authenticated:
            return self.none()
        if roles.is_secretariat(user):
            return self.all()
        return self.filter(roles.in_city_scope(user, "city__"))

    def awaiting_review_by(self, user):
        """Plans waiting for this user's review: a national representative's member
        state's submitted plans; for the secretariat, endorsed plans."""
        if not user.is_authenticated:
            return self.none()
        condition = Q(
            status=ActionPlanStatus.SUBMITTED,
            city__member_state__in=roles.member_states_represented_by(user),
        )
        if roles.is_secretariat(user):
            condition |= Q(status=ActionPlanStatus.ENDORSED)
        return self.filter(condition)

    def editable_by(self, user):
        """Drafts this user may change: a CSCO's own city's drafts; any for the secretariat."""
        drafts = self.filter(status=ActionPlanStatus.DRAFT)
        if not user.is_authenticated:
            return drafts.none()
        if roles.is_secretariat(user):
            return drafts
        return drafts.filter(city__in=roles.cities_officered_by(user))


class ActionPlan(NaturalKeyMixin, TimeStampedModel):
    """A city's Smart City Action Plan, drafted by its CSCO and reviewed by the national
    representative and the secretariat. Only approved plans are public."""

    NATURAL_KEY = "uuid"

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start_year = models.PositiveSmallIntegerField(
        _("period from"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_end_year = models.PositiveSmallIntegerField(
        _("period to"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    # Server-side limits that fit each text's purpose: a vision is a paragraph, a
    # summary a page or two; the full plan is an attachment.
    vision = models.TextField(
        _("vision"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    summary = models.TextField(
        _("summary"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="action_plans"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionPlanStatus.choices,
        default=ActionPlanStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1)]
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="revision",
        help_text=_(
            "The approved version this plan revises; it stays public until this one is approved."
        ),
    )
    lock_version = models.PositiveIntegerField(
        _("edit count"),
        default=1,
        editable=False,
        help_text=_("Raised by every edit, so that a save based on an older copy is refused."),
    )
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ActionPlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "lock_version"])

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["city__name", "-period_start_year", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start_year__isnull=True)
                | Q(period_end_year__isnull=True)
                | Q(period_end_year__gte=models.F("period_start_year")),
                name="%(app_label)s_%(class)s_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="%(app_label)s_%(class)s_version_positive",
                violation_error_message=_("The version number starts at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.title} (v{self.version})"

    @property
    def period_label(self):
        if self.period_start_year and self.period_end_year:
            return f"{self.period_start_year}–{self.period_end_year}"
        return str(self.period_start_year or self.period_end_year or "")


class ActionPlanEventQuerySet(AppendOnlyQuerySet):
    def for_reader(self, user):
        """Events with `shown_comment`: the review comment for those the plan involves
        (its CSCO, its member state's representative, the secretariat), empty for
        anyone else who may read the plan."""
        involved = ActionPlan.objects.involving(user).values("pk")
        return self.annotate(
            shown_comment=models.Case(
                models.When(plan__in=involved, then=models.F("comment")),
                default=models.Value(""),
                output_field=models.TextField(),
            )
        )


class ActionPlanEvent(AppendOnlyModel):
    """One step in a plan's history (who moved it from which status to which, and why).
    Append-only: rows are never changed or deleted."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=ActionPlanStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=ActionPlanStatus.choices)
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = ActionPlanEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan event")
        verbose_name_plural = _("action plan events")
        ordering = ["plan", "created_at", "pk"]

    def __str__(self):
        return f"{self.plan}: {self.from_status or '—'} → {self.to_status}"


class FundingStatus(models.TextChoices):
    UNFUNDED = "unfunded", _("Not yet funded")
    SEEKING = "seeking", _("Seeking funding")
    PARTIAL = "partial", _("Partly funded")
    FUNDED = "funded", _("Fully funded")
    UNKNOWN = "unknown", _("Not stated")


class SupportKind(models.TextChoices):
    """What a project seeks from partners (several at once)."""

    FINANCE = "finance", _("Finance")
    TECHNOLOGY = "technology", _("Technology")
    EXPERTISE = "expertise", _("Expertise")
    OTHER = "other", _("Other support")


def support_kinds_validate(value):
    """A list of distinct SupportKind values (a JSON list, so it works on SQLite and
    PostgreSQL alike; no value is a substring of another, so a text match finds one)."""
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give the kinds of support as a list."), code="not_a_list")
    unknown = sorted(set(value) - set(SupportKind.values))
    if unknown:
        raise ValidationError(
            _("Unknown kind of support: %(kinds)s."),
            code="unknown_support_kind",
            params={"kinds": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each kind of support once only."), code="duplicate")


def support_kind_q(kind, field="support_kinds"):
    """Rows whose JSON list of support kinds holds `kind`. On PostgreSQL, JSON
    containment (`@>`): the planner estimates it from the column's statistics, so a
    filtered marketplace page walks the cities in name order instead of scanning and
    sorting every project (bench/RESULTS.md). SQLite has no containment: a text match
    on the stored JSON there (the kind in quotes; see support_kinds_validate)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [kind]})
    return Q(**{f"{field}__icontains": f'"{kind}"'})


def seeking_partners_q(today):
    """Projects that seek partners on `today`: the marketplace's condition on a project
    (`PriorityProjectQuerySet.seeking_partners` adds "published"), also usable as an
    expression, e.g. to count them in one aggregate with the others."""
    return Q(is_seeking_partners=True) & (
        Q(seeking_until__isnull=True) | Q(seeking_until__gte=today)
    )


class PriorityProjectQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Projects of the plans in force (an approved plan replaced by an approved
        revision no longer counts: its projects live on in the revision)."""
        return self.filter(plan__status=APPROVED, plan__city__is_active=True).exclude(
            plan__revision__status=APPROVED
        )

    def seeking_partners(self, today=None):
        """The marketplace: published projects that seek partners, unless the date they
        sought partners until has passed."""
        return self.published().filter(seeking_partners_q(today or timezone.localdate()))

    def visible_to(self, user):
        """Projects of the plans this user may read (see ActionPlanQuerySet.visible_to)."""
        if not user.is_authenticated:
            return self.published()
        scope = roles.scope_of(user)
        if scope.secretariat:
            return self.all()
        return self.filter(signed_in_plan_scope(user, "plan__", scope))

    def grouped_by_focus_area(self, areas=None):
        """[(focus area or None, [projects])], in the framework's order, for the public
        page of a plan and its preview; a project filed under two focus areas appears
        under both. Prefetch "focus_areas" first; `areas`, every focus area in order,
        if the caller has them."""
        return _grouped_by_area(
            ((project, list(project.focus_areas.all())) for project in self),
            FocusArea.objects.all() if areas is None else areas,
        )

    def grouped_rows_by_focus_area(self, fields, areas):
        """What `grouped_by_focus_area(areas)` gives, with each project a plain row of
        `fields` (attributes, no model instance; the first field is "pk") read together
        with its focus areas in one query (a left join on the many-to-many table)
        instead of three (projects, the prefetch of their areas, the areas). `areas`:
        every focus area in the framework's order; one missing from it (a stale copy) is
        read and put last, as `grouped_by_focus_area` puts it."""
        return rows_grouped_by_focus_area(self.values_list(*fields, "focus_areas"), fields, areas)


def rows_grouped_by_focus_area(rows, fields, areas):
    """PriorityProjectQuerySet.grouped_rows_by_focus_area of rows already read: each
    row the values of `fields` and one of the project's focus areas (None for none), a
    project's rows one after the other."""
    known = {area.pk: area for area in areas}
    projects, project_areas = {}, {}
    for *values, area_id in rows:
        pk = values[0]
        if pk not in projects:
            projects[pk] = SimpleNamespace(**dict(zip(fields, values, strict=True)))
            project_areas[pk] = []
        if area_id is not None:
            project_areas[pk].append(area_id)
    missing = {pk for ids in project_areas.values() for pk in ids if pk not in known}
    if missing:
        known.update((area.pk, area) for area in FocusArea.objects.filter(pk__in=missing))
    return _grouped_by_area(
        (
            (row, sorted((known[pk] for pk in project_areas[key]), key=_framework_order))
            for key, row in projects.items()
        ),
        areas,
    )


def _grouped_by_area(filed, areas):
    """[(focus area or None, [items])] from (item, its focus areas) pairs: the areas in
    the order of `areas` (one not among them after those), an item under each of its
    areas, items under none last."""
    groups = {area: [] for area in areas}
    unfiled = []
    for item, item_areas in filed:
        for area in item_areas:
            groups.setdefault(area, []).append(item)
        if not item_areas:
            unfiled.append(item)
    result = [(area, items) for area, items in groups.items() if items]
    if unfiled:
        result.append((None, unfiled))
    return result


def _framework_order(area):
    """The focus areas' own order (FrameworkItem.Meta.ordering), as a prefetch reads them."""
    return (area.position, area.name)


class PriorityProject(NaturalKeyMixin, TimeStampedModel):
    """A priority project of an action plan: what the city seeks to build, at what cost,
    and whether it looks for partners."""

    NATURAL_KEY = "uuid"

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="projects"
    )
    estimated_cost = models.DecimalField(
        _("estimated cost"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    funding_status = models.CharField(
        _("funding status"),
        max_length=20,
        choices=FundingStatus.choices,
        default=FundingStatus.UNKNOWN,
    )
    is_seeking_partners = models.BooleanField(_("seeking partners"), default=False)
    # What the project seeks from partners: part of the published plan.
    support_kinds = models.JSONField(
        _("support sought"),
        default=list,
        blank=True,
        validators=[support_kinds_validate],
        help_text=_("Finance, technology, expertise or other support; several at once."),
    )
    need_description = models.TextField(
        _("what the project needs"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("A short description of the support the city looks for."),
    )
    finance_amount = models.DecimalField(
        _("finance sought"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    finance_currency = models.CharField(
        _("currency of the finance sought"), max_length=3, choices=Currency.choices, blank=True
    )
    seeking_until = models.DateField(
        _("seeking partners until"),
        null=True,
        blank=True,
        help_text=_("Offers are welcome until this date; empty for no set date."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    source_url = HttpsURLField(_("source"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PriorityProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("priority project")
        verbose_name_plural = _("priority projects")
        ordering = ["plan", "position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | ~Q(currency=""),
                name="%(app_label)s_%(class)s_cost_has_currency",
                violation_error_message=_("An estimated cost needs its currency."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=_("The estimated cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_years_order",
                violation_error_message=_("The project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(finance_amount__isnull=True) | ~Q(finance_currency=""),
                name="%(app_label)s_%(class)s_finance_has_currency",
                violation_error_message=_("The finance sought needs its currency."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_support_kinds_display(self):
        labels = dict(SupportKind.choices)
        return [labels.get(kind, kind) for kind in self.support_kinds or []]


# ------------------------------------------------------------------------------
# Attachments
# ------------------------------------------------------------------------------
def attachment_path(instance, filename):
    """An unguessable stored name: the uploaded file name is kept only as data."""
    return f"plan-attachments/{uuid.uuid4().hex}.pdf"


class PlanAttachment(NaturalKeyMixin, models.Model):
    """A PDF attached to an action plan (the full plan document, a study, a map)."""

    NATURAL_KEY = "uuid"
    MAX_BYTES = 10 * 1024 * 1024

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["plan", "uploaded_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "plans:planattachment_download",
            kwargs={"uuid": self.plan.uuid, "attachment": self.uuid},
        )


# ------------------------------------------------------------------------------
# Notifications (a transactional outbox for their emails)
# ------------------------------------------------------------------------------
class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Plan submitted")
    ENDORSED = "endorsed", _("Plan endorsed")
    APPROVED = "approved", _("Plan approved")
    RETURNED = "returned", _("Plan returned")
    DRAFT_REMINDER = "draft_reminder", _("Draft untouched for 30 days")
    REVIEW_REMINDER = "review_reminder", _("Published plan over a year old")
    # The marketplace's (partnerships) notifications about a project of the plan.
    INTEREST_NEW = "interest_new", _("Expression of interest received")
    INTEREST_MOVED = "interest_moved", _("Expression of interest answered")
    INTEREST_MESSAGE = "interest_message", _("Message about an expression of interest")
    INTEREST_REMINDER = "interest_reminder", _("Expression of interest unanswered")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        return self.filter(email_status=EmailStatus.PENDING)


class Notification(models.Model):
    """A message to one person about a plan: shown in the portal and sent by email.
    Written in the same transaction as the change it reports, so no email is lost when
    the task queue is down: a periodic task sends whatever is still pending."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email"),
        max_length=10,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        db_index=True,
    )
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    email_error = models.TextField(_("last email error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"
