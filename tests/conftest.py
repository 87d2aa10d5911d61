"""Shared fixtures: the roles (anonymous, CSCO of a city, national representative,
secretariat) and a clean cache for every test."""

from contextlib import contextmanager

import pytest

from tests.factories import (
    ChiefSmartCityOfficerFactory,
    CityFactory,
    NationalRepresentativeFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"

# Suites marked slow as a whole, so that `pytest -m "not slow"` is the fast suite.
SLOW_SUITES = {"browser": ("slow", "browser"), "test_fuzz.py": ("slow",)}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for part, marks in SLOW_SUITES.items():
            if part in item.path.parts:
                for mark in marks:
                    item.add_marker(getattr(pytest.mark, mark))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; a deliberately slow hash is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Attachments go to a folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Celery tasks run in-process unless a test starts a real worker."""
    from ascn.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def clear_caches():
    from core.cache import caches_clear

    caches_clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def city(db):
    return CityFactory()


@pytest.fixture
def secretariat_user(db):
    return UserFactory(username="secretariat-staff", secretariat=True)


@pytest.fixture
def csco_user(city):
    user = UserFactory(username="csco")
    ChiefSmartCityOfficerFactory(city=city, user=user)
    return user


@pytest.fixture
def national_rep_user(city):
    user = UserFactory(username="national-rep")
    NationalRepresentativeFactory(member_state=city.member_state, user=user)
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@contextmanager
def celery_broker(url):
    """Point the Celery app at another broker for a while. The app's references to its
    pools are dropped on the way in and out, so each broker gets its own pool (kombu
    keeps one per broker URL; closing them would break later users of the same URL)."""
    from ascn.celery import app

    def drop_pools():
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    drop_pools()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        drop_pools()
        app.conf.broker_url = previous
