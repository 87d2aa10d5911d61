"""Issue 10, items 1, 3 and 4: sign-in protection on every door, tokens that end, and
least privilege for the secretariat. Each test names the probe's finding it closes."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from accounts.services import secretariat_group_sync, token_issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


def portal_sign_in(client, username, password, addr=OFFICE):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def admin_sign_in(client, username, password, addr=OFFICE):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def api_sign_in(username, password, addr=OFFICE):
    return APIClient().post(
        TOKEN_URL, {"username": username, "password": password}, REMOTE_ADDR=addr, format="json"
    )


# --- 1. sign-in protection -----------------------------------------------------------


def test_lockout_through_all_three_doors(client):
    """Finding 1: the token endpoint had no lockout (430 guesses, then the right
    password, gave a token), and five failures from one address locked out every
    account behind it. Now five failures through the API lock that account from that
    address at the portal and the admin too, and nobody else."""
    UserFactory(username="alice", is_staff=True)
    UserFactory(username="bob", is_staff=True)
    answers = [api_sign_in("alice", "wrong").status_code for _ in range(5)]
    assert answers == [400, 400, 400, 400, 429]

    locked_api = api_sign_in("alice", PASSWORD)
    assert locked_api.status_code == 429
    assert "Too many failed sign-in attempts" in locked_api.json()["detail"]
    assert int(locked_api["Retry-After"]) > 0
    assert portal_sign_in(client, "alice", PASSWORD).status_code == 429
    assert admin_sign_in(client, "alice", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session

    # A colleague behind the same office address signs in through every door.
    assert portal_sign_in(client, "bob", PASSWORD).status_code == 302
    client.logout()
    assert admin_sign_in(client, "bob", PASSWORD).status_code == 302
    assert api_sign_in("bob", PASSWORD).status_code == 200
    # The same person from another address is not locked either.
    assert api_sign_in("alice", PASSWORD, addr=ELSEWHERE).status_code == 200


def test_lockout_counts_portal_and_admin_failures_together(client):
    """Finding 1: one protection shared by the doors, not one counter per form."""
    UserFactory(username="carol", is_staff=True)
    for door in (portal_sign_in, admin_sign_in, portal_sign_in, admin_sign_in):
        door(client, "carol", "wrong")
    assert api_sign_in("carol", "wrong").status_code == 429
    assert portal_sign_in(client, "carol", PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_the_failures(client):
    UserFactory(username="dave")
    for _ in range(4):
        portal_sign_in(client, "dave", "wrong")
    assert portal_sign_in(client, "dave", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert portal_sign_in(client, "dave", "wrong").status_code == 200


def test_password_reset_is_the_way_back_for_a_locked_out_secretariat(
    client, django_capture_on_commit_callbacks
):
    """Finding 1: five anonymous failures locked the secretariat out of /admin/ with no
    way back but the database. The reset link lifts the lockout."""
    UserFactory(username="staffer", email="staffer@example.org", secretariat=True)
    for _ in range(5):
        admin_sign_in(client, "staffer", "wrong")
    assert admin_sign_in(client, "staffer", PASSWORD).status_code == 429

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "staffer@example.org"})
    (message,) = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")
    form_page = client.get(link, follow=True)
    new = "a-brand-new-passphrase-7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("accounts:password_set_done")
    client.logout()
    assert not AccessAttempt.objects.filter(username="staffer").exists()
    assert admin_sign_in(client, "staffer", new).status_code == 302


def test_axes_reset_username_command_lifts_a_lockout(client):
    """Finding 1: the way back without the web: `manage.py axes_reset_username`."""
    UserFactory(username="erin", is_staff=True)
    for _ in range(5):
        admin_sign_in(client, "erin", "wrong")
    assert admin_sign_in(client, "erin", PASSWORD).status_code == 429
    call_command("axes_reset_username", "erin")
    assert admin_sign_in(client, "erin", PASSWORD).status_code == 302


def test_lockout_works_with_the_cache_down(client):
    """Finding 6 meets 1: sign-in and its lockout keep working when Redis is gone,
    because django-axes keeps its counts in the database."""
    UserFactory(username="frank")
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        for _ in range(5):
            portal_sign_in(client, "frank", "wrong")
        assert portal_sign_in(client, "frank", PASSWORD).status_code == 429
        assert portal_sign_in(client, "frank", PASSWORD, addr=ELSEWHERE).status_code == 302


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_ACCEPT"])
def test_sign_in_with_nul_in_a_header_never_answers_500(client, header):
    """The lockout records the user agent and Accept header; PostgreSQL refuses a NUL in
    text, so they are cleaned first (run this file on PostgreSQL too)."""
    UserFactory(username="nul-agent")
    odd = {header: "probe\x00\udcff"}
    failed = client.post(
        reverse("accounts:login"), {"username": "nul-agent", "password": "wrong"}, **odd
    )
    assert failed.status_code == 200
    token = APIClient().post(
        TOKEN_URL, {"username": "nul-agent", "password": "wrong"}, format="json", **odd
    )
    assert token.status_code in (400, 406)  # an unreadable Accept is not acceptable
    signed_in = client.post(
        reverse("accounts:login"), {"username": "nul-agent", "password": PASSWORD}, **odd
    )
    assert signed_in.status_code == 302
    assert AccessAttempt.objects.count() == 0  # the success cleared the failures


def _reset_request_shape(client, email, capture):
    with CaptureQueriesContext(connection) as queries, capture() as callbacks:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    # Savepoint names differ from one transaction to the next; their shape does not.
    sql = [re.sub(r'"s\d+_x\d+"', '"savepoint"', q["sql"]) for q in queries.captured_queries]
    return response, sql, callbacks


def test_password_reset_answers_the_same_whether_or_not_the_address_exists(
    client, django_capture_on_commit_callbacks
):
    """Finding 1: the reset answer took longer for a known address (the email was
    rendered and sent inside the request). Now the request does the same work either
    way, nothing about the address is looked up in it, and the email goes out from a
    task once the request commits."""
    UserFactory(username="known", email="known@example.org")
    known, known_sql, known_jobs = _reset_request_shape(
        client, "known@example.org", django_capture_on_commit_callbacks
    )
    unknown, unknown_sql, unknown_jobs = _reset_request_shape(
        client, "nobody@example.org", django_capture_on_commit_callbacks
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    assert known_sql == unknown_sql
    assert not any("accounts_user" in sql for sql in known_sql)
    assert len(known_jobs) == len(unknown_jobs) == 1
    assert mail.outbox == []
    known_jobs[0]()
    unknown_jobs[0]()
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


# --- 3. tokens that end ----------------------------------------------------------------


def test_token_endpoint_gives_a_token_with_an_end_date():
    UserFactory(username="client-app")
    response = api_sign_in("client-app", PASSWORD)
    assert response.status_code == 200
    body = response.json()
    token = Token.objects.get(user__username="client-app")
    assert body["token"] == token.key
    expires = datetime.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert expires - token.created == datetime.timedelta(days=30)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get(TOKENS_URL).status_code == 200


def test_expired_token_is_refused_and_replaced(settings):
    """Finding 3: tokens never ended."""
    settings.TOKEN_TTL_DAYS = 7
    user = UserFactory(username="old-client")
    token = token_issue(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=8))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    refused = api.get(TOKENS_URL)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Token has expired."}
    assert not Token.objects.filter(pk=token.pk).exists()
    fresh = api_sign_in("old-client", PASSWORD).json()["token"]
    assert fresh != token.key


def test_token_still_valid_just_before_its_end(settings):
    settings.TOKEN_TTL_DAYS = 7
    token = token_issue(user=UserFactory(username="recent-client"))
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=7) + datetime.timedelta(minutes=5)
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(TOKENS_URL).status_code == 200
    assert token_issue(user=token.user).key == token.key


@pytest.mark.parametrize("secretariat", [False, True])
def test_a_token_reads_its_user_and_the_secretariat_membership_in_one_query(
    secretariat, django_assert_num_queries
):
    from rest_framework.test import APIRequestFactory

    from accounts.authentication import ExpiringTokenAuthentication

    token = token_issue(user=UserFactory(secretariat=secretariat))
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Token {token.key}")
    with django_assert_num_queries(1):
        user, found = ExpiringTokenAuthentication().authenticate(request)
        assert user.is_secretariat is secretariat
    assert found == token


def test_a_token_of_an_inactive_account_or_no_token_is_refused():
    from rest_framework.exceptions import AuthenticationFailed

    from accounts.authentication import ExpiringTokenAuthentication

    token = Token.objects.create(user=UserFactory(is_active=False))
    for key, detail in ((token.key, "User inactive or deleted."), ("f" * 40, "Invalid token.")):
        with pytest.raises(AuthenticationFailed, match=detail):
            ExpiringTokenAuthentication().authenticate_credentials(key)


def test_password_change_revokes_tokens(client):
    """Finding 3: tokens survived a password change."""
    user = UserFactory(username="changer")
    token_issue(user=user)
    client.force_login(user)
    new = "another-long-passphrase-9"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()


def test_admin_password_form_and_deactivation_revoke_tokens(client):
    """Finding 3: tokens survived a password set by the secretariat and a deactivated
    account."""
    staff = UserFactory(username="staff", secretariat=True)
    member = UserFactory(username="member")
    token_issue(user=member)
    client.force_login(staff)
    new = "set-by-the-secretariat-1"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=member).exists()

    token = token_issue(user=member)
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(
        {
            "username": member.username,
            "email": member.email,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    data.pop("is_active", None)  # unticked: deactivate
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    saved = client.post(reverse("admin:accounts_user_change", args=[member.pk]), data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    member.refresh_from_db()
    assert not member.is_active
    assert not Token.objects.filter(pk=token.pk).exists()


def test_inactive_account_gets_no_token():
    UserFactory(username="gone", is_active=False)
    assert api_sign_in("gone", PASSWORD).status_code == 400


def test_user_lists_and_revokes_only_their_own_tokens():
    """Finding 3: nobody could see or revoke their tokens."""
    mine = token_issue(user=UserFactory(username="me"))
    theirs = token_issue(user=UserFactory(username="them"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {mine.key}")
    listed = api.get(TOKENS_URL).json()
    assert [t["id"] for t in listed] == [mine.key[:8]]
    assert theirs.key not in str(listed) and mine.key not in str(listed)
    assert api.delete(f"{TOKENS_URL}{theirs.key[:8]}/").status_code == 404
    assert Token.objects.filter(pk=theirs.pk).exists()
    assert api.delete(f"{TOKENS_URL}{mine.key[:8]}/").status_code == 204
    assert not Token.objects.filter(pk=mine.pk).exists()
    assert api.get(TOKENS_URL).status_code == 401  # the token used is gone


def test_delete_on_the_collection_revokes_every_own_token():
    mine = token_issue(user=UserFactory(username="me"))
    theirs = token_issue(user=UserFactory(username="them"))
    api = APIClient()
    api.force_authenticate(mine.user)
    assert api.delete(TOKENS_URL).status_code == 204
    assert list(Token.objects.all()) == [theirs]


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", TOKENS_URL), ("delete", TOKENS_URL), ("delete", f"{TOKENS_URL}abcdef12/")],
)
def test_token_list_needs_a_signed_in_user(method, url):
    response = getattr(APIClient(), method)(url)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_token_endpoint_answers_json_errors():
    """Finding 3: the token endpoint answered outside the API's error format."""
    UserFactory(username="json-user")
    wrong = api_sign_in("json-user", "wrong")
    assert wrong.status_code == 400
    assert "non_field_errors" in wrong.json()
    missing = APIClient().post(TOKEN_URL, {}, format="json")
    assert set(missing.json()) == {"username", "password"}
    too_long = api_sign_in("x" * 10_000, "wrong")
    assert too_long.status_code == 400 and "username" in too_long.json()
    not_an_object = APIClient().post(TOKEN_URL, [1, 2], format="json")
    assert not_an_object.status_code == 400
    assert APIClient().get(TOKEN_URL).status_code == 405


