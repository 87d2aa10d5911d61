from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """The network in numbers: public statistics, the annual progress pack and the
    secretariat's monitoring dashboard."""

    name = "stats"
    verbose_name = _("Statistics")
