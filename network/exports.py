"""The network app's public dataset: the network's documents."""

from django.utils.translation import gettext_lazy as _

from core.downloads import Column, Dataset

from .filters import DocumentFilterSet
from .models import Document

DOCUMENTS = Dataset(
    key="documents",
    title=_("Documents"),
    description=_(
        "The network's public documents: its framework, terms of reference, toolkits, "
        "monitoring reports and action plan, with publisher, year, language and address."
    ),
    model=Document,
    rows=lambda user: Document.objects.published(),
    filterset_class=DocumentFilterSet,
    columns=[
        Column("slug"),
        Column("title"),
        Column("kind"),
        Column("year"),
        Column("publisher"),
        Column("language"),
        Column("url"),
        Column("copy_url"),
        Column("status"),
        Column("confidence"),
        Column("focus_areas", related="focus_areas.key"),
    ],
    ordering=("-year", "title"),
    html_list="network:document_list",
)
