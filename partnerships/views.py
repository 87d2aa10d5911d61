"""Public pages for partnership agreements."""

from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.pages import BreadcrumbsMixin, FilteredPageMixin

from .filters import PartnershipAgreementFilterSet
from .models import PartnershipAgreement, Programme


class PartnershipAgreementListView(BreadcrumbsMixin, FilteredPageMixin, ListView):
    """Every recorded agreement, filterable by kind, city, partner, currency and year
    (the city as a chip: `?city=<slug>`, not a select of every city)."""

    template_name = "partnerships/partnershipagreement_list.html"
    context_object_name = "agreements"
    paginate_by = 50
    filterset_class = PartnershipAgreementFilterSet
    chip_filters = ("city",)

    def base_queryset(self):
        return PartnershipAgreement.objects.published()

    def get_queryset(self):
        return self.filtered_queryset().prefetch_related("parties", "cities").distinct()

    def get_breadcrumbs(self):
        return [(None, _("Partnerships"))]


class PartnershipAgreementDetailView(BreadcrumbsMixin, DetailView):
    """One agreement: its parties, cities, amount and currency, date and source."""

    template_name = "partnerships/partnershipagreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return PartnershipAgreement.objects.published().prefetch_related(
            "parties",
            "cities",
            "signed_at_meetings",
            Prefetch("programmes", queryset=Programme.objects.prefetch_related("cities")),
        )

    def get_breadcrumbs(self):
        return [
            (reverse_lazy("partnerships:partnershipagreement_list"), _("Partnerships")),
            (None, self.object.title),
        ]
