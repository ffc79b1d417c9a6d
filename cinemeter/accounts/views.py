"""Member pages: registration, activation, log-in and the settings; each thin over a service."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_stubs_ext import StrOrPromise

from cinemeter.accounts import services
from cinemeter.accounts.forms import (
    ActivationResendForm,
    LoginForm,
    RegistrationForm,
    SettingsForm,
)
from cinemeter.accounts.models import User
from cinemeter.accounts.throttle import client_ip, mail_throttle, registration_throttle

# The member's own backend: after a link proves the mailbox, log-in needs no password.
_BACKEND = "cinemeter.accounts.backends.UsernameOrEmailBackend"
TOO_MANY_REGISTRATIONS = _("Too many registrations from your address; try again later.")
TOO_MANY_MAILS = _("Too many e-mails asked for from your address; try again in an hour.")


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:settings")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Hashed before the transaction: the hash takes a good part of a second on purpose,
        # and on SQLite the transaction holds the one write lock that every worker waits for.
        password_hash = make_password(data["password1"])
        # Only accepted registrations count (a form with typos does not), and the count is
        # part of the registration's transaction: it is undone when the mail cannot be sent.
        with transaction.atomic():
            if not registration_throttle().allow(client_ip(request)):
                transaction.set_rollback(True)
                return _refused(request, "accounts/register.html", form, TOO_MANY_REGISTRATIONS)
            services.member_register(
                username=data["username"],
                email=data["email"],
                password_hash=password_hash,
                site_url=_site_url(request),
            )
        return redirect("accounts:register-done")
    return render(request, "accounts/register.html", {"form": form})


def _refused(request: HttpRequest, template: str, form: Form, text: StrOrPromise) -> HttpResponse:
    """The form again with what was typed and why it was refused, as 429 Too Many Requests."""
    form.add_error(None, text)
    return render(request, template, {"form": form}, status=429)


@require_http_methods(["GET", "POST"])
def activation_resend(request: HttpRequest) -> HttpResponse:
    form = ActivationResendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Each request may send an e-mail to an address someone typed in.
        if not mail_throttle().allow(client_ip(request)):
            return _refused(request, "accounts/activation_resend.html", form, TOO_MANY_MAILS)
        services.member_activation_resend(
            email=form.cleaned_data["email"], site_url=_site_url(request)
        )
        return redirect("accounts:register-done")
    return render(request, "accounts/activation_resend.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link opens a page with a button; only the button (a POST) activates.

    Mail scanners and link previews fetch links, so a GET must change nothing. The button
    confirms the address and logs the member in: the link has proved the mailbox.
    """
    if request.method == "GET":
        user = services.member_activation_check(token=token)
        if user is None:
            return render(request, "accounts/activate_failed.html", status=400)
        return render(request, "accounts/activate.html", {"member": user})
    user = services.member_activate(token=token)
    if user is None:
        return render(request, "accounts/activate_failed.html", status=400)
    login(request, user, backend=_BACKEND)
    messages.success(request, _("Your e-mail address is confirmed. Welcome to Cinemeter!"))
    return redirect("catalog:home")


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link mailed when failed log-ins pause an account: a button that logs its owner in."""
    user = services.member_unlock_check(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/unlock_failed.html", status=400)
    if request.method == "GET":
        return render(request, "accounts/unlock.html", {"member": user})
    login(request, user, backend=_BACKEND)  # moves last_login: the link is spent
    messages.success(
        request,
        _(
            "You are logged in. If the failed log-ins were not yours, choose a new password"
            " that you use nowhere else."
        ),
    )
    return redirect("catalog:home")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same page whether or not the address has an account; each request
    may send an e-mail, so they count against the address's e-mail budget."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not mail_throttle().allow(client_ip(self.request)):
            return _refused(self.request, self.template_name, form, TOO_MANY_MAILS)
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required lets only members in
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=user,
        initial={
            "email": user.email,
            "bio": user.bio,
            "preferred_language": user.preferred_language,
            "read_languages": user.read_languages,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        email_pending = services.member_settings_update(
            user=user,
            email=data["email"],
            bio=data["bio"],
            preferred_language=data["preferred_language"],
            read_languages=data["read_languages"],
            avatar=data["avatar"],
            remove_avatar=data["remove_avatar"],
            site_url=_site_url(request),
        )
        messages.success(request, _("Your settings are saved."))
        if email_pending:
            messages.info(
                request,
                _("We sent a link to %(email)s; your address changes when you follow it.")
                % {"email": data["email"]},
            )
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form, "member": user})


def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.member_email_confirm(token=token)
    except ValidationError as error:
        return render(
            request, "accounts/email_confirm_failed.html", {"errors": error.messages}, status=400
        )
    messages.success(request, _("Your new e-mail address is confirmed."))
    return redirect("accounts:settings" if request.user.is_authenticated else "accounts:login")
