"""`seed` loads the reference data completely and idempotently."""

import io
import json
import math
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from cities.models import City, CityCohort, FocusArea, MemberState, StrategicOutcome
from core.geo import point_in_ring
from partnerships.models import Meeting, PartnershipAgreement
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

pytestmark = pytest.mark.django_db

# Approximate bounding boxes (min lon, min lat, max lon, max lat) of each member state.
BOUNDING_BOXES = {
    "BN": (114.0, 4.0, 115.4, 5.1),
    "KH": (102.3, 10.4, 107.7, 14.7),
    "ID": (95.0, -11.0, 141.1, 6.1),
    "LA": (100.1, 13.9, 107.7, 22.5),
    "MY": (99.6, 0.8, 119.3, 7.4),
    "MM": (92.2, 9.8, 101.2, 28.6),
    "PH": (116.9, 4.6, 126.6, 21.2),
    "SG": (103.6, 1.15, 104.1, 1.48),
    "TH": (97.3, 5.6, 105.7, 20.5),
    "VN": (102.1, 8.4, 109.5, 23.4),
    "TL": (124.0, -9.5, 127.4, -8.1),
}
UNVERIFIED_SLUGS = {"ipoh", "putrajaya", "seberang-perai", "denpasar", "semarang", "dili"}


def seed():
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def snapshot():
    """Every row of every portal model, with all its values and many-to-many links."""
    rows = {}
    for config in apps.get_app_configs():
        if config.label not in {
            "accounts",
            "cities",
            "representatives",
            "partnerships",
            "plans",
            "network",
        }:
            continue
        for model in config.get_models():
            for obj in model.objects.all():
                values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
                for field in model._meta.many_to_many:
                    related = getattr(obj, field.name).values_list("pk", flat=True)
                    values[field.name] = sorted(related)
                rows[(model._meta.label, obj.pk)] = values
    return rows


def test_seed_loads_member_states_cities_and_framework():
    seed()
    assert MemberState.objects.count() == 11
    assert set(MemberState.objects.values_list("iso_alpha2", flat=True)) == set(BOUNDING_BOXES)
    assert MemberState.objects.get(iso_alpha2="TL").asean_accession_on.isoformat() == "2025-10-26"
    assert City.objects.filter(cohort=CityCohort.PILOT_2018).count() == 26
    assert City.objects.filter(cohort=CityCohort.LATER).count() == 6
    assert not City.objects.filter(slug__in=UNVERIFIED_SLUGS).exists()
    assert StrategicOutcome.objects.count() == 3
    assert FocusArea.objects.count() == 6
    assert PartnershipAgreement.objects.count() == 16
    assert Meeting.objects.filter(kind="annual").count() == 8


def test_seed_puts_every_city_inside_its_country():
    seed()
    for city in City.objects.select_related("member_state"):
        min_lon, min_lat, max_lon, max_lat = BOUNDING_BOXES[city.member_state.iso_alpha2]
        assert min_lat <= city.latitude <= max_lat, city.slug
        assert min_lon <= city.longitude <= max_lon, city.slug


def test_seed_links_agreements_to_cities_and_projects():
    seed()
    amata = PartnershipAgreement.objects.get(slug="amata-yusa-letter-of-intent")
    assert list(amata.cities.values_list("slug", flat=True)) == ["chonburi"]
    assert {p.kind for p in amata.parties.all()} == {"private"}
    nippon_koei = PartnershipAgreement.objects.get(slug="nippon-koei-luang-prabang-makassar")
    # The example projects are projects on public record, not priority projects.
    assert not nippon_koei.projects.exists()
    australia = PartnershipAgreement.objects.get(slug="asean-australia-smart-cities-initiative")
    assert (australia.amount, australia.currency) == (30_000_000, "AUD")


def test_seed_names_no_person():
    seed()
    assert not NationalRepresentative.objects.exists()
    assert not ChiefSmartCityOfficer.objects.exists()


def test_seed_twice_changes_nothing():
    first_output = seed()
    before = snapshot()
    second_output = seed()
    assert "0 unchanged" in first_output
    assert ": 0 created, 0 updated" in second_output
    assert snapshot() == before


def test_seed_repairs_an_edited_row():
    seed()
    City.objects.filter(slug="singapore").update(name="Edited")
    assert "1 updated" in seed()
    assert City.objects.get(slug="singapore").name == "Singapore"


def test_seed_creates_secretariat_group_with_model_permissions():
    seed()
    group = Group.objects.get(name=settings.ASCN_SECRETARIAT_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_city", "add_actionplan", "change_chiefsmartcityofficer"} <= codenames
    assert {"view_partnershipagreement", "delete_meeting", "add_user"} <= codenames


def _distance_to_ring(point, ring):
    x, y = point
    return min(math.hypot(x - vx, y - vy) for vx, vy in ring)


def test_every_city_lies_on_its_country_in_the_offline_outlines():
    """The shipped outlines (static/geo) and the seeded coordinates agree: each city is
    inside its member state's shape, or on its coast (within 0.15 degree)."""
    seed()
    outlines = json.loads(
        (Path(settings.BASE_DIR) / "static/geo/asean-outlines.geojson").read_text()
    )
    shapes = {
        f["properties"]["iso_alpha2"]: f["geometry"]["coordinates"] for f in outlines["features"]
    }
    assert set(shapes) == set(BOUNDING_BOXES)
    for city in City.objects.select_related("member_state"):
        point = (float(city.longitude), float(city.latitude))
        polygons = shapes[city.member_state.iso_alpha2]
        inside = any(point_in_ring(*point, polygon[0]) for polygon in polygons)
        near = min(_distance_to_ring(point, polygon[0]) for polygon in polygons)
        assert inside or near < 0.15, (city.slug, near)


def test_offline_outlines_are_small_and_rfc7946():
    path = Path(settings.BASE_DIR) / "static/geo/asean-outlines.geojson"
    assert path.stat().st_size <= 200 * 1024
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection" and "crs" not in data
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(90 <= lon <= 142 and -12 <= lat <= 30 for lon, lat in ring)
