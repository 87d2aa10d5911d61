"""App configurations for the project package and the secretariat admin."""

from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule


class AscnConfig(AppConfig):
    default = True  # apps.py holds two configs; this one is the project package's
    name = "ascn"
    verbose_name = "ASCN Portal"

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from .cors import cors_allowed

        check_request_enabled.connect(cors_allowed, dispatch_uid="ascn-cors-safe-methods")

        from .cache import connect_public_models

        connect_public_models()


class PortalAdminConfig(SimpleAdminConfig):
    """The Django admin as the ASCN Secretariat's site.

    Autodiscovery skips django-leaflet: its `leaflet.admin` imports GeoDjango, which
    needs the GDAL system library the portal does not use (django-leaflet issue #336).
    """

    default_site = "ascn.admin.SecretariatAdminSite"
    skip_autodiscover = frozenset({"leaflet"})

    def ready(self):
        super().ready()
        for config in apps.get_app_configs():
            if config.label not in self.skip_autodiscover and module_has_submodule(
                config.module, "admin"
            ):
                import_module(f"{config.name}.admin")
