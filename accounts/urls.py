from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/set/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="password_set"),
    path("password/set/done/", views.PasswordSetDoneView.as_view(), name="password_set_done"),
    path("tokens/", views.TokenListView.as_view(), name="token_list"),
    path("tokens/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
