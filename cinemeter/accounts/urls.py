from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from cinemeter.accounts import views
from cinemeter.accounts.language import language_set

app_name = "accounts"

urlpatterns = [
    path("language/", language_set, name="language"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register-done"),
    path("activate/again/", views.activation_resend, name="activation-resend"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("unlock/<uidb64>/<token>/", views.unlock, name="unlock"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.settings_page, name="settings"),
    path("email/<str:token>/", views.email_confirm, name="email-confirm"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password-change-done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]
