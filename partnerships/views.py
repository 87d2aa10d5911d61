"""Public pages for partnership agreements."""

from django.views.generic import DetailView

from .models import PartnershipAgreement


class PartnershipAgreementDetailView(DetailView):
    """One agreement: its parties, cities, amount and source."""

    template_name = "partnerships/partnershipagreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return PartnershipAgreement.objects.published().prefetch_related("parties", "cities")
