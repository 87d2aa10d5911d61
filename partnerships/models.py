"""The network's external partners, the agreements and funds it brokers, its meetings,
and the marketplace (organisations, their expressions of interest, saved searches)."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City, MemberState
from core.choices import Currency, DatePrecision, format_partial_date
from core.models import (
    AppendOnlyModel,
    HttpsURLField,
    NaturalKeyMixin,
    NaturalKeyQuerySet,
    SourcedModel,
    TimeStampedModel,
    validate_text_list,
)
from plans.models import PriorityProject, SupportKind, support_kinds_validate
from representatives import roles

COUNTRY_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z]{2}$", _("An ISO 3166 alpha-2 code: two capital letters, e.g. AU.")
)


class PartnerKind(models.TextChoices):
    """What a partner is. ASEAN-side parties (ASEAN, its secretariat, the member states,
    the network's own cities) are not partners and have no kind here."""

    EXTERNAL_GOVERNMENT = "external_government", _("External government or its agency")
    MULTILATERAL = "multilateral", _("Multilateral organisation")
    PRIVATE = "private", _("Private sector")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other")


class PartnerQuerySet(NaturalKeyQuerySet):
    def external(self):
        """Partners from outside ASEAN: the ones the partner list presents as partners."""
        return self.filter(is_external=True)


class Partner(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """A government, agency, organisation or firm that takes part in the network's
    agreements, under its canonical name (the spellings the sources use are its
    aliases)."""

    NATURAL_KEY = "slug"

    name = models.CharField(_("canonical name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        validators=[validate_text_list],
        help_text=_("Other spellings of this partner's name found in the sources."),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    is_external = models.BooleanField(
        _("external partner"),
        default=True,
        help_text=_("False for an ASEAN-based party (e.g. a member state's private firm)."),
    )
    country_code = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[COUNTRY_CODE_VALIDATOR],
        help_text=_("ISO 3166 alpha-2 code; empty for regional and international bodies."),
    )
    website = HttpsURLField(_("website"), blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country_code="") | Q(country_code__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_country_code_format",
                violation_error_message=_("The country must be an ISO 3166 alpha-2 code."),
            ),
        ]

    def __str__(self):
        return self.name


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    FUND = "fund", _("Fund")
    AGREEMENT = "agreement", _("Agreement")
    PROGRAMME = "programme", _("Programme")
    STATEMENT = "statement", _("Joint statement")


class PartnershipAgreementQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Agreements the public may read: all recorded agreements are public records."""
        return self.all()


class PartnershipAgreement(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """An MOU, fund, agreement or programme between partners and the network's cities.
    Amounts are announced commitments in the original currency, never converted."""

    NATURAL_KEY = "slug"

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    parties = models.ManyToManyField(
        Partner, verbose_name=_("parties"), related_name="agreements", blank=True
    )
    cities = models.ManyToManyField(
        City, verbose_name=_("cities involved"), related_name="agreements", blank=True
    )
    projects = models.ManyToManyField(
        PriorityProject,
        verbose_name=_("projects involved"),
        related_name="agreements",
        blank=True,
    )
    signed_on = models.DateField(_("date"), null=True, blank=True)
    signed_on_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    amount_note = models.TextField(
        _("how to read the amount"),
        blank=True,
        help_text=_("Shown beside the figure: a ceiling, a cumulative commitment, a pledge."),
    )
    asean_side_parties = models.JSONField(
        _("ASEAN-side parties"),
        default=list,
        blank=True,
        validators=[validate_text_list],
        help_text=_("ASEAN, its secretariat, member states: parties that are not partners."),
    )
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    notes = models.TextField(_("notes"), blank=True)
    source_url = HttpsURLField(_("source"), max_length=500, blank=True)

    objects = PartnershipAgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["-signed_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="%(app_label)s_%(class)s_amount_has_currency",
                violation_error_message=_("An amount needs its currency."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:partnershipagreement_detail", kwargs={"slug": self.slug})

    @property
    def signed_on_label(self):
        return format_partial_date(self.signed_on, self.signed_on_precision)


class Programme(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """A sub-programme of an agreement (a city-pairing scheme, a training series, a
    second funding round) or a statement related to agreements; shown on their pages,
    never counted as an agreement of its own."""

    NATURAL_KEY = "key"

    key = models.SlugField(_("reference id"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=100, blank=True)
    agreements = models.ManyToManyField(
        PartnershipAgreement, verbose_name=_("agreements"), related_name="programmes"
    )
    cities = models.ManyToManyField(
        City, verbose_name=_("cities involved"), related_name="+", blank=True
    )
    started_on = models.DateField(_("date"), null=True, blank=True)
    started_on_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["started_on", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="%(app_label)s_%(class)s_amount_has_currency",
                violation_error_message=_("An amount needs its currency."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def started_on_label(self):
        return format_partial_date(self.started_on, self.started_on_precision)


# ------------------------------------------------------------------------------
# The marketplace: partner organisations, their expressions of interest in the
# cities' projects, the threads about them, and saved searches (alerts)
# ------------------------------------------------------------------------------
class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    DEVELOPMENT_AGENCY = "development_agency", _("Development agency")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    UNIVERSITY = "university", _("University")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", _("Other")


class OrganisationQuerySet(NaturalKeyQuerySet):
    def verified(self):
        """Organisations the secretariat verified: only these send interests and have a
        public profile."""
        return self.filter(verified_at__isnull=False)


class Organisation(NaturalKeyMixin, TimeStampedModel):
    """A firm, agency, university or foundation that offers support to the cities'
    projects. Its contact details are private: only the cities it writes to, their
    representatives and the secretariat see them."""

    NATURAL_KEY = "slug"

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country_code = models.CharField(_("country"), max_length=2, validators=[COUNTRY_CODE_VALIDATOR])
    website = HttpsURLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    email_confirmed_at = models.DateTimeField(
        _("email confirmed at"), null=True, blank=True, editable=False
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The partner that stands for this organisation in signed agreements."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country_code__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_country_code_format",
                violation_error_message=_("The country must be an ISO 3166 alpha-2 code."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("marketplace:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self):
        return self.verified_at is not None


class OrganisationMember(models.Model):
    """A person who acts for an organisation; a user belongs to one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_membership",
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        ordering = ["organisation", "created_at"]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class InterestStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_INTEREST_STATUSES = (InterestStatus.NEW, InterestStatus.IN_DISCUSSION)


def interest_support_validate(value):
    """At least one kind of support, each a SupportKind, each once."""
    support_kinds_validate(value)
    if not value:
        raise ValidationError(_("Say which kinds of support you offer."), code="required")


class InterestQuerySet(NaturalKeyQuerySet):
    def visible_to(self, user):
        """Interests this user may read: its organisation's; its city's (CSCO); its member
        state's (national representative); all for the secretariat. Never the public."""
        if not user.is_authenticated:
            return self.none()
        if roles.is_secretariat(user):
            return self.all()
        # A subquery, not a join: an organisation's several members must not repeat rows.
        own = OrganisationMember.objects.filter(user=user).values("organisation")
        return self.filter(
            Q(organisation__in=own) | roles.in_city_scope(user, "project__plan__city__")
        )

    def open(self):
        return self.filter(status__in=OPEN_INTEREST_STATUSES)


class Interest(NaturalKeyMixin, TimeStampedModel):
    """An organisation's expression of interest in a city's project: the support it
    offers and its message, then a thread and a status from `new` to `agreed`,
    `declined` or `withdrawn`. Private to the organisation, the city, its member state's
    representative and the secretariat. Closed interests stay in the history."""

    NATURAL_KEY = "uuid"

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        PriorityProject,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="interests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="interests",
    )
    support = models.JSONField(
        _("support offered"), default=list, validators=[interest_support_validate]
    )
    message = models.TextField(_("message"), max_length=4000, validators=[MaxLengthValidator(4000)])
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterestStatus.choices,
        default=InterestStatus.NEW,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    city_answered_at = models.DateTimeField(
        _("first answer from the city"), null=True, blank=True, editable=False
    )
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)
    agreement = models.ForeignKey(
        PartnershipAgreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="interests",
    )

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="%(app_label)s_%(class)s_amount_has_currency",
                violation_error_message=_("An amount needs its currency."),
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(status__in=["new", "in_discussion"]),
                name="%(app_label)s_%(class)s_one_open_per_project",
                violation_error_message=_(
                    "Your organisation already has an open expression of interest in this "
                    "project: write in its thread instead."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.project}"

    def get_absolute_url(self):
        return reverse("marketplace:interest_detail", kwargs={"uuid": self.uuid})

    def get_support_display(self):
        labels = dict(SupportKind.choices)
        return [labels.get(kind, kind) for kind in self.support or []]


