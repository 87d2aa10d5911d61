"""Writes on accounts and roles: the secretariat group, passwords, API tokens."""

import datetime

import axes.utils
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .tasks import password_reset_email_queue

# The apps whose model permissions the secretariat gets in the admin. Not `auth`
# (groups, permissions) and not `authtoken` (other people's tokens): see below.
SECRETARIAT_APPS = (
    "accounts",
    "cities",
    "representatives",
    "plans",
    "partnerships",
    "network",
)


@transaction.atomic
def secretariat_group_sync():
    """Create the Secretariat group if needed and give it exactly the model permissions
    of the portal's apps: records of the network and user accounts (to invite people),
    never groups, permissions or API tokens, which would let it grant itself more.
    Running it again changes nothing; a permission given by hand outside these apps is
    taken away. Returns the group."""
    group, _ = Group.objects.get_or_create(name=settings.ASCN_SECRETARIAT_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    missing = wanted.exclude(pk__in=group.permissions.values("pk"))
    if missing.exists():
        group.permissions.add(*missing)
    extra = group.permissions.exclude(content_type__app_label__in=SECRETARIAT_APPS)
    if extra.exists():
        group.permissions.remove(*extra)
    return group


def token_expires_at(token):
    """When `token` stops working (TOKEN_TTL_DAYS after it was issued)."""
    return token.created + datetime.timedelta(days=settings.TOKEN_TTL_DAYS)


def token_is_expired(token):
    return token_expires_at(token) <= timezone.now()


@transaction.atomic
def token_issue(*, user):
    """The user's API token: the current one, or a new one if it has none or it has
    expired. A token is issued only to an active account. Two requests at once get the
    same token (the row is locked; a concurrent insert is caught by get_or_create)."""
    if not user.is_active:
        raise PermissionDenied
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_is_expired(token):
        token.delete()
        token = None
    if token is None:
        token, _ = Token.objects.get_or_create(user=user)
    return token


def tokens_of(user):
    """The user's own API tokens (DRF keeps at most one), newest first."""
    return Token.objects.filter(user=user).order_by("-created")


@transaction.atomic
def tokens_revoke(*, user, key_prefix=None):
    """Delete the user's API tokens (only the one whose key starts with `key_prefix`
    when given). Returns how many were deleted."""
    tokens = Token.objects.filter(user=user)
    if key_prefix is not None:
        tokens = tokens.filter(key__startswith=key_prefix)
    deleted, _ = tokens.delete()
    return deleted


@transaction.atomic
def user_password_set(*, user, password):
    """Give the user a new password (change, reset, invitation or the admin's form):
    every API token the user had is revoked, and a sign-in lockout on the account is
    lifted, which is how a locked-out person gets back in without database access."""
    user.set_password(password)
    user.save(update_fields=["password"])
    tokens_revoke(user=user)
    axes.utils.reset(username=user.get_username())
    return user


@transaction.atomic
def user_password_disable(*, user):
    """Take away the user's password (the admin's "disabled" choice); its API tokens
    are revoked as well."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    tokens_revoke(user=user)
    return user


@transaction.atomic
def password_reset_request(*, email, domain, use_https):
    """Ask for a password-reset email for `email`. The same work is done whether or not
    an account uses the address (nothing is looked up here): a task, queued once this
    commits, finds the accounts and sends the links."""
    transaction.on_commit(
        lambda: password_reset_email_queue(email=email, domain=domain, use_https=use_https)
    )


@transaction.atomic
def user_save_from_admin(*, user, changed_fields):
    """Save a user edited in the admin. Deactivating an account revokes its API
    tokens, so reactivating it later does not bring them back."""
    user.save()
    if "is_active" in changed_fields and not user.is_active:
        tokens_revoke(user=user)
    return user
