"""App configurations: the accounts app, and the Django admin as the secretariat's site."""

from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # this module holds two configs; this one is the accounts app's
    name = "accounts"
    verbose_name = _("Accounts")


class PortalAdminConfig(SimpleAdminConfig):
    """The Django admin as the ASCN Secretariat's site.

    Autodiscovery skips django-leaflet: its `leaflet.admin` imports GeoDjango, which
    needs the GDAL system library the portal does not use (django-leaflet issue #336).
    """

    default_site = "accounts.admin_site.SecretariatAdminSite"
    skip_autodiscover = frozenset({"leaflet"})

    def ready(self):
        super().ready()
        for config in apps.get_app_configs():
            if config.label not in self.skip_autodiscover and module_has_submodule(
                config.module, "admin"
            ):
                import_module(f"{config.name}.admin")
