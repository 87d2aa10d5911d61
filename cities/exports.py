"""The cities app's public datasets: what its lists hold when downloaded (CSV, XLSX,
JSON, GeoJSON) and how the data catalogue describes them."""

from django.utils.translation import gettext_lazy as _

from core.downloads import Column, Dataset

from .filters import CityFilterSet
from .models import City, FocusArea, MemberState

MEMBER_STATES = Dataset(
    key="member-states",
    title=_("Member states"),
    description=_("The ASEAN member states, with their codes, capitals and map centres."),
    model=MemberState,
    rows=lambda user: MemberState.objects.all(),
    columns=[
        Column("iso_alpha2"),
        Column("iso_alpha3"),
        Column("name"),
        Column("official_short_name"),
        Column("official_name"),
        Column("capital"),
        Column("asean_accession_on"),
        Column("centroid_latitude"),
        Column("centroid_longitude"),
    ],
    geometry=("centroid_longitude", "centroid_latitude"),
    ordering=("name",),
    html_list="cities:memberstate_list",
)

CITIES = Dataset(
    key="cities",
    title=_("Member cities"),
    description=_(
        "The active member cities of the network: where they are, when they joined, their "
        "population and the focus areas of their published action plans."
    ),
    model=City,
    rows=lambda user: City.objects.active(),
    filterset_class=CityFilterSet,
    columns=[
        Column("slug"),
        Column("name"),
        Column("ascn_listed_name"),
        Column("member_state", "member_state.iso_alpha2"),
        Column("member_state_name", "member_state.name", title=_("Member state name")),
        Column("latitude"),
        Column("longitude"),
        Column("administrative_role"),
        Column("population"),
        Column("population_year"),
        Column("population_scope"),
        Column("is_national_capital"),
        Column("joined_year"),
        Column("cohort"),
        Column("description"),
        Column("published_project_count"),
        Column("focus_areas", related="published_focus_areas.key"),
    ],
    geometry=("longitude", "latitude"),
    ordering=("name",),
    html_list="cities:city_list",
)

FOCUS_AREAS = Dataset(
    key="focus-areas",
    title=_("Focus areas"),
    description=_("The six focus areas of the ASEAN Smart Cities Framework."),
    model=FocusArea,
    rows=lambda user: FocusArea.objects.all(),
    columns=[Column("key"), Column("name"), Column("description"), Column("position")],
    ordering=("position", "name"),
)
