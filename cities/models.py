"""Member states, member cities and the ASEAN Smart Cities Framework."""

from decimal import Decimal

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.cache import public_version, reads
from core.models import NaturalKeyMixin, NaturalKeyQuerySet, SourcedModel, TimeStampedModel

LATITUDE_VALIDATORS = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE_VALIDATORS = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


# ------------------------------------------------------------------------------
# Member states
# ------------------------------------------------------------------------------
class MemberState(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """An ASEAN member state: each names a National Representative to the network."""

    NATURAL_KEY = "iso_alpha2"

    name = models.CharField(_("name"), max_length=100, unique=True)
    official_short_name = models.CharField(
        _("official short name"),
        max_length=100,
        help_text=_('The form used in ASEAN documents, e.g. "Lao PDR", "Viet Nam".'),
    )
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    iso_alpha2 = models.CharField(
        _("ISO 3166 alpha-2 code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Two capital letters, e.g. SG."))],
    )
    iso_alpha3 = models.CharField(
        _("ISO 3166 alpha-3 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. SGP."))],
    )
    capital = models.CharField(_("capital"), max_length=100)
    asean_accession_on = models.DateField(_("ASEAN accession date"))
    centroid_latitude = models.DecimalField(
        _("map centre latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    centroid_longitude = models.DecimalField(
        _("map centre longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    notes = models.TextField(
        _("notes"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_alpha2__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_iso_alpha2_format",
                violation_error_message=_("The alpha-2 code must be two capital letters."),
            ),
            models.CheckConstraint(
                condition=Q(iso_alpha3__regex=r"^[A-Z]{3}$"),
                name="%(app_label)s_%(class)s_iso_alpha3_format",
                violation_error_message=_("The alpha-3 code must be three capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:memberstate_detail", kwargs={"code": self.iso_alpha2.lower()})


# ------------------------------------------------------------------------------
# Cities
# ------------------------------------------------------------------------------
class CityCohort(models.TextChoices):
    PILOT_2018 = "pilot_2018", _("2018 pilot city")
    LATER = "later", _("Joined later")


class CityQuerySet(NaturalKeyQuerySet):
    def active(self):
        """Cities currently in the network: the ones the public map and lists show."""
        return self.filter(is_active=True)

    def in_country(self, iso_alpha2):
        return self.filter(member_state__iso_alpha2=iso_alpha2.upper())

    def with_focus_area(self, key):
        """Cities whose published plan files something under the focus area `key`."""
        return self.filter(published_focus_areas__key=key)


class City(NaturalKeyMixin, SourcedModel, TimeStampedModel):
    """A member city of the network. Some are larger territories (a province, a regency);
    the coordinates then mark the main town."""

    name = models.CharField(_("name"), max_length=100)
    ascn_listed_name = models.CharField(
        _("ASCN-listed name"),
        max_length=100,
        blank=True,
        help_text=_('The spelling in ASCN documents, e.g. "Ha Noi", "Chon Buri".'),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="cities",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS
    )
    administrative_role = models.CharField(_("administrative role"), max_length=200, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    population_scope = models.CharField(
        _("population scope"),
        max_length=200,
        blank=True,
        help_text=_("Which territory the figure counts, e.g. city proper, regency."),
    )
    is_national_capital = models.BooleanField(_("national capital"), default=False)
    joined_year = models.PositiveSmallIntegerField(
        _("year joined"), validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    cohort = models.CharField(
        _("cohort"), max_length=20, choices=CityCohort.choices, default=CityCohort.LATER
    )
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive cities are hidden from the public.")
    )
    # Kept by the plans app's services whenever a plan is published or removed (cities
    # imports nothing above it): the map, the lists and the API read them directly.
    published_project_count = models.PositiveIntegerField(
        _("published projects"),
        default=0,
        editable=False,
        help_text=_("Priority projects of the city's published action plan."),
    )
    seeking_project_count = models.PositiveIntegerField(
        _("projects seeking partners"),
        default=0,
        editable=False,
        help_text=_("Published priority projects that seek partners (the marketplace)."),
    )
    published_focus_areas = models.ManyToManyField(
        "FocusArea",
        verbose_name=_("published focus areas"),
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Focus areas of the city's published plan and its projects."),
    )

    objects = CityQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "created_at",
            "updated_at",
            "published_project_count",
            "seeking_project_count",
        ]
    )

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["member_state", "name"], name="cities_city_state_name_idx"),
            # Lists ordered by city name (cities, plans, projects) walk this index and
            # stop after a page instead of sorting every row.
            models.Index(fields=["name"], name="cities_city_name_idx"),
            # The public lists' keys (active cities by name) read from the index alone,
            # so a deep page skips 10,000 entries instead of sorting every city.
            models.Index(
                fields=["name", "id"],
                condition=Q(is_active=True),
                name="cities_city_active_name_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=~Q(cohort=CityCohort.PILOT_2018) | Q(joined_year=2018),
                name="%(app_label)s_%(class)s_pilot_joined_2018",
                violation_error_message=_("A 2018 pilot city joined in 2018."),
            ),
        ]

    def __str__(self):
        return self.name

    # The public page: view name, URL keyword and the field that fills it (also read by
    # core.list_reader, which builds a page of these URLs from one reverse()).
    page_url_spec = ("portal:city_detail", "slug", "slug")

    def get_absolute_url(self):
        view_name, kwarg, field = self.page_url_spec
        return reverse(view_name, kwargs={kwarg: getattr(self, field)})


# ------------------------------------------------------------------------------
# The ASEAN Smart Cities Framework
# ------------------------------------------------------------------------------
class FrameworkItem(NaturalKeyMixin, models.Model):
    """A named item of the framework, keyed by a stable identifier."""

    NATURAL_KEY = "key"

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[MaxLengthValidator(10000)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class StrategicOutcome(FrameworkItem):
    """One of the framework's three strategic outcomes (e.g. Competitive Economy)."""

    class Meta(FrameworkItem.Meta):
        verbose_name = _("strategic outcome")
        verbose_name_plural = _("strategic outcomes")


class FocusArea(FrameworkItem):
    """One of the framework's six focus areas; priority projects are filed under them."""

    class Meta(FrameworkItem.Meta):
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def get_absolute_url(self):
        return reverse("portal:focusarea_detail", kwargs={"key": self.key})

    @classmethod
    def listed_in_order(cls):
        """Every focus area in the framework's order, kept per data version: the API's
        lists write a row's focus areas from it (core.list_reader)."""
        return focus_areas_in_order()


def focus_areas_in_order():
    """The framework's focus areas in its order, read once per public data version in
    each process (core.cache.reads): every city's page groups its projects under them."""
    key = f"focus-areas:{public_version()}"
    areas = reads.get(key)
    if areas is None:
        areas = list(FocusArea.objects.all())
        reads.set(key, areas, nbytes=sum(1000 + len(area.description) for area in areas))
    return areas


def member_state_names():
    """Each member state's name by its key, read once per public data version in each
    process (core.cache.reads): a list of projects names each one's member state without
    joining the member states into its query (one table fewer for PostgreSQL to plan)."""
    key = f"member-state-names:{public_version()}"
    names = reads.get(key)
    if names is None:
        names = dict(MemberState.objects.values_list("pk", "name"))
        reads.set(key, names, nbytes=sum(100 + len(name) for name in names.values()))
    return names