class InterestEvent(AppendOnlyModel):
    """One step of an interest's history: who moved it from which status to which, and
    when. Append-only."""

    interest = models.ForeignKey(
        Interest, verbose_name=_("interest"), on_delete=models.CASCADE, related_name="events"
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
        _("from status"), max_length=20, choices=InterestStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=InterestStatus.choices)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest event")
        verbose_name_plural = _("interest events")
        ordering = ["interest", "created_at", "pk"]

    def __str__(self):
        return f"{self.interest}: {self.from_status or '—'} → {self.to_status}"


class InterestMessage(models.Model):
    """A message in an interest's thread, between the organisation and the city (the
    secretariat reads and joins every thread)."""

    interest = models.ForeignKey(
        Interest, verbose_name=_("interest"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=4000, validators=[MaxLengthValidator(4000)])
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest message")
        verbose_name_plural = _("interest messages")
        ordering = ["interest", "created_at", "pk"]

    def __str__(self):
        return f"{self.interest}: {self.body[:40]}"


class AlertFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SavedSearchQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and not unsubscribed: these get digests."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class SavedSearch(models.Model):
    """A marketplace search someone keeps, with a digest email of new matching projects.
    Its email is confirmed by a link; every digest carries a signed unsubscribe link."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    query = models.CharField(_("search"), max_length=1000, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=AlertFrequency.choices, default=AlertFrequency.WEEKLY
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest at"), null=True, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email}: {self.query or '*'}"


class MeetingKind(models.TextChoices):
    ANNUAL = "annual", _("ASCN annual meeting")
    ASEAN_JAPAN_HLM = "asean_japan_hlm", _("ASEAN-Japan High Level Meeting")
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    ROUNDTABLE = "roundtable", _("Roundtable")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
    UNKNOWN = "", _("Not known")


class MeetingQuerySet(NaturalKeyQuerySet):
    def upcoming(self, today):
        """Meetings that have not started by `today` (undated ones count as past)."""
        return self.filter(start_on__gt=today)

    def past(self, today):
        return self.exclude(start_on__gt=today)


class Meeting(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """A gathering of the network: the annual meetings its CSCOs attend, and other
    workshops and roundtables."""

    NATURAL_KEY = "slug"

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.ANNUAL
    )
    sequence = models.PositiveSmallIntegerField(
        _("sequence number"),
        null=True,
        blank=True,
        help_text=_("The annual meeting's number: 1 for the inaugural meeting."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2018)])
    start_on = models.DateField(_("start date"), null=True, blank=True)
    start_on_precision = models.CharField(
        _("start date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_on = models.DateField(_("end date"), null=True, blank=True)
    host_country = models.ForeignKey(
        MemberState,
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        null=True,
        blank=True,
    )
    host_country_code = models.CharField(
        _("host country code"),
        max_length=2,
        blank=True,
        validators=[COUNTRY_CODE_VALIDATOR],
        help_text=_("ISO 3166 alpha-2; also for hosts outside ASEAN (e.g. JP)."),
    )
    host_city = models.CharField(_("host city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host_organisation = models.CharField(_("host organisation"), max_length=300, blank=True)
    chair_country = models.ForeignKey(
        MemberState,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
        null=True,
        blank=True,
    )
    co_chairs = models.JSONField(
        _("co-chairs"),
        default=list,
        blank=True,
        validators=[validate_text_list],
        help_text=_("Bodies, never persons."),
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
        blank=True,
    )
    agenda = models.TextField(_("agenda"), blank=True)
    outcomes = models.TextField(
        _("outcomes"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    notes = models.TextField(_("notes"), blank=True)
    agreements_signed = models.ManyToManyField(
        PartnershipAgreement,
        verbose_name=_("agreements signed there"),
        related_name="signed_at_meetings",
        blank=True,
    )
    related_agreements = models.ManyToManyField(
        PartnershipAgreement,
        verbose_name=_("related agreements"),
        related_name="related_meetings",
        blank=True,
        help_text=_("Agreements discussed there, or probably but not certainly signed there."),
    )
    focus_areas = models.ManyToManyField(
        "cities.FocusArea",
        verbose_name=_("focus areas discussed"),
        related_name="+",
        blank=True,
    )
    source_url = HttpsURLField(_("source"), max_length=500, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-year", "-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(host_country_code="") | Q(host_country_code__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_host_country_code_format",
                violation_error_message=_("The country must be an ISO 3166 alpha-2 code."),
            ),
            models.UniqueConstraint(
                fields=["sequence"],
                condition=Q(kind="annual"),
                name="%(app_label)s_%(class)s_unique_annual_sequence",
                violation_error_message=_("There is already an annual meeting with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True)
                | Q(start_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="%(app_label)s_%(class)s_dates_order",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:meeting_detail", kwargs={"slug": self.slug})

    @property
    def outcome_lines(self):
        """The outcomes as a list (stored one per line, each starting "- ")."""
        return [
            line.removeprefix("- ").strip() for line in self.outcomes.splitlines() if line.strip()
        ]

    @property
    def dates_label(self):
        """ "8-9 October 2019", "October 2020", or the year alone, as far as known."""
        if self.start_on is None:
            return str(self.year)
        start = format_partial_date(self.start_on, self.start_on_precision)
        if self.end_on is None or self.end_on == self.start_on:
            return start
        return f"{start} – {format_partial_date(self.end_on, DatePrecision.DAY)}"

    @property
    def place_label(self):
        """ "Venue, City, Country" as far as known; "Online" for a virtual meeting."""
        if self.format == MeetingFormat.VIRTUAL and not self.host_city:
            return str(_("Online"))
        country = self.host_country.name if self.host_country_id else self.host_country_code
        return ", ".join(part for part in (self.venue, self.host_city, country) if part)