def test_token_endpoint_is_throttled(settings):
    """Finding 1/3: the token endpoint had no throttle."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"},
    }
    codes = [api_sign_in(f"nobody{n}", "wrong").status_code for n in range(4)]
    assert codes == [400, 400, 400, 429]


def test_token_page_in_the_workspace(client):
    user = UserFactory(username="pager")
    token = token_issue(user=user)
    url = reverse("accounts:token_list")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    assert token.key[:8] in page.text and token.key not in page.text
    response = client.post(reverse("accounts:token_revoke"))
    assert response["Location"] == url
    assert not Token.objects.filter(user=user).exists()
    assert "You have no API token." in client.get(url).text


def test_token_revoke_page_refuses_get_and_anonymous(client):
    assert client.get(reverse("accounts:token_revoke")).status_code in (302, 405)
    anonymous = client.post(reverse("accounts:token_revoke"))
    assert anonymous["Location"].startswith(reverse("accounts:login"))


# --- 4. least privilege ----------------------------------------------------------------


def test_secretariat_group_has_no_power_over_groups_permissions_or_tokens():
    """Finding 4: the Secretariat group could edit groups, permissions and tokens."""
    group = secretariat_group_sync()
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"accounts", "cities", "representatives", "plans", "partnerships", "network"}
    group.permissions.add(Permission.objects.get(codename="change_group"))
    secretariat_group_sync()
    assert not group.permissions.filter(content_type__app_label="auth").exists()
    assert group.permissions.filter(codename="add_user").exists()  # it still invites


def test_secretariat_cannot_make_itself_superuser(client):
    """Finding 4: a secretariat user could tick is_superuser on its own account."""
    staff = UserFactory(username="staff", secretariat=True)
    client.force_login(staff)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text and 'name="groups"' not in page.text
    other_group = Permission.objects.get(codename="change_group")
    response = client.post(
        url,
        {
            "username": "staff",
            "email": "staff@example.org",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "user_permissions": [other_group.pk],
            "groups": [],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert staff.is_secretariat  # groups untouched
    assert not staff.user_permissions.exists()


def test_secretariat_cannot_grant_staff_or_edit_a_superuser(client):
    staff = UserFactory(username="staff", secretariat=True)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code == 403
    assert client.post(reverse("admin:accounts_user_delete", args=[root.pk])).status_code == 403


def test_superuser_still_manages_privileges(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    page = client.get(reverse("admin:accounts_user_change", args=[root.pk]))
    assert 'name="is_superuser"' in page.text and 'name="groups"' in page.text


def test_migration_takes_extra_rights_from_an_existing_secretariat_group():
    """Finding 4, for databases made before the fix: the group's old rights over
    groups, permissions and tokens are taken away on migrate."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0002_secretariat_least_privilege")
    group = secretariat_group_sync()
    group.permissions.add(
        Permission.objects.get(codename="change_group"),
        Permission.objects.get(codename="view_token"),
    )
    migration.remove_extra_permissions(apps, None)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert "auth" not in labels and "authtoken" not in labels
    assert "cities" in labels


