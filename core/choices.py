"""Choices shared across apps: currencies and year bounds."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    """ISO 4217 codes for the currencies of the member states and of the main partners."""

    USD = "USD", _("US dollar (USD)")
    AUD = "AUD", _("Australian dollar (AUD)")
    JPY = "JPY", _("Japanese yen (JPY)")
    KRW = "KRW", _("South Korean won (KRW)")
    CNY = "CNY", _("Chinese yuan (CNY)")
    EUR = "EUR", _("Euro (EUR)")
    NOK = "NOK", _("Norwegian krone (NOK)")
    GBP = "GBP", _("Pound sterling (GBP)")
    BND = "BND", _("Brunei dollar (BND)")
    KHR = "KHR", _("Cambodian riel (KHR)")
    IDR = "IDR", _("Indonesian rupiah (IDR)")
    LAK = "LAK", _("Lao kip (LAK)")
    MYR = "MYR", _("Malaysian ringgit (MYR)")
    MMK = "MMK", _("Myanmar kyat (MMK)")
    PHP = "PHP", _("Philippine peso (PHP)")
    SGD = "SGD", _("Singapore dollar (SGD)")
    THB = "THB", _("Thai baht (THB)")
    VND = "VND", _("Vietnamese dong (VND)")


# Years a plan, project or membership may name: the network dates from 2018.
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class DatePrecision(models.TextChoices):
    """How much of a recorded date is known: the rest is stored as the first day."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def format_partial_date(value, precision):
    """Render a date only as precisely as it is known ("July 2018", "2023")."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


class Confidence(models.TextChoices):
    """How firmly the sources support a seeded fact: "high" is two independent sources or
    one official source; "medium" otherwise; "low" for a single doubtful source; empty
    for general knowledge (ISO codes, capitals, coordinates) with no document behind it."""

    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")
    GENERAL = "", _("general knowledge")
