"""Downloads of every public list: each format parses and holds as many rows as the
filtered API list; only what the caller may see; safe, streamed CSV."""

import pytest
from django.http import StreamingHttpResponse

from opendata.registry import DATASETS
from tests.factories import UserFactory
from tests.opendata.conftest import API_LISTS, SECRETS, parse

CASES = [(key, fmt) for key, dataset in DATASETS.items() for fmt in dataset.formats]


def test_registry_covers_every_public_list():
    assert set(DATASETS) == set(API_LISTS)


def api_count(client, key, query=""):
    response = client.get(f"{API_LISTS[key]}?{query}")
    assert response.status_code == 200
    return response.json()["count"]


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_download_parses_with_as_many_rows_as_the_api(client, network, key, fmt):
    response = client.get(f"/data/{key}.{fmt}")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert 'rel="license"' in response["Link"]
    assert f"ascn-{key}-" in response["Content-Disposition"]
    rows = parse(fmt, response)
    assert len(rows) == api_count(client, key) > 0
    assert list(rows[0]) == [column.name for column in DATASETS[key].columns]


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_api_answers_the_download_by_format_and_accept(client, network, key, fmt):
    if fmt == "json":  # JSON is the API's own paginated answer
        return
    by_format = client.get(f"{API_LISTS[key]}?format={fmt}")
    assert by_format.status_code == 200
    assert isinstance(by_format, StreamingHttpResponse)
    rows = parse(fmt, by_format)
    assert len(rows) == api_count(client, key)
    media_type = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "geojson": "application/geo+json",
    }[fmt]
    by_accept = client.get(API_LISTS[key], headers={"Accept": media_type})
    assert by_accept.status_code == 200
    assert by_accept["Content-Type"].startswith(media_type)
    assert len(parse(fmt, by_accept)) == len(rows)


