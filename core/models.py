"""Abstract base models and querysets shared by the portal's apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
