"""The signed-in user of a session or a token, read with the user's secretariat
membership in one statement compiled once per process (core.db.KeyedStatement).

Every signed-in request reads its user. Django's ModelBackend builds and compiles that
query each time, and `User.is_secretariat` (asked by every page's header) is one more
query: with the session's own read, most of what signing in added to a page on a cache
miss (bench/RESULTS.md, "Issue 11, sixth pass")."""

from django.contrib.auth.backends import ModelBackend
from django.utils.functional import SimpleLazyObject
from rest_framework.authtoken.models import Token

from core.db import KeyedStatement, from_row, model_columns

from .models import User, secretariat_membership

# The backend the sessions name (settings.AUTHENTICATION_BACKENDS), and the one they
# named before it; accounts.sessions reads the one as the other, so nobody is signed out.
USER_BACKEND = "accounts.backends.UserBackend"
EARLIER_BACKEND = "django.contrib.auth.backends.ModelBackend"

USER_FIELDS = model_columns(User)
TOKEN_FIELDS = model_columns(Token)

USER_BY_KEY = SimpleLazyObject(
    lambda: KeyedStatement(
        User.objects.order_by()
        .annotate(secretariat=secretariat_membership())
        .values_list(*USER_FIELDS, "secretariat"),
        "pk",
        single=True,
    )
)
TOKEN_BY_KEY = SimpleLazyObject(
    lambda: KeyedStatement(
        Token.objects.order_by()
        .annotate(secretariat=secretariat_membership("user_id"))
        .values_list(*TOKEN_FIELDS, *model_columns(User, "user__"), "secretariat"),
        "key",
        single=True,
    )
)


def _user(values, secretariat):
    user = from_row(User, values, User.objects.db)
    user.know_secretariat_membership(secretariat)
    return user


def user_by_key(user_id):
    """The user with this key, knowing its secretariat membership, or None."""
    rows = USER_BY_KEY.rows([user_id])
    if not rows:
        return None
    *values, secretariat = rows[0]
    return _user(values, secretariat)


def token_by_key(key):
    """The API token with this key, its user read with it (knowing its secretariat
    membership), or None."""
    rows = TOKEN_BY_KEY.rows([key])
    if not rows:
        return None
    row = rows[0]
    size = len(TOKEN_FIELDS)
    token = from_row(Token, row[:size], Token.objects.db)
    token.user = _user(row[size:-1], row[-1])
    return token


class UserBackend(ModelBackend):
    """Django's ModelBackend (sign-in, permissions), reading a session's user with
    user_by_key: the same refusals (no such user, an inactive account)."""

    def get_user(self, user_id):
        user = user_by_key(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
