"""The signed-in user of a session or a token, read in one compiled statement
(accounts.backends, accounts.sessions): the same user, the same refusals."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import ExpiringTokenAuthentication
from accounts.backends import EARLIER_BACKEND, USER_BACKEND, token_by_key, user_by_key
from accounts.services import token_issue
from accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORKSPACE = "plans:dashboard"


def _session_for(user, backend=USER_BACKEND):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    store.save()
    return store.session_key


def _request(session_key):
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key)
    return request


@pytest.mark.parametrize("secretariat", [True, False])
def test_a_session_reads_its_user_and_the_secretariat_membership_in_two_queries(
    secretariat, django_assert_num_queries
):
    user = UserFactory(secretariat=secretariat)
    request = _request(_session_for(user))
    with django_assert_num_queries(2):  # the session, the user with its membership
        found = get_user(request)
        assert found.is_secretariat is secretariat
    assert found == user
    assert [getattr(found, name) for name in ("username", "email", "is_staff", "password")] == [
        user.username,
        user.email,
        user.is_staff,
        user.password,
    ]
    assert found._state.adding is False  # a saved row: it can be saved again
    found.first_name = "Changed"
    found.save(update_fields=["first_name"])
    user.refresh_from_db()
    assert user.first_name == "Changed"


def test_a_session_signed_in_through_djangos_model_backend_stays_signed_in(client):
    user = UserFactory()
    session_key = _session_for(user, backend=EARLIER_BACKEND)
    assert get_user(_request(session_key)) == user
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = client.get(reverse(WORKSPACE))
    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_an_expired_or_unknown_session_signs_nobody_in(client):
    user = UserFactory()
    session_key = _session_for(user)
    Session.objects.filter(pk=session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    for key in (session_key, "x" * 32):
        request = _request(key)
        assert not get_user(request).is_authenticated
        assert request.session.session_key is None  # a new session if one is saved
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get(reverse(WORKSPACE))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_of_an_inactive_account_or_a_changed_password_signs_nobody_in():
    user = UserFactory()
    inactive = _session_for(user)
    user.is_active = False
    user.save()
    assert not get_user(_request(inactive)).is_authenticated
    user.is_active = True
    user.save()
    changed = _session_for(user)
    user.set_password("a-new-password-for-this-test")
    user.save()
    assert not get_user(_request(changed)).is_authenticated


def test_signing_in_names_the_portals_backend_and_signing_out_ends_the_session(client):
    user = UserFactory()
    user.set_password("correct-horse-battery")
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key)[BACKEND_SESSION_KEY] == USER_BACKEND
    assert client.get(reverse(WORKSPACE)).status_code == 200
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(pk=session_key).exists()
    assert not get_user(_request(session_key)).is_authenticated


def test_user_and_token_reads_refuse_what_is_not_there():
    assert user_by_key(10**9) is None
    assert user_by_key(None) is None
    assert token_by_key("f" * 40) is None


def test_a_token_is_its_whole_key():
    user = UserFactory(secretariat=True)
    token = token_issue(user=user)
    found = token_by_key(token.key)
    assert (found.pk, found.created, found.user, found.user.is_secretariat) == (
        token.pk,
        token.created,
        user,
        True,
    )
    for key in (token.key + "0", token.key[:-1], token.key.upper() + "Z"):
        with pytest.raises(AuthenticationFailed, match=r"Invalid token\."):
            ExpiringTokenAuthentication().authenticate_credentials(key)


@pytest.mark.parametrize("key", ["abc\x00defghij", "x" * 5000, "é" * 40, "' OR '1'='1"])
def test_a_forged_session_cookie_or_token_signs_nobody_in(client, key):
    """Never a server error: no session or token holds such a key (PostgreSQL refuses a
    NUL byte in any text it is sent)."""
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get(reverse(WORKSPACE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
