"""The admin site, titled for the ASCN Secretariat."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import RateLimitedAdminAuthenticationForm


class SecretariatAdminSite(admin.AdminSite):
    """Where secretariat staff edit every record of the network. Sign-in failures are
    limited as on the portal's own sign-in page."""

    login_form = RateLimitedAdminAuthenticationForm

    site_header = _("ASCN Secretariat")
    site_title = _("ASCN Secretariat")
    index_title = _("Network records")