@pytest.mark.parametrize(
    ("key", "query"),
    [
        ("cities", "member_state=th"),
        ("cities", "search=nang"),
        ("projects", "city=phuket"),
        ("partnerships", "partner=acme"),
        ("meetings", "year=2023"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_download_applies_the_list_filters(client, network, key, query, fmt):
    rows = parse(fmt, client.get(f"/data/{key}.{fmt}?{query}"))
    assert len(rows) == api_count(client, key, query)
    api_rows = parse("csv", client.get(f"{API_LISTS[key]}?format=csv&{query}"))
    assert len(api_rows) == len(rows)


def test_filtered_city_download_holds_only_the_filtered_rows(client, network):
    rows = parse("csv", client.get("/data/cities.csv?member_state=VN"))
    assert [row["slug"] for row in rows] == ["da-nang"]


@pytest.mark.parametrize(("key", "fmt"), CASES)
def test_anonymous_download_never_holds_a_private_value_or_a_draft(client, network, key, fmt):
    response = client.get(f"/data/{key}.{fmt}")
    body = b"".join(response.streaming_content)
    if fmt == "xlsx":
        rows = parse(fmt, type("R", (), {"streaming_content": [body]})())
        body = repr(rows).encode()
    for secret in SECRETS:
        assert secret.encode() not in body, (key, fmt, secret)
    assert b"email" not in body and b"phone" not in body


@pytest.mark.parametrize("key", list(API_LISTS))
def test_anonymous_api_download_never_holds_a_private_value(client, network, key):
    body = b"".join(client.get(f"{API_LISTS[key]}?format=csv").streaming_content)
    for secret in SECRETS:
        assert secret.encode() not in body, (key, secret)


def test_officer_download_holds_its_own_draft(client, network):
    user = UserFactory()
    officer = network["city"].chief_officers.get()
    officer.user = user
    officer.save()
    client.force_login(user)
    response = client.get("/data/action-plans.csv")
    titles = {row["title"] for row in parse("csv", response)}
    assert titles == {"Phuket plan", "Draft Plan Secret"}
    assert "private" in response["Cache-Control"]


def test_other_city_officer_download_holds_no_foreign_draft(client, network):
    from tests.factories import ChiefSmartCityOfficerFactory, CityFactory

    user = UserFactory()
    ChiefSmartCityOfficerFactory(city=CityFactory(), user=user)
    client.force_login(user)
    titles = {row["title"] for row in parse("csv", client.get("/data/action-plans.csv"))}
    assert titles == {"Phuket plan"}


def test_national_representative_download_holds_its_states_drafts(client, network):
    user = UserFactory()
    rep = network["state"].national_representatives.get()
    rep.user = user
    rep.save()
    client.force_login(user)
    titles = {row["title"] for row in parse("csv", client.get("/data/projects.csv"))}
    assert titles == {"Sea wall", "Draft Project Secret"}


def test_secretariat_download_holds_every_plan(secretariat_client, network):
    titles = {
        row["title"] for row in parse("csv", secretariat_client.get("/data/action-plans.csv"))
    }
    assert titles == {"Phuket plan", "Draft Plan Secret"}


def test_nested_values_are_flattened_with_semicolons(client, network):
    from tests.factories import FocusAreaFactory

    network["city"].published_focus_areas.add(FocusAreaFactory(key="mobility"))
    rows = {row["slug"]: row for row in parse("csv", client.get("/data/cities.csv"))}
    assert sorted(rows["phuket"]["focus_areas"].split(";")) == ["mobility", "safety"]
    assert rows["da-nang"]["focus_areas"] == ""
    agreement = parse("csv", client.get("/data/partnerships.csv"))[0]
    assert agreement["parties"] == "acme"
    assert agreement["projects"] == str(network["project"].uuid)
    json_rows = {row["slug"]: row for row in parse("json", client.get("/data/cities.json"))}
    assert sorted(json_rows["phuket"]["focus_areas"]) == ["mobility", "safety"]


def test_csv_has_iso_dates_and_booleans(client, network):
    state = parse("csv", client.get("/data/member-states.csv?"))[0]
    assert state["asean_accession_on"] == "1967-08-08"
    plan = parse("csv", client.get("/data/action-plans.csv"))[0]
    assert plan["published_at"].endswith("Z") and plan["published_at"][4] == "-"
    city = parse("csv", client.get("/data/cities.csv"))[0]
    assert city["is_national_capital"] in ("true", "false")


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_formula_cells_are_neutralised(client, network, payload):
    city = network["city"]
    city.description = payload
    city.save()
    csv_row = next(r for r in parse("csv", client.get("/data/cities.csv")) if r["slug"] == "phuket")
    assert csv_row["description"] == "'" + payload
    xlsx_row = next(
        r for r in parse("xlsx", client.get("/data/cities.xlsx")) if r["slug"] == "phuket"
    )
    assert xlsx_row["description"].startswith("'")
    # JSON is not a spreadsheet: the value stays as it is.
    json_row = next(
        r for r in parse("json", client.get("/data/cities.json")) if r["slug"] == "phuket"
    )
    assert json_row["description"] == payload


def test_negative_numbers_are_not_escaped(client, network):
    city = network["city"]
    city.longitude = -70
    city.save()
    row = next(r for r in parse("csv", client.get("/data/cities.csv")) if r["slug"] == "phuket")
    assert row["longitude"] == "-70.000000"


def test_invalid_filter_answers_400_with_field_errors(client, network):
    response = client.get("/data/cities.csv?joined_year=abc")
    assert response.status_code == 400
    assert "joined_year" in response.json()
    api = client.get("/api/v1/cities/?format=csv&joined_year=abc")
    assert api.status_code == 400
    assert api["Content-Type"].startswith("application/json")
    assert "joined_year" in api.json()


@pytest.mark.parametrize(
    "url",
    ["/data/nothing.csv", "/data/partners.geojson", "/data/cities.exe", "/data/nothing/"],
)
def test_unknown_dataset_or_format_is_404(client, network, url):
    assert client.get(url).status_code == 404


def test_api_detail_has_no_download_format(client, network):
    assert client.get("/api/v1/cities/phuket/?format=csv").status_code == 404
    assert client.get("/api/v1/cities/?format=exe").status_code == 404


def test_nul_in_filter_is_refused(client, network):
    response = client.get("/data/cities.csv?search=a%00b")
    assert response.status_code == 400


def test_html_lists_carry_their_filters_into_the_download(client, network):
    page = client.get("/cities/?member_state=TH&page=1").content.decode()
    assert 'href="/data/cities.csv?member_state=TH"' in page
    assert 'href="/data/cities.geojson?member_state=TH"' in page
    assert "CC BY 4.0" in page
    assert 'href="/data/partnerships.xlsx"' in client.get("/partnerships/").content.decode()
    assert 'href="/data/member-states.csv"' in client.get("/member-states/").content.decode()


def test_downloads_spend_the_api_request_budget(client, network, settings):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    codes = [client.get(f"/data/cities.csv?n={n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]
    refused = client.get("/data/partners.json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", {"Phuket plan"}),
        ("officer", {"Phuket plan", "Draft Plan Secret"}),
        ("other_officer", {"Phuket plan"}),
        ("national_representative", {"Phuket plan", "Draft Plan Secret"}),
        ("secretariat", {"Phuket plan", "Draft Plan Secret"}),
    ],
)
@pytest.mark.parametrize("source", ["/data/action-plans.csv", "/api/v1/action-plans/?format=csv"])
def test_plan_download_per_role(client, network, role, expected, source):
    from tests.factories import ChiefSmartCityOfficerFactory, CityFactory

    if role == "officer":
        user = UserFactory()
        officer = network["city"].chief_officers.get()
        officer.user = user
        officer.save()
    elif role == "other_officer":
        user = UserFactory()
        ChiefSmartCityOfficerFactory(city=CityFactory(), user=user)
    elif role == "national_representative":
        user = UserFactory()
        rep = network["state"].national_representatives.get()
        rep.user = user
        rep.save()
    elif role == "secretariat":
        user = UserFactory(secretariat=True)
    if role != "anonymous":
        client.force_login(user)
    titles = {row["title"] for row in parse("csv", client.get(source))}
    assert titles == expected


def test_api_schema_documents_the_download_formats(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    cities = schema["paths"]["/api/v1/cities/"]["get"]["responses"]
    assert cities["200"]["content"]["text/csv"]["schema"]["type"] == "string"
    assert "application/geo+json" in cities["200"]["content"]
    assert set(cities["400"]["content"]) == {"application/json"}  # errors are JSON
    partners = schema["paths"]["/api/v1/partners/"]["get"]["responses"]["200"]["content"]
    assert "application/geo+json" not in partners
    # The cities' own GeoJSON action keeps its documented media types.
    geojson = schema["paths"]["/api/v1/cities/geojson/"]["get"]["responses"]
    assert "application/geo+json" in geojson["404"]["content"]
