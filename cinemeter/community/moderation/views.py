"""The moderators' pages: the queue, and the actions on messages, reports and members.

Thin: check the moderator, call one service, say what happened.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cinemeter.accounts.models import User
from cinemeter.community.messages import selectors as message_selectors
from cinemeter.community.moderation import selectors
from cinemeter.community.moderation import services as moderation
from cinemeter.community.moderation.forms import SuspendForm
from cinemeter.community.moderation.models import Report


def _moderator(request: HttpRequest) -> User:
    if not moderation.is_moderator(request.user):
        raise PermissionDenied(_("Only moderators may see this page."))
    return cast(User, request.user)  # behind login_required


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    return render(
        request,
        "community/messages/moderation.html",
        {"queue": selectors.moderation_queue(), "suspend_form": SuspendForm()},
    )


_ACTIONS = {
    "hide": moderation.message_hide,
    "restore": moderation.message_restore,
    "approve": moderation.message_approve,
}


@login_required
@require_POST
def moderation_message(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    moderator = _moderator(request)
    if action not in _ACTIONS:
        raise Http404(_("No such moderation action."))
    message = message_selectors.message_get(pk)
    try:
        _ACTIONS[action](message=message, moderator=moderator)
    except moderation.Refused as refusal:
        flash.error(request, str(refusal))
    else:
        flash.success(
            request, _("Message %(pk)s: done (%(action)s).") % {"pk": message.pk, "action": action}
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("community:moderation")
    return redirect(back)


@login_required
@require_POST
def moderation_report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    moderator = _moderator(request)
    moderation.report_dismiss(report=get_object_or_404(Report, pk=pk), moderator=moderator)
    flash.success(request, _("Report dismissed."))
    return redirect("community:moderation")


@login_required
@require_POST
def moderation_suspend(request: HttpRequest, username: str, action: str) -> HttpResponse:
    moderator = _moderator(request)
    if action not in {"suspend", "unsuspend"}:
        raise Http404(_("No such moderation action."))
    member = get_object_or_404(User, username__iexact=username)
    form = SuspendForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if action == "suspend":
            moderation.member_suspend(member=member, moderator=moderator, reason=reason)
            flash.success(request, _("%(username)s is suspended.") % {"username": member.username})
        else:
            moderation.member_unsuspend(member=member, moderator=moderator)
            flash.success(
                request, _("%(username)s may post again.") % {"username": member.username}
            )
    except moderation.Refused as refusal:
        flash.error(request, str(refusal))
    return redirect("community:moderation")
