"""Issue 10, item 6 ("A Redis outage degrades, it does not take the site down"): with
Redis killed, 3,746 of 3,792 public reads answered 500, and so did submit and sign-in.
A private redis-server (port 6391, nothing saved) serves as cache and broker; it is
killed while readers, a sign-in and a plan transition run, then restarted."""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail

from core import throttling
from core.redis_cache import reset_outage_state
from plans import outbox
from plans.models import ActionPlan, EmailStatus, Notification
from tests.conftest import PASSWORD, celery_broker
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    PriorityProjectFactory,
    UserFactory,
)

PORT = 6391
REDIS = f"redis://127.0.0.1:{PORT}"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def _listening():
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


class PrivateRedis:
    """A throw-away redis-server on 127.0.0.1:6391 that the test starts and kills."""

    process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if _listening():
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(settings):
    if _listening():
        pytest.skip(f"port {PORT} is taken")
    server = PrivateRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": f"{REDIS}/0",
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CELERY_BROKER_URL = f"{REDIS}/1"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reset_outage_state()
    with celery_broker(f"{REDIS}/1") as app:
        app.conf.task_always_eager = False
        try:
            yield server
        finally:
            app.conf.task_always_eager = True
            server.kill()
            reset_outage_state()


PUBLIC_URLS = (
    "/",
    "/cities/",
    "/cities/home-city/",
    "/member-states/",
    "/framework/",
    "/api/v1/cities/",
    "/api/v1/cities/geojson/",
    "/api/v1/action-plans/",
)


def test_redis_outage_degrades_and_the_mail_follows_after(
    client, private_redis, caplog, monkeypatch
):
    city = CityFactory(slug="home-city", name="Home City")
    csco = UserFactory(username="csco", email="csco@example.org")
    rep = UserFactory(username="rep", email="rep@example.org")
    ChiefSmartCityOfficerFactory(city=city, user=csco)
    NationalRepresentativeFactory(member_state=city.member_state, user=rep)
    plan = ActionPlanFactory(city=city, status="draft")
    PriorityProjectFactory(plan=plan)

    statuses = []
    for url in PUBLIC_URLS * 2:
        statuses.append(client.get(url).status_code)
    assert client.get("/api/v1/cities/")["X-Cache"] == "hit"  # the cache is in use
    assert client.get("/readyz/").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }

    private_redis.kill()

    monkeypatch.setitem(throttling._last_logged, "at", float("-inf"))
    for url in (*PUBLIC_URLS, "/api/v1/member-states/", "/api/v1/cities/?search=home") * 3:
        statuses.append(client.get(url).status_code)
    # The API's throttle fails open and says so.
    assert any("throttle failing open" in r.getMessage() for r in caplog.records)
    ready = client.get("/readyz/")
    statuses.append(ready.status_code)
    assert ready.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
        "broker": "down",
    }

    signed_in = client.post("/accounts/login/", {"username": "csco", "password": PASSWORD})
    statuses.append(signed_in.status_code)
    assert signed_in.status_code == 302
    submitted = client.post(f"/my/plans/{plan.uuid}/submit/")
    statuses.append(submitted.status_code)
    assert submitted.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    notification = Notification.objects.get(recipient=rep, plan=plan)
    assert notification.email_status == EmailStatus.PENDING
    for url in ("/my/", f"/my/plans/{plan.uuid}/"):
        statuses.append(client.get(url).status_code)

    assert 500 not in statuses and set(statuses) <= {200, 302}, statuses

    private_redis.start()
    reset_outage_state()  # as five seconds later: the backend tries Redis again
    assert client.get("/readyz/").json()["status"] == "ok"
    sent = outbox.notifications_deliver_pending(older_than=datetime.timedelta(0))
    assert sent == Notification.objects.filter(plan=plan).count() >= 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert "rep@example.org" in [address for m in mail.outbox for address in m.to]
    assert ActionPlan.objects.get(pk=plan.pk).status == "submitted"
