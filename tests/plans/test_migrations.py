"""A database migrated at the layout before the plans app (plans inside `cities`) moves
to the new layout with every row kept: tables renamed, content types relabelled, the
cities' published counts filled in."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The leaf migrations of the layout before the plans app existed.
BEFORE = [
    ("accounts", "0001_initial"),
    ("cities", "0002_workflow_history"),
    ("representatives", "0002_workflow_history"),
    ("partnerships", "0002_workflow_history"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("plans", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_old_layout_migrates_with_every_row_kept():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        MemberState = old.get_model("cities", "MemberState")
        City = old.get_model("cities", "City")
        FocusArea = old.get_model("cities", "FocusArea")
        ActionPlan = old.get_model("cities", "ActionPlan")
        ActionPlanEvent = old.get_model("cities", "ActionPlanEvent")
        PriorityProject = old.get_model("cities", "PriorityProject")
        Agreement = old.get_model("partnerships", "PartnershipAgreement")
        ContentType = old.get_model("contenttypes", "ContentType")
        ContentType.objects.get_or_create(app_label="cities", model="actionplan")

        state = MemberState.objects.create(
            name="Testland",
            official_short_name="Testland",
            iso_alpha2="TL",
            iso_alpha3="TLD",
            capital="Test City",
            asean_accession_on="2000-01-01",
        )
        city = City.objects.create(
            name="Old Town",
            slug="old-town",
            member_state=state,
            latitude=1,
            longitude=100,
            joined_year=2018,
            cohort="pilot_2018",
        )
        area = FocusArea.objects.create(key="mobility", name="Mobility")
        approved = ActionPlan.objects.create(
            city=city, title="Approved plan", status="approved", version=1
        )
        approved.focus_areas.add(area)
        draft = ActionPlan.objects.create(city=city, title="A draft", status="draft", version=1)
        ActionPlanEvent.objects.create(plan=draft, from_status="", to_status="draft")
        projects = [
            PriorityProject.objects.create(plan=approved, title=f"Project {i}") for i in range(3)
        ]
        PriorityProject.objects.create(plan=draft, title="Draft project")
        agreement = Agreement.objects.create(title="An agreement", slug="an-agreement", kind="mou")
        agreement.projects.add(projects[0])
    finally:
        new = _migrate(leaves)

    NewPlan = new.get_model("plans", "ActionPlan")
    NewProject = new.get_model("plans", "PriorityProject")
    NewEvent = new.get_model("plans", "ActionPlanEvent")
    NewCity = new.get_model("cities", "City")
    assert set(NewPlan.objects.values_list("title", flat=True)) == {"Approved plan", "A draft"}
    assert NewProject.objects.count() == 4
    assert NewEvent.objects.count() == 1
    approved_now = NewPlan.objects.get(title="Approved plan")
    assert list(approved_now.focus_areas.values_list("key", flat=True)) == ["mobility"]
    moved = NewCity.objects.get(slug="old-town")
    assert moved.published_project_count == 3
    assert list(moved.published_focus_areas.values_list("key", flat=True)) == ["mobility"]
    ContentType = new.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="plans", model="actionplan").exists()
    assert not ContentType.objects.filter(app_label="cities", model="actionplan").exists()
    Agreement = new.get_model("partnerships", "PartnershipAgreement")
    assert list(Agreement.objects.get().projects.values_list("title", flat=True)) == ["Project 0"]
    tables = connection.introspection.table_names()
    assert "plans_actionplan" in tables and "cities_actionplan" not in tables
