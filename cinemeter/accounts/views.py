"""Member pages: registration, activation, log-in and the settings; each thin over a service."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cinemeter.accounts import services
from cinemeter.accounts.forms import (
    ActivationResendForm,
    LoginForm,
    RegistrationForm,
    SettingsForm,
)
from cinemeter.accounts.models import User
from cinemeter.accounts.throttle import client_ip, registration_throttle


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:settings")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        throttle = registration_throttle()
        address = client_ip(request)
        # Every attempt counts, so a robot cannot probe names and addresses without end.
        if throttle.exceeded(address):
            form.add_error(None, _("Too many registrations from your address; try again later."))
            return render(request, "accounts/register.html", {"form": form}, status=429)
        throttle.hit(address)
        if form.is_valid():
            data = form.cleaned_data
            services.member_register(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                site_url=_site_url(request),
            )
            return redirect("accounts:register-done")
    return render(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activation_resend(request: HttpRequest) -> HttpResponse:
    form = ActivationResendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        throttle = registration_throttle()
        address = client_ip(request)
        # Counted with registrations: each sends an e-mail to an address someone typed in.
        if throttle.exceeded(address):
            form.add_error(None, _("Too many registrations from your address; try again later."))
            return render(request, "accounts/activation_resend.html", {"form": form}, status=429)
        throttle.hit(address)
        if form.is_valid():
            services.member_activation_resend(
                email=form.cleaned_data["email"], site_url=_site_url(request)
            )
            return redirect("accounts:register-done")
    return render(request, "accounts/activation_resend.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


def activate(request: HttpRequest, token: str) -> HttpResponse:
    user = services.member_activate(token=token)
    if user is None:
        return render(request, "accounts/activate_failed.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed. Welcome! You can log in now."))
    return redirect("accounts:login")


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
