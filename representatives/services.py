"""Inviting representatives to the portal."""

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User

from . import roles


def _username_for(representative):
    """A new account's username: from the person's name, never their email address
    (usernames show to other users), with a random tail so it is unique and does not
    guess a name from another."""
    stem = slugify(representative.full_name)[:40] or "member"
    while True:
        username = f"{stem}-{secrets.token_hex(3)}"
        if not User.objects.filter(username__iexact=username).exists():
            return username


def _account_for(representative):
    email = representative.email.strip().lower()
    user = representative.user or User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(
            username=_username_for(representative),
            email=email,
            first_name=representative.full_name[:150],
        )
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def representative_invite(*, representative, invited_by, base_url):
    """Give a current CSCO or national representative a portal account (or reuse the
    one linked) and email a one-time link to set its password. The link uses Django's
    password-reset tokens: it works once and expires after PASSWORD_RESET_TIMEOUT."""
    if not roles.is_secretariat(invited_by):
        raise PermissionDenied(_("Only the secretariat sends invitations."))
    if not representative.is_current:
        raise ValidationError(_("%(name)s's term has ended.") % {"name": representative})
    if not representative.email:
        raise ValidationError(_("%(name)s has no email address.") % {"name": representative})
    user = _account_for(representative)
    if representative.user_id != user.pk:
        representative.user = user
        representative.save(update_fields=["user", "updated_at"])
    link = base_url.rstrip("/") + reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string(
        "accounts/email/invitation.txt",
        {
            "representative": representative,
            "link": link,
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "username": user.username,
        },
    )
    transaction.on_commit(
        lambda: send_mail(
            _("Your invitation to the ASCN Portal"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [representative.email],
        )
    )
    return user
