from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Pages that bring the feature apps together, and the seed and demo commands."""

    name = "portal"
    verbose_name = "Portal pages"
