"""Password forms that save through the accounts services, so that every new password
revokes the account's API tokens and lifts a sign-in lockout. Sign-in attempts
themselves are limited by django-axes (docs/security.md)."""

from django.contrib.auth import forms as auth_forms

from .services import user_password_disable, user_password_set


class PasswordSaveMixin:
    new_field = "new_password1"

    def save(self, commit=True):
        if self.cleaned_data.get("set_usable_password", True) is False:
            return user_password_disable(user=self.user)
        password = self.cleaned_data[self.new_field]
        return user_password_set(user=self.user, password=password)


class SetPasswordForm(PasswordSaveMixin, auth_forms.SetPasswordForm):
    """A password reset or an invitation: choose a password."""


class PasswordChangeForm(PasswordSaveMixin, auth_forms.PasswordChangeForm):
    """Change one's own password (the old one first)."""


class AdminPasswordChangeForm(PasswordSaveMixin, auth_forms.AdminPasswordChangeForm):
    """The admin's form to set another user's password."""

    new_field = "password1"
