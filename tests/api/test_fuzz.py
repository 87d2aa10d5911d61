"""Property-based fuzzing of the whole API schema with schemathesis, in-process over
WSGI, as an anonymous client and as the secretariat: no input may produce a 5xx, and
every response must match the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
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

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

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


@schema.parametrize()
@FUZZ
def test_api_as_anonymous_never_errors_and_matches_schema(case, fuzz_data):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_as_secretariat_never_errors_and_matches_schema(case, fuzz_data):
    case.call_and_validate(headers=fuzz_data, checks=CHECKS)
