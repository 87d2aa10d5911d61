"""Sign-in with its failure limit, password pages, and invitations by the secretariat."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from representatives.services import representative_invite
from tests.factories import ChiefSmartCityOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_sign_in_page_in_the_portal_design(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "ASCN Portal" in response.text and 'name="password"' in response.text


def test_sign_in_and_out(client):
    UserFactory(username="person")
    response = client.post(reverse("accounts:login"), {"username": "person", "password": PASSWORD})
    assert response["Location"] == reverse("plans:dashboard")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("plans:dashboard")).status_code == 302


def test_failed_sign_ins_are_limited(client):
    UserFactory(username="target")
    url = reverse("accounts:login")
    for _ in range(4):
        response = client.post(url, {"username": "target", "password": "wrong"})
        assert response.status_code == 200
    fifth = client.post(url, {"username": "target", "password": "wrong"})
    assert fifth.status_code == 429
    blocked = client.post(url, {"username": "target", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.text
    assert "_auth_user_id" not in client.session


def test_limit_also_guards_the_admin_sign_in(client):
    UserFactory(username="staffer", is_staff=True)
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "staffer", "password": "wrong"})
    response = client.post(url, {"username": "staffer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text


def test_password_change_page(client):
    user = UserFactory(username="changer")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def extract_link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_invitation_sets_a_password_once(client):
    staff = UserFactory(username="staff", secretariat=True)
    officer = ChiefSmartCityOfficerFactory(email="Invitee@Example.org")
    with pytest.raises(PermissionDenied):  # only the secretariat invites
        representative_invite(representative=officer, invited_by=UserFactory(), base_url="x")
    user = representative_invite(
        representative=officer, invited_by=staff, base_url="http://testserver/"
    )
    officer.refresh_from_db()
    assert officer.user == user and not user.has_usable_password()
    assert mail.outbox == []  # sent once the transaction commits
    representative_invite(representative=officer, invited_by=staff, base_url="http://testserver/")


def test_invitation_email_link_works_once(client, django_capture_on_commit_callbacks):
    staff = UserFactory(username="staff", secretariat=True)
    officer = ChiefSmartCityOfficerFactory(email="invitee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        representative_invite(
            representative=officer, invited_by=staff, base_url="http://testserver/"
        )
    (message,) = mail.outbox
    assert message.to == ["invitee@example.org"]
    link = extract_link(message).replace("http://testserver", "")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-passphrase-42", "new_password2": "a-fresh-passphrase-42"},
    )
    assert done["Location"] == reverse("accounts:password_set_done")
    officer.refresh_from_db()
    assert officer.user.check_password("a-fresh-passphrase-42")
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_admin_invite_action(client, django_capture_on_commit_callbacks):
    staff = UserFactory(username="staff", secretariat=True)
    officer = ChiefSmartCityOfficerFactory(email="admin-invite@example.org")
    no_email = ChiefSmartCityOfficerFactory(email="")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:representatives_chiefsmartcityofficer_changelist"),
            {"action": "invite", "_selected_action": [officer.pk, no_email.pk]},
            follow=True,
        )
    assert "Invitation sent to admin-invite@example.org" in response.text
    assert "has no email address" in response.text
    assert [m.to for m in mail.outbox] == [["admin-invite@example.org"]]


def test_password_reset_sends_a_link(client, django_capture_on_commit_callbacks):
    UserFactory(username="forgetful", email="forgetful@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "forgetful@example.org"}
        )
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert "/accounts/password/set/" in mail.outbox[0].body
