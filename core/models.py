"""Abstract base models and querysets shared by the portal's apps."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import Confidence


class TimeStampedModel(models.Model):
    """Adds creation and last-change times, used for history views and HTTP caching."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class NaturalKeyQuerySet(models.QuerySet):
    """Finds a row by the model's one natural-key field (its `NATURAL_KEY`), as fixtures
    and the `seed` command refer to rows."""

    def get_by_natural_key(self, value):
        return self.get(**{self.model.NATURAL_KEY: value})


class NaturalKeyMixin:
    """A model whose natural key is one unique field, named by `NATURAL_KEY`."""

    NATURAL_KEY = "slug"

    def natural_key(self):
        return (str(getattr(self, self.NATURAL_KEY)),)


class HttpsURLField(models.URLField):
    """A URL field whose form field completes a bare domain with https:// (the Django 6
    default), not http://."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


SOURCE_KEYS = {"url", "title", "publisher", "published"}


def validate_sources(value):
    """A list of {"url", "title", "publisher", "published"} with an http(s) URL and plain
    text (no NUL, which PostgreSQL cannot store), so the admin and the API refuse a bad
    list with a message instead of failing in the database."""
    if not isinstance(value, list):
        raise ValidationError(_("Sources must be a list."), code="invalid")
    for item in value:
        if not isinstance(item, dict) or not set(item) <= SOURCE_KEYS or "url" not in item:
            raise ValidationError(
                _("Each source is an object with url, title, publisher and published."),
                code="invalid",
            )
        if not all(isinstance(v, str) and "\x00" not in v for v in item.values()):
            raise ValidationError(_("Source fields must be text."), code="invalid")
        if not re.match(r"^https?://\S+$", item["url"]) or len(item["url"]) > 500:
            raise ValidationError(_("Each source needs an http(s) address."), code="invalid")


def validate_text_list(value):
    """A JSON list of plain strings (names, events), without NUL."""
    if not isinstance(value, list) or not all(
        isinstance(item, str) and "\x00" not in item for item in value
    ):
        raise ValidationError(_("Enter a list of text values."), code="invalid")


class SourcedModel(models.Model):
    """A record of the reference data with the public sources behind it and how firmly
    they support it. `sources` is a list of {"url", "title", "publisher", "published"}
    (title, publisher and date where known), shown as a "Sources" list on the record's
    page and returned by the API."""

    sources = models.JSONField(
        _("sources"), default=list, blank=True, validators=[validate_sources]
    )
    confidence = models.CharField(
        _("confidence"),
        max_length=10,
        choices=Confidence.choices,
        blank=True,
        default="",
    )
    confidence_note = models.TextField(
        _("confidence note"),
        blank=True,
        help_text=_("Why the sources support this record only so far; shown beside a marker."),
    )

    class Meta:
        abstract = True

    @property
    def is_uncertain(self):
        """Medium- and low-confidence facts carry a visible marker with their note."""
        return self.confidence in ("medium", "low")

    @property
    def latest_source_on(self):
        """The latest publication date among the sources (ISO text), or ''."""
        return latest_source_date([self.sources])


ISO_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def latest_source_date(source_lists):
    """The latest publication date (ISO text: year, month or day) among the given
    records' `sources` lists; undated and approximate ones ("unknown", "2026 (as of)")
    are skipped."""
    dates = [
        str(source.get("published") or "")
        for sources in source_lists
        for source in sources or []
        if ISO_DATE.match(str(source.get("published") or ""))
    ]
    return max(dates, default="")


class AppendOnlyQuerySet(models.QuerySet):
    """Rows of a history table are never changed or deleted in bulk either."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """A history row (a plan's or an interest's events): written once, never changed or
    deleted (its parent's cascade aside)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.verbose_name_plural} are append-only.")