ROLES = ["anonymous", "csco", "other_csco", "national_rep", "secretariat"]


@pytest.fixture
def role_users(city):
    """The five roles, each (but the anonymous one) with a token of its own."""
    from tests.factories import ChiefSmartCityOfficerFactory, NationalRepresentativeFactory

    users = {
        "anonymous": None,
        "csco": UserFactory(username="csco"),
        "other_csco": UserFactory(username="other-csco"),
        "national_rep": UserFactory(username="rep"),
        "secretariat": UserFactory(username="staff", secretariat=True),
    }
    ChiefSmartCityOfficerFactory(city=city, user=users["csco"])
    ChiefSmartCityOfficerFactory(user=users["other_csco"])
    NationalRepresentativeFactory(member_state=city.member_state, user=users["national_rep"])
    tokens = {role: token_issue(user=user) for role, user in users.items() if user}
    return users, tokens


@pytest.mark.parametrize("role", ROLES)
def test_token_endpoints_per_role(role_users, role):
    """Every role sees and revokes its own token only; the secretariat is no exception
    (finding 4: nobody reads other people's tokens)."""
    users, tokens = role_users
    api = APIClient()
    if users[role] is None:
        assert api.get(TOKENS_URL).status_code == 401
        assert api.delete(f"{TOKENS_URL}{tokens['csco'].key[:8]}/").status_code == 401
        assert Token.objects.count() == 4
        return
    api.force_authenticate(users[role])
    assert [row["id"] for row in api.get(TOKENS_URL).json()] == [tokens[role].key[:8]]
    others = [token for name, token in tokens.items() if name != role]
    for token in others:
        assert api.delete(f"{TOKENS_URL}{token.key[:8]}/").status_code == 404
    assert api.delete(TOKENS_URL).status_code == 204
    assert set(Token.objects.all()) == set(others)


