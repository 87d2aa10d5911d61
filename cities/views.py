"""Public pages for member states, cities and the framework."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from .models import ActionPlan, City, FocusArea, MemberState, PriorityProject, StrategicOutcome


class CityDetailView(DetailView):
    """One active member city with its published plans and their projects."""

    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return City.objects.active().select_related("member_state")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = (
            ActionPlan.objects.published()
            .filter(city=self.object)
            .prefetch_related(
                Prefetch(
                    "projects",
                    queryset=PriorityProject.objects.prefetch_related("focus_areas"),
                )
            )
        )
        return context


class MemberStateDetailView(DetailView):
    """One member state and its active cities."""

    template_name = "cities/memberstate_detail.html"
    context_object_name = "member_state"

    def get_object(self, queryset=None):
        return get_object_or_404(MemberState, iso_alpha2=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cities"] = self.object.cities.active()
        return context


class FrameworkView(TemplateView):
    """The ASEAN Smart Cities Framework: strategic outcomes and focus areas."""

    template_name = "cities/framework.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outcomes"] = StrategicOutcome.objects.all()
        context["focus_areas"] = FocusArea.objects.all()
        return context
