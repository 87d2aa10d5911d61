"""Bulk import and export in the secretariat admin: preview, apply all or nothing,
history, background jobs, and the export of selected rows of every admin list."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from cities.models import City
from opendata import services
from opendata.models import ImportJob, ImportJobStatus
from opendata.resources import (
    ChiefSmartCityOfficerResource,
    CityResource,
    PartnershipAgreementResource,
)
from partnerships.models import Partner, PartnershipAgreement
from representatives.models import ChiefSmartCityOfficer
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    MemberStateFactory,
    PriorityProjectFactory,
    UserFactory,
)

CSV_FORMAT = "0"
XLSX_FORMAT = "1"


@pytest.fixture
def cities(db):
    state = MemberStateFactory(iso_alpha2="TH", iso_alpha3="THA")
    return [CityFactory(member_state=state, slug=f"city-{i}", name=f"City {i}") for i in range(3)]


def admin_export(client, model, ids, fmt="0"):
    """The admin's "Export selected" action, then its form, as a user goes through it."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = client.post(url, {"action": "export_admin_action", "_selected_action": ids})
    assert page.status_code == 200
    form = page.context["form"]
    data = {"format": fmt, "export_items": ids, "resource": "0"}
    data.update(
        {
            name: "on"
            for name, field in form.fields.items()
            if getattr(field, "is_selectable_field", False)
        }
    )
    export_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    response = client.post(export_url, data)
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def admin_preview(client, model, content, name="file.csv", fmt=CSV_FORMAT):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(url, {"import_file": upload, "format": fmt, "resource": "0"})


def admin_confirm(client, model, preview):
    confirm = preview.context["confirm_form"]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import")
    return client.post(url, {name: confirm.initial.get(name, "") for name in confirm.fields})


def test_round_trip_export_edit_import_records_history(
    secretariat_client, secretariat_user, cities
):
    ids = [str(city.pk) for city in cities]
    exported = csv_rows(admin_export(secretariat_client, City, ids).content)
    assert [row["slug"] for row in exported] == sorted(["city-0", "city-1", "city-2"])
    assert "is_active" in exported[0]  # a private field: the secretariat sees it
    for row in exported:
        if row["slug"] == "city-1":
            row["population"] = "123456"

    preview = admin_preview(secretariat_client, City, to_csv(exported))
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 2)
    assert not result.has_errors() and not result.has_validation_errors()
    assert City.objects.get(slug="city-1").population is None  # nothing written yet

    response = admin_confirm(secretariat_client, City, preview)
    assert response.status_code == 302
    city = City.objects.get(slug="city-1")
    assert city.population == 123456
    latest = city.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == secretariat_user
    assert City.objects.get(slug="city-0").history.count() == 1  # unchanged rows untouched


def test_a_file_with_one_bad_row_changes_nothing_and_names_it(secretariat_client, cities):
    rows = csv_rows(admin_export(secretariat_client, City, [str(c.pk) for c in cities]).content)
    rows[0]["name"] = "Renamed"
    rows[1]["latitude"] = "200"
    new = dict(rows[2], slug="brand-new", name="Brand new")
    preview = admin_preview(secretariat_client, City, to_csv([*rows, new]))
    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in preview.context  # no way to apply a bad file
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "latitude" in invalid.error_dict
    page = preview.content.decode()
    assert "Some rows failed to validate" in page
    assert "Ensure this value is less than or equal to 90." in page
    assert not City.objects.filter(name="Renamed").exists()
    assert not City.objects.filter(slug="brand-new").exists()


def test_a_row_naming_an_unknown_member_state_is_an_error(secretariat_client, cities):
    rows = csv_rows(admin_export(secretariat_client, City, [str(cities[0].pk)]).content)
    rows[0]["member_state"] = "ZZ"
    result = admin_preview(secretariat_client, City, to_csv(rows)).context["result"]
    assert result.has_validation_errors() or result.has_errors()


