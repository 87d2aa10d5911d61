"""The people who speak for the network's members: a National Representative per
member state and a Chief Smart City Officer (CSCO) per city."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import City, MemberState
from core.models import TimeStampedModel


class RepresentativeQuerySet(models.QuerySet):
    def current(self):
        """Representatives whose term has not ended."""
        return self.filter(term_end_on__isnull=True)

    def publicly_named(self):
        """Current representatives who agreed to have their name shown to the public."""
        return self.current().filter(is_name_public=True)


class Representative(TimeStampedModel):
    """Fields common to both kinds of representative. Email and phone are private: they
    go to the secretariat only. A term with no end date is the current one."""

    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Position, e.g. Director of ...")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email (private)"), blank=True)
    phone = models.CharField(_("phone (private)"), max_length=40, blank=True)
    is_name_public = models.BooleanField(
        _("name may be shown publicly"),
        default=False,
        help_text=_("Only with the person's consent; otherwise the public sees the title only."),
    )
    term_start_on = models.DateField(_("term start"))
    term_end_on = models.DateField(
        _("term end"), null=True, blank=True, help_text=_("Leave empty while the term runs.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)s",
    )

    objects = RepresentativeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"], inherit=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.full_name} ({self.title})" if self.title else self.full_name

    @property
    def is_current(self):
        return self.term_end_on is None


def _term_constraints():
    return [
        models.CheckConstraint(
            condition=Q(term_end_on__isnull=True) | Q(term_end_on__gte=models.F("term_start_on")),
            name="%(app_label)s_%(class)s_term_order",
            violation_error_message=_("A term cannot end before it starts."),
        ),
    ]


class NationalRepresentative(Representative):
    """A member state's National Representative: endorses its cities' action plans."""

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="national_representatives",
    )

    class Meta:
        verbose_name = _("national representative")
        verbose_name_plural = _("national representatives")
        ordering = ["member_state__name", "-term_start_on"]
        constraints = [
            *_term_constraints(),
            models.UniqueConstraint(
                fields=["member_state"],
                condition=Q(term_end_on__isnull=True),
                name="%(app_label)s_%(class)s_one_current_per_state",
                violation_error_message=_(
                    "This member state already has a current national representative: "
                    "end that term first."
                ),
            ),
        ]


class ChiefSmartCityOfficer(Representative):
    """A city's Chief Smart City Officer (CSCO): crafts the city's action plan and attends
    the annual meeting."""

    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="chief_officers",
    )

    class Meta:
        verbose_name = _("chief smart city officer")
        verbose_name_plural = _("chief smart city officers")
        ordering = ["city__name", "-term_start_on"]
        constraints = [
            *_term_constraints(),
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(term_end_on__isnull=True),
                name="%(app_label)s_%(class)s_one_current_per_city",
                violation_error_message=_(
                    "This city already has a current chief smart city officer: end that term first."
                ),
            ),
        ]
