"""The /data/ catalogue, its dataset pages, DCAT JSON-LD and the Frictionless package."""

import json

import pytest
from frictionless import Package

from opendata.registry import DATASETS
from tests.opendata.conftest import SECRETS


def test_catalogue_lists_every_dataset_with_licence_counts_and_links(client, network):
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'rel="license"' in page and "CC BY 4.0" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    for key, dataset in DATASETS.items():
        assert f'href="/data/{key}/"' in page
        for fmt in dataset.formats:
            assert f'href="/data/{key}.{fmt}"' in page
    entries = {entry.key: entry for entry in response.context["entries"]}
    assert entries["cities"].row_count == 2  # the inactive city is not counted
    assert entries["action-plans"].row_count == 1  # nor the draft
    assert entries["cities"].updated_at is not None
    assert entries["focus-areas"].updated_at is None  # the framework has no update time


def test_catalogue_shows_the_configured_licence(client, network, settings):
    settings.DATA_LICENCE = "ODbL 1.0"
    settings.DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    assert "ODbL 1.0" in client.get("/data/").content.decode()
    assert "ODbL 1.0" in client.get("/data/cities/").content.decode()
    assert "ODbL 1.0" in client.get("/cities/").content.decode()
    assert "opendatacommons" in client.get("/data/cities.csv")["Link"]


def test_dataset_page_has_a_field_dictionary_from_the_models(client, network):
    response = client.get("/data/cities/")
    assert response.status_code == 200
    page = response.content.decode()
    # verbose names and help texts of City's fields
    assert "ASCN-listed name" in page
    assert "The spelling in ASCN documents" in page
    assert "Inactive cities are hidden" not in page  # is_active is not a public column
    assert "<code>focus_areas</code>" in page
    assert "separated by semicolons" in page
    fields = {field["name"]: field for field in response.context["entry"].fields}
    assert fields["population"]["type"] == "integer"
    assert fields["latitude"]["type"] == "number"
    assert fields["is_national_capital"]["type"] == "boolean"
    assert fields["cohort"]["constraints"]["enum"] == ["pilot_2018", "later"]
    assert fields["member_state"]["title"] == "Member state"
    assert "alpha-2" in fields["member_state"]["description"]


def test_dataset_pages_answer_for_every_dataset(client, network):
    for key in DATASETS:
        assert client.get(f"/data/{key}/").status_code == 200


def test_catalogue_pages_hold_no_private_value(client, network):
    for url in ["/data/", *(f"/data/{key}/" for key in DATASETS)]:
        page = client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in page


def test_dcat_catalogue(client, network):
    response = client.get("/data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalogue["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    datasets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(datasets) == set(DATASETS)
    cities = datasets["cities"]
    assert cities["@type"] == "dcat:Dataset"
    assert "dct:modified" in cities
    urls = {d["dct:format"]: d["dcat:downloadURL"]["@id"] for d in cities["dcat:distribution"]}
    assert urls["CSV"] == "http://testserver/data/cities.csv"
    assert set(urls) == {"CSV", "XLSX", "JSON", "GeoJSON"}
    for distribution in cities["dcat:distribution"]:
        assert distribution["dct:license"]["@id"].startswith("https://creativecommons.org/")
        assert distribution["dcat:mediaType"]["@id"].startswith("https://www.iana.org/")
        path = distribution["dcat:downloadURL"]["@id"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200


def test_datapackage_validates_every_csv_with_frictionless(client, network, tmp_path):
    response = client.get("/data/datapackage.json")
    assert response.status_code == 200
    descriptor = response.json()
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert {r["name"] for r in descriptor["resources"]} == set(DATASETS)
    for resource in descriptor["resources"]:
        path = resource["path"].removeprefix("http://testserver")
        assert path == f"/data/{resource['name']}.csv"
        body = b"".join(client.get(path).streaming_content)
        (tmp_path / f"{resource['name']}.csv").write_bytes(body)
        resource["path"] = f"{resource['name']}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])
    assert sum(task.stats["rows"] for task in report.tasks) > 10


def test_datapackage_schema_catches_a_wrong_file(client, network, tmp_path):
    """The schema is not a formality: a CSV with a bad value fails it."""
    descriptor = client.get("/data/datapackage.json").json()
    resource = next(r for r in descriptor["resources"] if r["name"] == "cities")
    body = b"".join(client.get("/data/cities.csv").streaming_content).decode("utf-8")
    body = body.replace(",pilot_2018,", ",not-a-cohort,", 1)
    (tmp_path / "cities.csv").write_text(body, encoding="utf-8")
    resource["path"] = "cities.csv"
    descriptor["resources"] = [resource]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert "constraint-error" in {error.type for error in report.tasks[0].errors}


@pytest.mark.parametrize("url", ["/data/catalog.jsonld", "/data/datapackage.json"])
def test_machine_readable_metadata_answers_anonymous_readers(client, db, url):
    assert client.get(url).status_code == 200
