"""The seed's new records (meetings, governance, documents, projects on public record,
partners under canonical names), their sources, and the repair of rows seeded by the
earlier fixture (tests/network/reference_v1.json, as committed before this change)."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cities.models import City, FocusArea, MemberState
from core.seeding import fixture_load
from network.models import (
    ChairTerm,
    Document,
    GovernanceRole,
    NetworkSizeStatement,
    RecordedProject,
    ShepherdTerm,
)
from partnerships.models import Meeting, Partner, PartnershipAgreement, Programme
from plans.models import ActionPlan, ActionPlanStatus, PriorityProject

pytestmark = pytest.mark.django_db

V1 = Path(__file__).with_name("reference_v1.json")
# What migration partnerships 0004 does to the kinds the earlier fixture used.
OLD_KINDS = {
    "government": "external_government",
    "agency": "external_government",
    "international_organisation": "multilateral",
    "company": "private",
    "city_alliance": "other",
}


def seed():
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def load_v1(tmp_path):
    """The database as the earlier seed left it (after this change's migrations)."""
    records = json.loads(V1.read_text())
    for record in records:
        if record["model"] == "partnerships.partner":
            record["fields"]["kind"] = OLD_KINDS.get(record["fields"]["kind"], "other")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(records))
    fixture_load(path=path)


def approved_without_event():
    return ActionPlan.objects.filter(status=ActionPlanStatus.APPROVED).exclude(
        events__to_status=ActionPlanStatus.APPROVED
    )


def test_seed_snapshot_of_new_records():
    seed()
    assert Meeting.objects.count() == 20
    assert Meeting.objects.filter(kind="asean_japan_hlm").count() == 7
    assert Meeting.objects.filter(kind="forum").count() == 3
    assert Meeting.objects.filter(kind="annual").count() == 8
    assert ChairTerm.objects.count() == 9
    assert list(ChairTerm.objects.values_list("year", "member_state__iso_alpha2")) == [
        (2018, "SG"),
        (2019, "TH"),
        (2020, "VN"),
        (2021, "BN"),
        (2022, "KH"),
        (2023, "ID"),
        (2024, "LA"),
        (2025, "MY"),
        (2026, "PH"),
    ]
    assert ChairTerm.objects.get(year=2024).confidence == "medium"
    assert ChairTerm.objects.get(year=2026).handover_on.isoformat() == "2025-09-09"
    assert list(ShepherdTerm.objects.values_list("key", flat=True)) == [
        "sg-2018-2023",
        "id-2023-2025",
        "id-2025-2027",
    ]
    assert set(GovernanceRole.objects.values_list("key", flat=True)) == {"chair", "shepherd"}
    assert NetworkSizeStatement.objects.count() == 11
    assert Document.objects.count() == 9
    assert RecordedProject.objects.count() == 12
    assert RecordedProject.objects.filter(is_scap_confirmed=True).count() == 2
    assert Programme.objects.count() == 8
    joint = Programme.objects.get(key="pg01")
    assert set(joint.agreements.values_list("slug", flat=True)) == {
        "us-asean-smart-cities-partnership",
        "asean-japan-smart-cities-high-level-meeting",
    }
    bif2 = Programme.objects.get(key="pg07")
    assert (bif2.amount, bif2.currency, bif2.confidence) == (3_000_000, "USD", "medium")
    # BIF 2.0 stays apart from the fund's own amount.
    assert PartnershipAgreement.objects.get(slug="usascp-business-innovation-fund").amount == (
        1_000_000
    )


def test_every_new_record_has_sources_and_a_confidence():
    seed()
    for model in (ChairTerm, ShepherdTerm, GovernanceRole, NetworkSizeStatement, Document):
        for record in model.objects.all():
            assert record.sources, (model, record.pk)
            assert all(s["url"].startswith("http") for s in record.sources)
            assert record.confidence in {"high", "medium"}, (model, record.pk)
    for meeting in Meeting.objects.all():
        assert meeting.sources, meeting.slug
    for project in RecordedProject.objects.all():
        assert project.sources, project.key


def test_medium_confidence_records_carry_their_note():
    seed()
    laos = ChairTerm.objects.get(year=2024)
    assert laos.is_uncertain and "university centre" in laos.confidence_note
    cauayan = City.objects.get(slug="cauayan-city")
    assert cauayan.is_uncertain and cauayan.confidence_note
    meeting_2022 = Meeting.objects.get(slug="2022-annual-meeting")
    assert meeting_2022.is_uncertain and "inferred" in meeting_2022.confidence_note


