"""The representatives' public datasets: current terms only, a name only where the
person agreed to have it shown, never an email or a phone."""

from django.utils.translation import gettext_lazy as _

from core.downloads import Column, Dataset

from .filters import ChiefSmartCityOfficerFilterSet, NationalRepresentativeFilterSet
from .models import ChiefSmartCityOfficer, NationalRepresentative


def _public_name(row):
    return row["full_name"] if row["is_name_public"] else ""


def _columns(*first):
    return [
        *first,
        Column(
            "full_name",
            _public_name,
            field="full_name",
            needs=("full_name", "is_name_public"),
            description=_("Empty unless the person agreed to have the name shown."),
        ),
        Column("title"),
        Column("organisation"),
        Column("term_start_on"),
        Column("term_end_on"),
    ]


NATIONAL_REPRESENTATIVES = Dataset(
    key="national-representatives",
    title=_("National representatives"),
    description=_("Each member state's current National Representative to the network."),
    model=NationalRepresentative,
    rows=lambda user: NationalRepresentative.objects.current(),
    filterset_class=NationalRepresentativeFilterSet,
    columns=_columns(Column("member_state", "member_state.iso_alpha2")),
    ordering=("member_state__name", "-term_start_on"),
)

CHIEF_OFFICERS = Dataset(
    key="chief-officers",
    title=_("Chief smart city officers"),
    description=_("Each member city's current Chief Smart City Officer (CSCO)."),
    model=ChiefSmartCityOfficer,
    rows=lambda user: ChiefSmartCityOfficer.objects.current(),
    filterset_class=ChiefSmartCityOfficerFilterSet,
    columns=_columns(Column("city", "city.slug")),
    ordering=("city__name", "-term_start_on"),
)
