"""Project-level pages."""

from django.db.models import Prefetch
from django.views.generic import TemplateView

from cities.models import City, MemberState


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