def test_no_approved_plan_and_no_priority_project_is_seeded():
    seed()
    assert not ActionPlan.objects.exists()
    assert not PriorityProject.objects.exists()
    assert not approved_without_event().exists()
    assert not City.objects.filter(published_project_count__gt=0).exists()
    assert not City.published_focus_areas.through.objects.exists()


def test_inferred_focus_areas_are_kept_apart_from_stated_ones():
    seed()
    kampong = RecordedProject.objects.get(key="a01")
    assert kampong.focus_area is None
    assert kampong.inferred_focus_area.key == "civic_social"
    assert not RecordedProject.objects.filter(
        focus_area__isnull=False, inferred_focus_area__isnull=False
    ).exists()


def test_partners_are_external_parties_under_canonical_names():
    seed()
    names = set(Partner.objects.values_list("name", flat=True))
    assert "U.S. Department of State" in names
    assert not {"ASEAN", "ASCN member cities", "ASEAN Secretariat", "Makassar"} & names
    assert not any("(USASCP)" in n or "United States Government" in n for n in names)
    assert Partner.objects.filter(name__icontains="MLIT").count() == 1
    assert set(Partner.objects.values_list("kind", flat=True)) <= {
        "external_government",
        "multilateral",
        "private",
        "academic",
        "other",
    }
    state = Partner.objects.get(slug="u-s-department-of-state")
    assert set(state.agreements.values_list("slug", flat=True)) >= {
        "us-asean-smart-cities-partnership",
        "usascp-business-innovation-fund",
    }
    assert "U.S. Department of State (USASCP)" in state.aliases
    amata = Partner.objects.get(slug="amata-corporation")
    assert amata.kind == "private" and not amata.is_external


def test_cities_in_agreements_are_linked_as_cities():
    seed()
    nippon = PartnershipAgreement.objects.get(slug="nippon-koei-luang-prabang-makassar")
    assert {"luang-prabang", "makassar"} <= set(nippon.cities.values_list("slug", flat=True))
    australia = PartnershipAgreement.objects.get(slug="asean-australia-smart-cities-initiative")
    assert australia.asean_side_parties == ["ASEAN"]
    assert "A$20 m" in australia.amount_note


def test_corrections_are_applied_with_their_sources():
    seed()
    hlm = PartnershipAgreement.objects.get(slug="asean-japan-smart-cities-high-level-meeting")
    assert hlm.signed_on.isoformat() == "2019-10-08" and hlm.signed_on_precision == "day"
    assert "1st (Yokohama, 8-9 October 2019)" in hlm.description
    assert "10-11 November 2025" in hlm.description
    water = PartnershipAgreement.objects.get(slug="usascp-water-smart-engagements")
    assert set(water.cities.values_list("slug", flat=True)) == {
        "phuket",
        "johor-bahru",
        "ho-chi-minh-city",
        "vientiane",
        "cebu-city",
    }
    assert "five utility pairings" in water.description
    assert any("globaltiesus.org" in s["url"] for s in water.sources)
    fund = PartnershipAgreement.objects.get(slug="usascp-business-innovation-fund")
    assert (fund.signed_on.year, fund.signed_on_precision) == (2022, "year")
    usascp = PartnershipAgreement.objects.get(slug="us-asean-smart-cities-partnership")
    assert "initial" in usascp.notes and "AN01" not in usascp.notes


def test_timor_leste_is_a_member_state_without_a_city():
    seed()
    timor = MemberState.objects.get(iso_alpha2="TL")
    assert not City.objects.filter(member_state=timor).exists()
    assert "no ASCN city" in timor.confidence_note and timor.sources


def test_meetings_link_agreements_documents_and_focus_areas():
    seed()
    inaugural = Meeting.objects.get(slug="2018-annual-meeting")
    assert list(inaugural.agreements_signed.values_list("slug", flat=True)) == [
        "amata-yusa-letter-of-intent"
    ]
    assert "jetro-undp-mou" in inaugural.related_agreements.values_list("slug", flat=True)
    assert inaugural.focus_areas.count() == FocusArea.objects.count() == 6
    yokohama = Meeting.objects.get(slug="2019-asean-japan-high-level-meeting")
    assert yokohama.host_country is None and yokohama.host_country_code == "JP"
    assert yokohama.chair_country.iso_alpha2 == "TH"
    forum = Meeting.objects.get(name__contains="High-Level Forum")
    assert forum.start_on_precision == "month" and forum.dates_label == "October 2020"
    ascap = Document.objects.get(key="D09")
    assert list(ascap.meetings.values_list("slug", flat=True)) == ["2025-annual-meeting"]


def test_seed_is_idempotent_with_the_new_records():
    seed()
    second = seed()
    assert "0 created, 0 updated" in second
    assert "0 partners and 0 plans removed" in second


