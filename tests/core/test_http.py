"""Issue 10, item 2: the client's address, read one way (core.http.client_ip) by the API
throttles, the sign-in lockout and the logs, trusting exactly TRUSTED_PROXY_COUNT
proxies."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.settings import api_settings

from core.http import ClientIpLogFilter, client_ip
from tests.factories import FocusAreaFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1"


def request_from(remote="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "192.0.2.10"),
        (0, "6.6.6.6", "192.0.2.10"),  # no proxy: the header is the client's own words
        (1, None, "192.0.2.10"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # only the last hop counts
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (3, "203.0.113.5", "203.0.113.5"),  # fewer hops than proxies: the leftmost
        (1, "not-an-address", "192.0.2.10"),
        (1, "6.6.6.6, ", "6.6.6.6"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from(forwarded=forwarded)) == expected


def test_client_ip_without_an_address():
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR")
    assert client_ip(request) is None
    request.META["REMOTE_ADDR"] = ""
    assert client_ip(request) is None


def _throttled_rates(settings, rate="3/min"):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "anon": rate},
    }


def _read(client, n, forwarded):
    # A cookie keeps the public response cache out of the way: every read reaches the
    # throttle.
    return client.get(
        f"{API}/focus-areas/",
        {"n": n},
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_COOKIE="probe=1",
    ).status_code


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_reset_the_throttle_without_a_proxy(client, settings):
    """Finding 2: a forged X-Forwarded-For bought a fresh throttle allowance."""
    settings.TRUSTED_PROXY_COUNT = 0
    _throttled_rates(settings)
    FocusAreaFactory()
    codes = [_read(client, n, f"6.6.6.{n}") for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_reset_the_throttle_behind_one_proxy(client, settings):
    """Finding 2, behind one proxy: what the client wrote to the left of the proxy's
    own entry is ignored; a different real client still has its own allowance."""
    settings.TRUSTED_PROXY_COUNT = 1
    _throttled_rates(settings)
    FocusAreaFactory()
    codes = [_read(client, n, f"6.6.6.{n}, 203.0.113.5") for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert _read(client, 9, "203.0.113.6") == 200


@pytest.mark.django_db
def test_lockout_reads_the_same_address(client, settings):
    """Finding 2: the lockout records the address the throttle uses, so a forged header
    neither dodges a lockout nor locks out someone else."""
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="grace")
    url = reverse("accounts:login")
    for n in range(5):
        client.post(
            url,
            {"username": "grace", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.5",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    good = {"username": "grace", "password": "correct-horse-battery"}
    locked = client.post(url, good, HTTP_X_FORWARDED_FOR="7.7.7.7, 203.0.113.5")
    assert locked.status_code == 429
    assert client.post(url, good, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_log_records_carry_the_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "x", (), None)
    record.request = request_from(forwarded="6.6.6.6, 203.0.113.5")
    assert ClientIpLogFilter().filter(record) is True
    assert record.client_ip == "203.0.113.5"
    bare = logging.LogRecord("celery", logging.INFO, "", 0, "x", (), None)
    ClientIpLogFilter().filter(bare)
    assert bare.client_ip == "-"
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
    assert "[203.0.113.5]" in formatter.format(record)


def test_drf_num_proxies_follows_the_setting():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from rest_framework.settings import api_settings; "
        "print(settings.TRUSTED_PROXY_COUNT, api_settings.NUM_PROXIES)"
    )
    env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    env.update(DJANGO_SETTINGS_MODULE="ascn.settings")
    default = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert default.stdout.split() == ["0", "0"], default.stderr
    env["TRUSTED_PROXY_COUNT"] = "2"
    two = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert two.stdout.split() == ["2", "2"], two.stderr
