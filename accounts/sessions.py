"""The session engine (settings.SESSION_ENGINE): Django's database sessions, each read
by one statement compiled once per process.

Sessions stay in the database (never only in the cache: a Redis outage must neither
sign everyone out nor bring back a session signed out during it). Django's store builds
and compiles its query on every signed-in request; this one reads the same row, and
refuses an expired one, as Django's does. It also reads a session signed in through
Django's ModelBackend as one of accounts.backends.UserBackend, which took its place."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.db import KeyedStatement

SESSION_BY_KEY = SimpleLazyObject(
    lambda: KeyedStatement(
        Session.objects.values_list("session_data", "expire_date"), "pk", single=True
    )
)


def _current_backend(session):
    from .backends import EARLIER_BACKEND, USER_BACKEND

    if session.get(BACKEND_SESSION_KEY) == EARLIER_BACKEND:
        session[BACKEND_SESSION_KEY] = USER_BACKEND
    return session


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        rows = SESSION_BY_KEY.rows([self.session_key])
        if rows:
            data, expire_date = rows[0]
            if expire_date > timezone.now():
                return self.model(
                    session_key=self.session_key, session_data=data, expire_date=expire_date
                )
        self._session_key = None
        return None

    def load(self):
        return _current_backend(super().load())

    async def aload(self):
        return _current_backend(await super().aload())
