"""Property-based fuzzing of the whole API schema with schemathesis, in-process over
WSGI, as an anonymous client and as the secretariat: no input may produce a 5xx, and
every response must match the schema. Then the bad input of issue 10, item 8 (NUL bytes,
lone surrogates, JSON nested thousands deep, non-numeric ids, oversized text) sent to
every operation of the schema: 0 answers of 500.

The schema is built when a test first needs it (a fixture), not at import: collecting
the test suite does not start the application. Slow: deselect with -m "not slow"."""

import json
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from ascn.wsgi import application
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    MeetingFactory,
    NationalRepresentativeFactory,
    PartnerFactory,
    PartnershipAgreementFactory,
    PriorityProjectFactory,
    StrategicOutcomeFactory,
    UserFactory,
)

SCHEMA_URL = "/api/v1/schema/?format=json"

pytestmark = pytest.mark.slow


def api_operations():
    """Every operation of the API's schema, loaded now (not at import). Written out
    rather than with schemathesis.pytest.from_fixture, whose lazy loader reads a pytest
    attribute that pytest 9 no longer has (Function._nodeid)."""
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    return [result.ok() for result in schema.get_all_operations()]


def fuzz_every_operation(headers=None):
    """Run hypothesis over each operation, positive and negative data, with CHECKS."""
    failures = []
    operations = api_operations()
    assert operations
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                continue  # no invalid value exists for this operation (e.g. a slug path)
            except Exception as error:  # collect them all, then report
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture
def _keep_test_connection():
    """Calling the WSGI app directly fires request_finished, whose handler closes the
    database connection inside the test's transaction on PostgreSQL; Django's own test
    client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(db, settings, _keep_test_connection):
    # The throttle would answer 429 long before the fuzzer is done.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    area = FocusAreaFactory(key="civic_social")
    StrategicOutcomeFactory(key="competitive_economy")
    city = CityFactory(slug="bangkok")
    plan = ActionPlanFactory(city=city, status="approved")
    PriorityProjectFactory(plan=plan).focus_areas.add(area)
    PriorityProjectFactory(plan=ActionPlanFactory(city=city, status="draft"))
    ChiefSmartCityOfficerFactory(city=city)
    NationalRepresentativeFactory(member_state=city.member_state)
    PartnershipAgreementFactory(cities=[city], parties=[PartnerFactory()])
    MeetingFactory(host_country=city.member_state)
    staff = UserFactory(username="fuzz-staff", secretariat=True)
    return {"Authorization": f"Token {Token.objects.create(user=staff).key}"}


def test_api_as_anonymous_never_errors_and_matches_schema(fuzz_data):
    fuzz_every_operation()


def test_api_as_secretariat_never_errors_and_matches_schema(fuzz_data):
    fuzz_every_operation(headers=fuzz_data)


# ------------------------------------------------------------------------------
# Issue 10, item 8: the probe's bad input, against every operation
# ------------------------------------------------------------------------------
BAD_TEXT = ["a\x00b", "\ud800", "x\udfffy", "x" * 100_000]
BAD_IDS = ["%00", "abc", "-1", "99999999999999999999", "%ED%A0%80", "a%00b"]
BAD_BODIES = [
    b"[" * 20_000 + b"]" * 20_000,
    b'{"a":' * 3000 + b"1" + b"}" * 3000,
    b'{"title": "a\\u0000b"}',
    b'{"title": "\\ud800"}',
    b'{"\\ud800": 1}',
    b"\xff\xfe not json",
    b"null",
    b"[]",
]


def _operations(raw):
    for path, item in raw["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def _request_properties(operation):
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    return schema


def _sent(client, method, url, headers, **kwargs):
    response = getattr(client, method)(url, **kwargs, **headers)
    assert response.status_code < 500, (method.upper(), url, response.status_code)
    return response.status_code


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_bad_input_to_every_operation_never_answers_500(client, fuzz_data, role):
    """NUL bytes and lone surrogates in paths, query strings and JSON; JSON nested
    thousands deep; non-numeric and absurd ids; 100,000-character strings in every
    string field: each operation answers 4xx (or 2xx), never 500."""
    headers = {"HTTP_AUTHORIZATION": fuzz_data["Authorization"]} if role == "secretariat" else {}
    raw = json.loads(client.get(SCHEMA_URL).content)
    components = raw.get("components", {}).get("schemas", {})
    statuses = []
    for path, method, operation in _operations(raw):
        names = re.findall(r"{([^}]+)}", path)
        for bad_id in BAD_IDS:
            url = path
            for name in names:
                url = url.replace("{" + name + "}", bad_id)
            statuses.append(_sent(client, method, url, headers))
        url = re.sub(r"{[^}]+}", "x", path)
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                name = parameter["name"]
                for query in (f"{name}=a%00b", f"{name}=%ED%A0%80", f"{name}=%00&{name}=1"):
                    statuses.append(_sent(client, "get", f"{url}?{query}", headers))
        if method in ("post", "put", "patch"):
            for body in BAD_BODIES:
                statuses.append(
                    _sent(client, method, url, headers, data=body, content_type="application/json")
                )
            body_schema = _request_properties(operation)
            if "$ref" in body_schema:
                body_schema = components.get(body_schema["$ref"].rsplit("/", 1)[-1], {})
            for field in body_schema.get("properties", {}):
                for text in BAD_TEXT:
                    body = json.dumps({field: text})
                    statuses.append(
                        _sent(
                            client, method, url, headers, data=body, content_type="application/json"
                        )
                    )
    assert statuses and 500 not in statuses
