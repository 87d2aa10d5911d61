"""Sign-in, sign-out, password change and reset, accepting an invitation, and a user's
own API tokens, in the portal's design (Django's auth views with our templates). Failed
sign-ins are counted by django-axes, whose lockout answer is accounts.lockout."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from . import forms, services


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("home")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": _("Password changed"),
        "message": _("Your password was changed. Your API tokens were revoked."),
    }


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same, and as fast, whether or not an
    account uses the address: the lookup and the email happen in a task."""

    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        services.password_reset_request(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        return HttpResponseRedirect(self.get_success_url())


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
    """The one-time link of a password reset or an invitation: choose a password. It
    also lifts a sign-in lockout on the account."""

    template_name = "accounts/set_password.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_set_done")
    post_reset_login = True
    post_reset_login_backend = "accounts.backends.UserBackend"


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {
        "title": _("Password set"),
        "message": _("Your password is set and you are signed in."),
    }


class TokenListView(LoginRequiredMixin, TemplateView):
    """The signed-in user's own API tokens, with a button to revoke them."""

    template_name = "accounts/token_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = [
            {"id": token.key[:8], "created_at": token.created, "expires_at": expires}
            for token in services.tokens_of(self.request.user)
            for expires in [services.token_expires_at(token)]
        ]
        return context


class TokenRevokeView(LoginRequiredMixin, View):
    """POST: revoke every API token of the signed-in user."""

    http_method_names = ["post"]

    def post(self, request):
        count = services.tokens_revoke(user=request.user)
        if count:
            messages.success(request, _("Your API tokens were revoked."))
        else:
            messages.info(request, _("You had no API token."))
        return HttpResponseRedirect(reverse_lazy("accounts:token_list"))
