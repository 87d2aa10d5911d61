"""Sign-in with a limit on failed attempts."""

import hashlib

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "unknown") if request else "unknown"


class RateLimitMixin:
    """Refuses further sign-in attempts for 15 minutes after five failures for the
    same account or from the same address."""

    error_messages = {
        "rate_limited": _(
            "Too many failed sign-in attempts. For your security, try again in 15 minutes "
            "or reset your password."
        ),
    }

    def _keys(self):
        username = (self.data.get("username") or "").strip().lower()[:150]
        # Hashed: a typed name may hold any character, a cache key may not.
        digest = hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()
        return [f"login-failures:user:{digest}", f"login-failures:ip:{_client_ip(self.request)}"]

    def clean(self):
        keys = self._keys()
        if any((cache.get(key) or 0) >= MAX_FAILURES for key in keys):
            raise ValidationError(self.error_messages["rate_limited"], code="rate_limited")
        try:
            cleaned = super().clean()
        except ValidationError:
            for key in keys:
                cache.add(key, 0, WINDOW_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, WINDOW_SECONDS)
            raise
        cache.delete_many(keys)
        return cleaned


class RateLimitedAuthenticationForm(RateLimitMixin, AuthenticationForm):
    """The portal's sign-in form."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "rate_limited": RateLimitMixin.error_messages["rate_limited"],
    }


class RateLimitedAdminAuthenticationForm(RateLimitMixin, AdminAuthenticationForm):
    """The admin's sign-in form (staff only), with the same limit."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "rate_limited": RateLimitMixin.error_messages["rate_limited"],
    }
