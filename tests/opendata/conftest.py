"""A small public network with one of everything, plus what must never leave in an
anonymous download: a draft plan and its project, an inactive city, a private email and
phone, a name not consented to."""

import csv
import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    MeetingFactory,
    MemberStateFactory,
    NationalRepresentativeFactory,
    PartnerFactory,
    PartnershipAgreementFactory,
    PriorityProjectFactory,
)

# Every dataset and the API list that shows the same rows.
API_LISTS = {
    "cities": "/api/v1/cities/",
    "member-states": "/api/v1/member-states/",
    "focus-areas": "/api/v1/focus-areas/",
    "action-plans": "/api/v1/action-plans/",
    "projects": "/api/v1/projects/",
    "partners": "/api/v1/partners/",
    "partnerships": "/api/v1/partnerships/",
    "meetings": "/api/v1/meetings/",
    "national-representatives": "/api/v1/representatives/national/",
    "chief-officers": "/api/v1/representatives/chief-officers/",
    "documents": "/api/v1/documents/",
}

SECRETS = (
    "hidden-officer@example.org",
    "+99 SECRET PHONE",
    "Hidden Name Person",
    "Draft Plan Secret",
    "Draft Project Secret",
    "Inactive Town",
)


@pytest.fixture
def network(db):
    state = MemberStateFactory(iso_alpha2="TH", iso_alpha3="THA", name="Thailand")
    other = MemberStateFactory(iso_alpha2="VN", iso_alpha3="VNM", name="Viet Nam")
    area = FocusAreaFactory(key="safety", name="Safety")
    city = CityFactory(name="Phuket", slug="phuket", member_state=state)
    CityFactory(name="Da Nang", slug="da-nang", member_state=other)
    CityFactory(name="Inactive Town", slug="inactive-town", member_state=state, is_active=False)
    approved = ActionPlanFactory(
        city=city,
        status="approved",
        title="Phuket plan",
        published_at=datetime.datetime.now(datetime.UTC),
    )
    approved.focus_areas.add(area)
    project = PriorityProjectFactory(plan=approved, title="Sea wall")
    project.focus_areas.add(area)
    city.published_focus_areas.add(area)
    draft = ActionPlanFactory(city=city, status="draft", title="Draft Plan Secret")
    PriorityProjectFactory(plan=draft, title="Draft Project Secret")
    ChiefSmartCityOfficerFactory(
        city=city,
        full_name="Hidden Name Person",
        email="hidden-officer@example.org",
        phone="+99 SECRET PHONE",
        is_name_public=False,
    )
    NationalRepresentativeFactory(
        member_state=state, full_name="Public Person", is_name_public=True
    )
    partner = PartnerFactory(slug="acme", name="Acme")
    agreement = PartnershipAgreementFactory(slug="acme-mou")
    agreement.parties.add(partner)
    agreement.cities.add(city)
    agreement.projects.add(project)
    MeetingFactory(slug="workshop-2024", year=2024, host_country=state)
    from network.models import Document

    Document.objects.create(
        slug="framework", title="ASEAN Smart Cities Framework", kind="framework", year=2018
    )
    return {"city": city, "state": state, "draft": draft, "project": project, "area": area}


def parse(fmt, response):
    """The rows of a download, as a list of dicts keyed by column name."""
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        text = body.decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.DictReader(io.StringIO(text[1:])))
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        # Read-only sheets drop trailing empty cells.
        return [
            dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True))
            for row in rows[1:]
        ]
    data = json.loads(body)
    if fmt == "geojson":
        assert data["type"] == "FeatureCollection"
        return [feature["properties"] for feature in data["features"]]
    return data