def test_import_reads_xlsx(secretariat_client, cities):
    response = admin_export(secretariat_client, City, [str(c.pk) for c in cities], fmt="1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("name") + 1, value="Changed in a spreadsheet")
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    preview = admin_preview(
        secretariat_client, City, buffer.getvalue(), name="cities.xlsx", fmt=XLSX_FORMAT
    )
    assert preview.context["result"].totals["update"] == 1
    admin_confirm(secretariat_client, City, preview)
    assert City.objects.filter(name="Changed in a spreadsheet").count() == 1


def test_public_download_imports_back(secretariat_client, client, cities):
    """The public CSV (with its BOM and extra columns) is a valid import file."""
    body = b"".join(client.get("/data/cities.csv").streaming_content)
    preview = admin_preview(secretariat_client, City, body)
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 3


def test_formula_cells_are_neutralised_in_the_admin_export_and_restored_on_import(
    secretariat_client, cities
):
    city = cities[0]
    city.description = '=HYPERLINK("http://x")'
    city.save()
    rows = csv_rows(admin_export(secretariat_client, City, [str(city.pk)]).content)
    assert rows[0]["description"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["population"] == ""  # an empty cell stays empty
    preview = admin_preview(secretariat_client, City, to_csv(rows))
    assert preview.context["result"].totals["skip"] == 1  # unchanged after the round trip


def test_agreement_import_goes_through_the_service(secretariat_client, db):
    Partner.objects.create(name="Acme", slug="acme")
    city = CityFactory(slug="phuket")
    draft_project = PriorityProjectFactory(plan=ActionPlanFactory(city=city, status="draft"))
    header = "slug,title,kind,parties,cities,projects,signed_on,amount,currency\n"
    good = "new-mou,New MOU,mou,acme,phuket,,2024-07-01,100,USD\n"
    bad = f"bad-mou,Bad MOU,mou,acme,phuket,{draft_project.uuid},2024-07-01,,\n"
    preview = admin_preview(
        secretariat_client, PartnershipAgreement, (header + good + bad).encode()
    )
    result = preview.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "published plans" in str(invalid.error_dict)
    assert not PartnershipAgreement.objects.exists()

    preview = admin_preview(secretariat_client, PartnershipAgreement, (header + good).encode())
    admin_confirm(secretariat_client, PartnershipAgreement, preview)
    agreement = PartnershipAgreement.objects.get(slug="new-mou")
    assert [p.slug for p in agreement.parties.all()] == ["acme"]
    assert [c.slug for c in agreement.cities.all()] == ["phuket"]
    assert agreement.history.latest().history_user.is_secretariat


def test_officers_import_matches_by_city_and_term_start(secretariat_client, db):
    officer = ChiefSmartCityOfficerFactory(city=CityFactory(slug="phuket"))
    header = (
        "city,full_name,title,organisation,email,phone,is_name_public,term_start_on,term_end_on\n"
    )
    row = f"phuket,New Name,CSCO,,new@example.org,+1,1,{officer.term_start_on},\n"
    preview = admin_preview(secretariat_client, ChiefSmartCityOfficer, (header + row).encode())
    assert preview.context["result"].totals["update"] == 1
    admin_confirm(secretariat_client, ChiefSmartCityOfficer, preview)
    officer.refresh_from_db()
    assert (officer.full_name, officer.email, officer.is_name_public) == (
        "New Name",
        "new@example.org",
        True,
    )
    assert ChiefSmartCityOfficer.objects.count() == 1


def test_a_background_job_with_a_bad_row_applies_nothing(
    secretariat_user, cities, django_capture_on_commit_callbacks
):
    data = to_csv(
        [
            {
                "slug": "city-0",
                "name": "Renamed 0",
                "member_state": "TH",
                "latitude": "1",
                "longitude": "1",
                "joined_year": "2018",
                "cohort": "pilot_2018",
            },
            {
                "slug": "city-1",
                "name": "Renamed 1",
                "member_state": "TH",
                "latitude": "300",
                "longitude": "1",
                "joined_year": "2018",
                "cohort": "pilot_2018",
            },
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            user=secretariat_user,
            resource_class=CityResource,
            model=City,
            data=data,
            original_name="cities.csv",
            input_format="csv",
            rows=2,
        )
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.report["invalid"][0]["row"] == 2
    assert "latitude" in job.report["invalid"][0]["errors"]
    assert not City.objects.filter(name__startswith="Renamed").exists()


def test_import_service_refuses_everyone_but_the_secretariat(db, cities):
    from django.core.exceptions import PermissionDenied
    from tablib import Dataset

    with pytest.raises(PermissionDenied):
        services.import_run(
            resource=CityResource(), dataset=Dataset(), user=UserFactory(), dry_run=True
        )


@pytest.mark.parametrize("role", ["anonymous", "csco", "staff_not_secretariat"])
def test_import_and_export_pages_are_for_the_secretariat_only(client, csco_user, role):
    if role == "csco":
        client.force_login(csco_user)
    elif role == "staff_not_secretariat":
        client.force_login(UserFactory(is_staff=True, is_superuser=False))
    for url in (reverse("admin:cities_city_import"), reverse("admin:cities_city_export")):
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url, response.status_code)


def test_secretariat_reaches_the_import_page(secretariat_client, db):
    response = secretariat_client.get(reverse("admin:cities_city_import"))
    assert response.status_code == 200
    assert "member_state" in response.content.decode()


def test_every_network_admin_list_exports_selected_rows(secretariat_user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = secretariat_user
    apps = {"cities", "representatives", "plans", "partnerships"}
    checked = 0
    for model, model_admin in admin.site._registry.items():
        actions = model_admin.get_actions(request)
        if model._meta.app_label in apps:
            assert "export_admin_action" in actions, model
            checked += 1
        elif model._meta.app_label in ("accounts", "authtoken"):
            assert "export_admin_action" not in actions, model
    assert checked >= 10


def test_admin_export_of_plans_includes_drafts_for_the_secretariat(secretariat_client, db):
    from plans.models import ActionPlan

    plan = ActionPlanFactory(status="draft", title="Secret draft")
    rows = csv_rows(admin_export(secretariat_client, ActionPlan, [str(plan.pk)]).content)
    assert [row["title"] for row in rows] == ["Secret draft"]


def test_resource_columns_match_the_public_download(db):
    from opendata.registry import DATASETS

    public = [column.name for column in DATASETS["cities"].columns]
    for name in CityResource().get_export_headers():
        assert name in public or name == "is_active"
    officer = ChiefSmartCityOfficerResource().get_export_headers()
    assert officer[:2] == ["city", "full_name"]
    assert "projects" in PartnershipAgreementResource().get_export_headers()


def test_a_large_upload_is_checked_then_applied_in_the_background(
    secretariat_client, secretariat_user, settings, cities, django_capture_on_commit_callbacks
):
    settings.DATA_IMPORT_ASYNC_ROWS = 2
    rows = csv_rows(admin_export(secretariat_client, City, [str(c.pk) for c in cities]).content)
    for row in rows:
        row["population"] = "2000"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_preview(secretariat_client, City, to_csv(rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:opendata_importjob_change", args=[job.pk])
    assert job.status == ImportJobStatus.READY  # checked in a rolled-back transaction
    assert job.report["update"] == 3 and job.report["invalid"] == []
    assert set(City.objects.values_list("population", flat=True)) == {None}
    page = secretariat_client.get(response["Location"]).content.decode()
    assert "Apply this import" in page and "3 to update" in page

    apply_url = reverse("admin:opendata_importjob_apply", args=[job.pk])
    assert secretariat_client.get(apply_url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert secretariat_client.post(apply_url).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert set(City.objects.values_list("population", flat=True)) == {2000}
    assert City.objects.get(slug="city-1").history.latest().history_user == secretariat_user
    # Applying twice is refused.
    secretariat_client.post(apply_url)
    assert City.objects.get(slug="city-1").history.count() == 2


def test_a_large_upload_with_a_bad_row_cannot_be_applied(
    secretariat_client, settings, cities, django_capture_on_commit_callbacks
):
    settings.DATA_IMPORT_ASYNC_ROWS = 2
    rows = csv_rows(admin_export(secretariat_client, City, [str(c.pk) for c in cities]).content)
    rows[2]["cohort"] = "nonsense"
    with django_capture_on_commit_callbacks(execute=True):
        admin_preview(secretariat_client, City, to_csv(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert job.report["invalid"][0]["row"] == 3
    assert "cohort" in job.report["invalid"][0]["errors"]
    page = secretariat_client.get(reverse("admin:opendata_importjob_change", args=[job.pk]))
    assert "Apply this import" not in page.content.decode()
    assert "Row 3: cohort" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(reverse("admin:opendata_importjob_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED


def test_only_the_secretariat_applies_an_import_job(client, csco_user, secretariat_user, db):
    job = ImportJob.objects.create(
        resource="opendata.resources.CityResource",
        model_label="cities",
        file="imports/x.csv",
        original_name="x.csv",
        input_format="csv",
        created_by=secretariat_user,
        status=ImportJobStatus.READY,
    )
    apply_url = reverse("admin:opendata_importjob_apply", args=[job.pk])
    assert client.post(apply_url).status_code == 302  # to the sign-in page
    client.force_login(csco_user)
    assert client.post(apply_url).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_job_apply(user=csco_user, job=job)


def test_a_job_whose_rows_fail_when_applied_applies_nothing(
    secretariat_user, db, django_capture_on_commit_callbacks
):
    """Checked, then the data changed before the secretariat applied it: one row now
    fails, so no row is written."""
    from opendata.resources import MeetingResource
    from partnerships.models import Meeting
    from tests.factories import MeetingFactory

    MeetingFactory(slug="old", name="Old name", kind="workshop", year=2024)
    data = (
        b"slug,name,kind,sequence,year\n"
        b"old,New name,workshop,,2024\n"
        b"annual-9,Ninth annual meeting,annual,9,2026\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            user=secretariat_user,
            resource_class=MeetingResource,
            model=Meeting,
            data=data,
            original_name="meetings.csv",
            input_format="csv",
            rows=2,
        )
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY
    assert (job.report["new"], job.report["update"]) == (1, 1)
    MeetingFactory(slug="someone-else", kind="annual", sequence=9, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_apply(user=secretariat_user, job=job)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.report["invalid"][0]["row"] == 2
    assert Meeting.objects.get(slug="old").name == "Old name"
    assert not Meeting.objects.filter(slug="annual-9").exists()


def test_export_of_selected_rows_holds_only_those_rows(secretariat_client, cities):
    rows = csv_rows(admin_export(secretariat_client, City, [str(cities[1].pk)]).content)
    assert [row["slug"] for row in rows] == ["city-1"]
    url = reverse("admin:cities_city_export")
    response = secretariat_client.post(
        url, {"format": "0", "resource": "0", "export_items": ["abc"], "cityresource_slug": "on"}
    )
    assert response.status_code == 200  # the form answers, never a 500
