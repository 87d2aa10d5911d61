"""Project-level pages: about, health, error handlers."""

from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from cities.models import City, MemberState
from partnerships.models import Meeting

from .api_errors import api_not_found, api_server_error
from .pages import BreadcrumbsMixin


class AboutView(BreadcrumbsMixin, TemplateView):
    """What the network is and how it grew, with its meetings as a timeline."""

    template_name = "about.html"

    def get_breadcrumbs(self):
        return [(None, _("About"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            meetings=Meeting.objects.select_related("host_country").order_by("start_on", "year"),
            city_count=City.objects.active().count(),
            member_state_count=MemberState.objects.count(),
        )
        return context


@never_cache
@require_GET
def health(request):
    """Liveness and database check for load balancers and the compose healthcheck."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bench_floor(request):
    """The benchmarks' floor: a fixed small JSON answer through the same server and
    middleware, no database (enabled by BENCH_FLOOR)."""
    return JsonResponse({"status": "ok", "service": "ascn-portal"})


def page_not_found(request, exception=None):
    """404: JSON under /api/, the portal's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/, the portal's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return defaults.server_error(request)
