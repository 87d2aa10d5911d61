"""Sign-in, sign-out, password change and reset, and accepting an invitation, in the
portal's design (Django's auth views with our templates)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import RateLimitedAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = RateLimitedAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "rate_limited"):
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("home")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {"title": _("Password changed"), "message": _("Your password was changed.")}


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": _("Check your email"),
        "message": _(
            "If an account uses that address, we have sent it a link to choose a new "
            "password. The link works once and expires in three days."
        ),
    }


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link of a password reset or an invitation: choose a password."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_set_done")
    post_reset_login = True


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": _("Password set"),
        "message": _("Your password is set and you are signed in."),
    }
