"""The network's life on the public record: its governance (Chair by year, Shepherds by
period, its size over time), its documents, the projects the sources tie to it without
an approved action plan, and the cities' attendance of its meetings.

Sits above `partnerships` (meetings, agreements) and below `portal`. Relations to lower
apps use `related_name="+"`: a lower app never reaches up here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import City, FocusArea, MemberState
from core.choices import DatePrecision, format_partial_date
from core.models import (
    HttpsURLField,
    NaturalKeyMixin,
    NaturalKeyQuerySet,
    SourcedModel,
    TimeStampedModel,
    validate_text_list,
)
from partnerships.models import Meeting, PartnershipAgreement


# ------------------------------------------------------------------------------
# Projects on public record
# ------------------------------------------------------------------------------
class RecordedProject(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """A city project that public sources link to the network (presented at a meeting,
    carried out with a partner). Not a priority project of an approved action plan: it
    is shown as "on public record" with its source and never counted as approved."""

    NATURAL_KEY = "key"

    key = models.SlugField(_("reference id"), max_length=20, unique=True)
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area (stated by the source)"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    inferred_focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area (inferred, not stated by the source)"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    ascn_link = models.TextField(_("link to the network"), blank=True)
    is_scap_confirmed = models.BooleanField(
        _("confirmed as an action-plan project"),
        default=False,
        help_text=_("The source presents it as part of the city's Smart City Action Plan."),
    )
    agreements = models.ManyToManyField(
        PartnershipAgreement, verbose_name=_("agreements"), related_name="+", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("project on public record")
        verbose_name_plural = _("projects on public record")
        ordering = ["city__name", "key"]

    def __str__(self):
        return self.title


# ------------------------------------------------------------------------------
# Governance
# ------------------------------------------------------------------------------
class GovernanceRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SHEPHERD = "shepherd", _("Shepherd")


class GovernanceRole(NaturalKeyMixin, SourcedModel, models.Model):
    """What the Chair and the Shepherd are, as the sources describe them."""

    NATURAL_KEY = "key"

    key = models.CharField(
        _("role"), max_length=20, choices=GovernanceRoleKind.choices, unique=True
    )
    description = models.TextField(_("description"))

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("governance role")
        verbose_name_plural = _("governance roles")
        ordering = ["key"]

    def __str__(self):
        return self.get_key_display()


class ChairTerm(NaturalKeyMixin, SourcedModel, models.Model):
    """The member state chairing the network in one year (with the ASEAN Chairmanship)."""

    NATURAL_KEY = "year"

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    member_state = models.ForeignKey(
        MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="+"
    )
    chair_body = models.CharField(_("chairing body"), max_length=300, blank=True)
    basis = models.TextField(_("basis"), blank=True)
    handover_on = models.DateField(_("handed over on"), null=True, blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}: {self.member_state}"


class ShepherdTerm(NaturalKeyMixin, SourcedModel, models.Model):
    """A member state advising the Chair for a period (two-year terms)."""

    NATURAL_KEY = "key"

    key = models.SlugField(_("key"), max_length=30, unique=True)
    member_state = models.ForeignKey(
        MemberState, verbose_name=_("member state"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=30)
    starts = models.CharField(_("from"), max_length=10, help_text=_("YYYY or YYYY-MM."))
    ends = models.CharField(_("to"), max_length=10, blank=True, help_text=_("YYYY or YYYY-MM."))
    events = models.JSONField(
        _("events"), default=list, blank=True, validators=[validate_text_list]
    )

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("shepherd term")
        verbose_name_plural = _("shepherd terms")
        ordering = ["starts"]

    def __str__(self):
        return f"{self.period}: {self.member_state}"


class NetworkSizeStatement(NaturalKeyMixin, SourcedModel, models.Model):
    """A dated published statement of the network's size, or a membership event."""

    NATURAL_KEY = "key"

    key = models.SlugField(_("key"), max_length=30, unique=True)
    as_of = models.DateField(_("as of"))
    as_of_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default="day"
    )
    member_cities = models.PositiveSmallIntegerField(_("member cities"), null=True, blank=True)
    member_states = models.PositiveSmallIntegerField(_("member states"), null=True, blank=True)
    statement = models.TextField(_("statement"))

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("network size statement")
        verbose_name_plural = _("network size statements")
        ordering = ["as_of", "key"]

    def __str__(self):
        return f"{self.as_of}: {self.statement}"

    @property
    def as_of_label(self):
        return format_partial_date(self.as_of, self.as_of_precision)


# ------------------------------------------------------------------------------
# Documents
# ------------------------------------------------------------------------------
class DocumentKind(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    FRAMEWORK = "framework", _("Framework")
    TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
    TOOLKIT = "toolkit", _("Toolkit or guide")
    MONITORING = "monitoring", _("Monitoring and evaluation")
    ACTION_PLAN = "action_plan", _("Action plan")
    PUBLICATION = "publication", _("Publication")


class DocumentQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Documents the public may read: every recorded document is a public one."""
        return self.all()


class Document(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """A public document of the network, with where to read it and what it is."""

    NATURAL_KEY = "slug"

    key = models.CharField(_("reference id"), max_length=20, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("ISO 639-1 code; empty where the text was not seen."),
    )
    url = HttpsURLField(_("official address"), max_length=500, blank=True)
    copy_url = HttpsURLField(
        _("unofficial copy"),
        max_length=500,
        blank=True,
        help_text=_("Where no stable official address was found."),
    )
    status = models.CharField(_("status"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas concerned"), related_name="+", blank=True
    )
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("meetings"), related_name="+", blank=True
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:document_detail", kwargs={"slug": self.slug})


# ------------------------------------------------------------------------------
# Attendance
# ------------------------------------------------------------------------------
class Attendee(models.TextChoices):
    OFFICER = "officer", _("The Chief Smart City Officer")
    DELEGATE = "delegate", _("A delegate")


class MeetingAttendance(models.Model):
    """A city's confirmed attendance of a meeting, and who attends. A delegate's name is
    shown to the secretariat only."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+"
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )
    attendee = models.CharField(_("who attends"), max_length=20, choices=Attendee.choices)
    delegate_name = models.CharField(_("delegate's name"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendances")
        ordering = ["city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "city"],
                name="%(app_label)s_%(class)s_one_per_city",
                violation_error_message=_("This city's attendance is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(attendee="officer", delegate_name="")
                | (Q(attendee="delegate") & ~Q(delegate_name="")),
                name="%(app_label)s_%(class)s_delegate_named",
                violation_error_message=_("A delegate needs a name; the CSCO needs none."),
            ),
        ]

    def __str__(self):
        return f"{self.city} at {self.meeting}"
