"""The partnerships app's public datasets: partners, agreements and meetings."""

from django.utils.translation import gettext_lazy as _

from core.downloads import Column, Dataset
from plans.models import PriorityProject

from .filters import MeetingFilterSet, PartnerFilterSet, PartnershipAgreementFilterSet
from .models import Meeting, Partner, PartnershipAgreement

PARTNERS = Dataset(
    key="partners",
    title=_("Partners"),
    description=_("Governments, agencies, organisations and firms in the network's agreements."),
    model=Partner,
    rows=lambda user: Partner.objects.all(),
    filterset_class=PartnerFilterSet,
    columns=[
        Column("slug"),
        Column("name"),
        Column("kind"),
        Column("country_code"),
        Column("website"),
    ],
    ordering=("name",),
)


PARTNERSHIPS = Dataset(
    key="partnerships",
    title=_("Partnership agreements"),
    description=_(
        "MOUs, funds, agreements and programmes between partners and the member cities; "
        "amounts are announced commitments in their original currency."
    ),
    model=PartnershipAgreement,
    rows=lambda user: PartnershipAgreement.objects.published(),
    filterset_class=PartnershipAgreementFilterSet,
    columns=[
        Column("slug"),
        Column("title"),
        Column("kind"),
        Column("parties", related="parties.slug"),
        Column("cities", related="cities.slug"),
        # Only the projects the user may see are named: a draft's projects stay hidden.
        Column(
            "projects",
            related="projects.uuid",
            related_rows=lambda user: PriorityProject.objects.visible_to(user),
        ),
        Column("signed_on"),
        Column("signed_on_precision"),
        Column("amount"),
        Column("currency"),
        Column("description"),
        Column("source_url"),
    ],
    ordering=("-signed_on", "title"),
    html_list="partnerships:partnershipagreement_list",
)

MEETINGS = Dataset(
    key="meetings",
    title=_("Meetings"),
    description=_("The network's annual meetings, workshops and roundtables."),
    model=Meeting,
    rows=lambda user: Meeting.objects.all(),
    filterset_class=MeetingFilterSet,
    columns=[
        Column("slug"),
        Column("name"),
        Column("kind"),
        Column("sequence"),
        Column("year"),
        Column("start_on"),
        Column("end_on"),
        Column("host_country", "host_country.iso_alpha2"),
        Column("host_city"),
        Column("venue"),
        Column("format"),
        Column("outcomes"),
        Column("source_url"),
    ],
    # A meeting's place is its host country (the map centre of the member state).
    geometry=("host_country.centroid_longitude", "host_country.centroid_latitude"),
    ordering=("-year", "-start_on"),
)
