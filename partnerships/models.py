"""The network's external partners, the agreements and funds it brokers, and its
meetings."""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City, MemberState
from core.choices import Currency, DatePrecision, format_partial_date
from core.models import HttpsURLField, NaturalKeyMixin, NaturalKeyQuerySet, TimeStampedModel
from plans.models import PriorityProject

COUNTRY_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z]{2}$", _("An ISO 3166 alpha-2 code: two capital letters, e.g. AU.")
)


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    AGENCY = "agency", _("Agency")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    COMPANY = "company", _("Company")
    CITY_ALLIANCE = "city_alliance", _("City alliance")
    OTHER = "other", _("Other")


class Partner(NaturalKeyMixin, TimeStampedModel):
    """A government, agency, organisation or firm that takes part in the network's
    agreements."""

    NATURAL_KEY = "slug"

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    country_code = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[COUNTRY_CODE_VALIDATOR],
        help_text=_("ISO 3166 alpha-2 code; empty for regional and international bodies."),
    )
    website = HttpsURLField(_("website"), blank=True)

    objects = NaturalKeyQuerySet.as_manager()

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


class PartnershipAgreement(NaturalKeyMixin, TimeStampedModel):
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
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
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


class MeetingKind(models.TextChoices):
    ANNUAL = "annual", _("Annual meeting")
    WORKSHOP = "workshop", _("Workshop")
    ROUNDTABLE = "roundtable", _("Roundtable")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")


class Meeting(NaturalKeyMixin, TimeStampedModel):
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
    end_on = models.DateField(_("end date"), null=True, blank=True)
    host_country = models.ForeignKey(
        MemberState,
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        null=True,
        blank=True,
    )
    host_city = models.CharField(_("host city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    outcomes = models.TextField(
        _("outcomes"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    source_url = HttpsURLField(_("source"), max_length=500, blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-year", "-start_on"]
        constraints = [
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
