from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Action plans, their projects and attachments, and the review workflow."""

    name = "plans"
    verbose_name = _("Action plans")
