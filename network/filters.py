"""FilterSets of the network app (HTML lists and the API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet

from .models import Document, DocumentKind


class DocumentFilterSet(SearchFilterSet):
    search_fields = ("title", "publisher", "status", "notes")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DocumentKind.choices, empty_label=_("All kinds")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    language = django_filters.CharFilter(label=_("Language (ISO 639-1)"), max_length=10)

    class Meta:
        model = Document
        fields = ["kind", "year", "language", "search"]