def test_seed_repairs_rows_seeded_by_the_earlier_fixture(tmp_path):
    load_v1(tmp_path)
    assert ActionPlan.objects.filter(status="approved").count() == 9
    assert Partner.objects.filter(slug="asean").exists()
    kept = ActionPlan.objects.get(city__slug="siem-reap")
    output = seed()
    assert "16 partners and 9 plans removed" in output
    assert not ActionPlan.objects.filter(pk=kept.pk).exists()
    assert not approved_without_event().exists()
    assert not PriorityProject.objects.exists()
    assert not Partner.objects.filter(slug__in=["asean", "ascn-member-cities"]).exists()
    assert not City.objects.filter(published_project_count__gt=0).exists()
    state = Partner.objects.get(slug="u-s-department-of-state")
    assert state.agreements.count() == 3
    assert PartnershipAgreement.objects.count() == 16
    assert "0 created, 0 updated" in seed()


def test_repair_keeps_a_plan_that_was_approved_through_the_workflow(tmp_path):
    load_v1(tmp_path)
    plan = ActionPlan.objects.get(city__slug="siem-reap")
    plan.events.create(from_status="submitted", to_status="approved")
    seed()
    assert ActionPlan.objects.filter(pk=plan.pk, status="approved").exists()


def test_merge_moves_a_users_agreement_to_the_canonical_partner(tmp_path):
    load_v1(tmp_path)
    old = Partner.objects.get(slug="u-s-department-of-state-usascp")
    extra = PartnershipAgreement.objects.create(title="Later", slug="later", kind="mou")
    extra.parties.add(old)
    seed()
    assert list(extra.parties.values_list("slug", flat=True)) == ["u-s-department-of-state"]


# ------------------------------------------------------------------------------
# Snapshot of the new records
# ------------------------------------------------------------------------------
SNAPSHOT = Path(__file__).with_name("seed_snapshot.json")
SNAPSHOT_MODELS = [
    "partnerships.Partner",
    "partnerships.PartnershipAgreement",
    "partnerships.Meeting",
    "partnerships.Programme",
    "network.RecordedProject",
    "network.GovernanceRole",
    "network.ChairTerm",
    "network.ShepherdTerm",
    "network.NetworkSizeStatement",
    "network.Document",
]
SKIPPED = {"id", "created_at", "updated_at"}


def _key(obj):
    return obj.natural_key()[0] if hasattr(obj, "natural_key") else str(obj.pk)


def records_snapshot():
    """Every row of the new and changed reference models, by natural key, with foreign
    keys and many-to-many links as natural keys: comparable across databases."""
    from django.apps import apps

    out = {}
    for label in SNAPSHOT_MODELS:
        model = apps.get_model(label)
        rows = {}
        for obj in model.objects.all():
            values = {}
            for field in model._meta.concrete_fields:
                if field.name in SKIPPED:
                    continue
                value = getattr(obj, field.name)
                if field.is_relation:
                    value = _key(value) if value is not None else None
                elif hasattr(value, "isoformat"):
                    value = value.isoformat()
                elif value is not None and not isinstance(value, (str, int, bool, list, dict)):
                    value = str(value)
                values[field.name] = value
            for field in model._meta.many_to_many:
                values[field.name] = sorted(_key(o) for o in getattr(obj, field.name).all())
            rows[str(_key(obj))] = values
        out[label] = dict(sorted(rows.items()))
    return out


def test_seed_snapshot_of_the_new_records_is_unchanged():
    """The committed snapshot (tests/network/seed_snapshot.json) of what the seed writes;
    after an intended change to the data, rebuild it with SNAPSHOT_UPDATE=1."""
    import os

    seed()
    current = records_snapshot()
    if os.environ.get("SNAPSHOT_UPDATE"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n")
    assert current == json.loads(SNAPSHOT.read_text())


def test_public_texts_name_records_instead_of_dataset_ids():
    """The dataset's internal ids (P04, S05, PG07, M02...) never reach a page."""
    import re

    seed()
    pattern = re.compile(r"\b(P\d\d|S\d\d|C\d\d|PG\d\d|AN\d\d|JH\d|M0\d|F20\d\d[AB]?)\b")
    texts = [
        *Meeting.objects.values_list("outcomes", "notes", "confidence_note"),
        *PartnershipAgreement.objects.values_list(
            "description", "notes", "amount_note", "confidence_note"
        ),
        *RecordedProject.objects.values_list("ascn_link", "notes", "description"),
        *Document.objects.values_list("notes", "status"),
        *Programme.objects.values_list("description", "notes"),
    ]
    found = [text for row in texts for text in row if pattern.search(text)]
    assert found == []
