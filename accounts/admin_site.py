"""The admin site, titled for the ASCN Secretariat."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SecretariatAdminSite(admin.AdminSite):
    """Where secretariat staff edit every record of the network. Failed sign-ins count
    towards the same django-axes lockout as the portal and the API token endpoint."""

    site_header = _("ASCN Secretariat")
    site_title = _("ASCN Secretariat")
    index_title = _("Network records")
