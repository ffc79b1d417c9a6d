"""Member pages that involve what members did: the public profile, closing an account."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cinemeter.accounts.forms import PasswordConfirmForm
from cinemeter.accounts.models import User
from cinemeter.community.members import selectors, services


def profile(request: HttpRequest, username: str) -> HttpResponse:
    return render(request, "community/profile.html", {"page": selectors.member_profile(username)})


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required lets only members in
    form = PasswordConfirmForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        services.member_delete(user=user)
        logout(request)
        messages.success(request, _("Your account and your votes are deleted. Goodbye!"))
        return redirect("catalog:home")
    return render(request, "community/account_delete.html", {"form": form})
