"""The admin site, titled for the ASCN Secretariat."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SecretariatAdminSite(admin.AdminSite):
    """Where secretariat staff edit every record of the network."""

    site_header = _("ASCN Secretariat")
    site_title = _("ASCN Secretariat")
    index_title = _("Network records")
