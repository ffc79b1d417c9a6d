"""The vote: cast, change or remove a member's vote on a title, as a form post or JSON."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from cinemeter.accounts.models import User
from cinemeter.catalog import selectors as catalog_selectors
from cinemeter.catalog.models import VOTE_VALUES, Title
from cinemeter.community.moderation import services as moderation
from cinemeter.community.votes import selectors, services
from cinemeter.community.votes.forms import INVALID_VOTE, VoteForm


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


SUSPENDED = _("Your account is suspended: you cannot vote or post for now.")


def _vote_refusal(user: User, value: Decimal | None) -> tuple[StrOrPromise, int] | None:
    """Why this member may not vote now (and the HTTP status), or None."""
    if not moderation.member_can_post(user):
        return SUSPENDED, 403
    if value is not None and not moderation.new_member_vote_allowed(user):
        limit = settings.NEW_MEMBER_VOTES_PER_HOUR
        text = _("New members may cast at most %(limit)d votes an hour; please vote later.")
        return text % {"limit": limit}, 429
    return None


def _vote_refused(
    request: HttpRequest, title: Title, text: StrOrPromise, status: int
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": text}, status=status)
    messages.error(request, text)
    return redirect(title)


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """Cast, change or remove the member's vote on a title.

    A plain form post is redirected back to the title page with a message; votes.js asks for
    JSON and gets the numbers and the re-rendered score to put in place.
    """
    title = catalog_selectors.title_brief(slug)
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(_("Log in to vote."))}, status=401)
        return redirect_to_login(title.get_absolute_url())
    user = request.user
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _vote_refused(request, title, INVALID_VOTE, 400)
    value: Decimal | None = form.cleaned_data["value"]
    if refusal := _vote_refusal(user, value):
        return _vote_refused(request, title, *refusal)
    if value is None:
        removed = services.vote_remove(user=user, title=title)
        text: StrOrPromise = (
            _("Your vote is removed.") if removed else _("You had not voted on this title.")
        )
    else:
        services.vote_cast(user=user, title=title, value=value)
        text = _("You gave %(title)s %(value)s stars.") % {
            "title": title.display_title,
            "value": number_format(value, 1),
        }
    if not _wants_json(request):
        messages.success(request, text)
        return redirect(title)
    score = selectors.vote_panel(title=title, own=value)
    context = {"title": title, "score": score}
    own = {"slug": title.slug, "own_vote": value, "user": user, "vote_values": VOTE_VALUES}
    return JsonResponse(
        {
            "ok": True,
            "message": text,
            "own_vote": None if value is None else f"{value:.1f}",
            "vote_count": score.vote_count,
            # floatformat, as the template: rounds half up, in the language's number format
            "average": None if score.average is None else floatformat(score.average, 2),
            "too_few_votes": score.too_few_votes,
            "histogram": {f"{bar.value:.1f}": bar.count for bar in score.histogram.bars},
            "summary_html": render_to_string(
                "catalog/includes/member_score_summary.html", context, request=request
            ),
            # The two panels a vote changes, as the title page renders them.
            "score_html": render_to_string("catalog/includes/member_score.html", context),
            "panel_html": render_to_string("community/panels/own_vote.html", own, request=request),
        }
    )