@pytest.mark.parametrize("role", ROLES)
def test_token_page_per_role(client, role_users, role):
    users, tokens = role_users
    url = reverse("accounts:token_list")
    if users[role] is None:
        assert client.get(url).status_code == 302
        return
    client.force_login(users[role])
    page = client.get(url)
    assert page.status_code == 200
    for name, token in tokens.items():
        assert (token.key[:8] in page.text) is (name == role)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("expired", [False, True])
def test_token_issue_twice_at_once_gives_one_token(expired):
    """Two token requests at the same moment (a client retrying) get the same new token,
    not a 409 from a duplicate insert. Concurrency: meaningful on PostgreSQL."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and concurrent connections")
    user = UserFactory(username="racer")
    if expired:
        old = token_issue(user=user)
        Token.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=31))
    barrier = threading.Barrier(2)
    keys, errors = [], []

    def issue():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            keys.append(token_issue(user=user).key)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(keys)) == 1
    assert list(Token.objects.values_list("key", flat=True)) == keys[:1]


def test_admin_disabling_a_password_revokes_tokens(client):
    staff = UserFactory(username="staff", secretariat=True)
    member = UserFactory(username="member")
    token_issue(user=member)
    client.force_login(staff)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"usable_password": "false", "unset-password": "1"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.has_usable_password()
    assert not Token.objects.filter(user=member).exists()
