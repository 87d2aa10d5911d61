"""Project-level pages."""

from django.db import connection
from django.db.models import Prefetch
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from cities.models import City, MemberState

from .api_errors import api_not_found, api_server_error


class HomeView(TemplateView):
    """The portal's front page: the network's member states and cities."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["member_states"] = MemberState.objects.prefetch_related(
            Prefetch("cities", queryset=City.objects.active())
        )
        context["city_count"] = City.objects.active().count()
        return context


@never_cache
@require_GET
def health(request):
    """Liveness and database check for load balancers and the compose healthcheck."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
