"""Message pages: write, edit, delete, mark helpful, report.

Thin: parse the form, call one service, and on a refusal render the form again with
everything the member typed; also when the database refuses the write (a 503, read-only for
a moment: `core.writes`), so the member can send it again as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Title
from cinemeter.community.messages import selectors, services
from cinemeter.community.messages.forms import MessageForm
from cinemeter.community.messages.models import Message
from cinemeter.community.messages.services import Draft
from cinemeter.community.moderation import services as moderation
from cinemeter.community.moderation.forms import ReportForm
from cinemeter.core.errors import RETRY_AFTER_SECONDS
from cinemeter.core.writes import connection_discard, is_retryable, is_write_refused

READ_ONLY = _(
    "The site is read-only for a moment: nothing was saved, but your text is kept here."
    " Please send it again in a minute."
)


def _member(request: HttpRequest) -> User:
    return cast(User, request.user)  # behind login_required


def _on_title(message: Message) -> str:
    return f"{message.title.get_absolute_url()}#message-{message.pk}"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _compose(
    request: HttpRequest,
    form: MessageForm,
    save: Callable[[Draft], Message],
    context: dict[str, object],
) -> HttpResponse:
    """Save a posted form through `save`, or render it again with the refusal and every
    character the member typed; the paste warning also offers the "post anyway" box.
    """
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.draft())
        except DatabaseError as error:
            if not (is_write_refused(error) or is_retryable(error)):
                raise
            connection_discard()  # the next request reconnects (core.writes: recovery)
            form.add_error(None, str(READ_ONLY))
            status = 503
        except services.PasteSuspected as refusal:
            form.offer_confirm()
            form.add_error(None, str(refusal))
            context["warning"] = True
        except moderation.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            if message.is_held:
                flash.info(
                    request, _("Your message is saved and waits for a moderator to check it.")
                )
            return redirect(_on_title(message))
    response = render(
        request,
        "community/messages/compose.html",
        {
            "form": form,
            "paste_warning": services.PASTE_WARNING,
            "paste_min": settings.PASTE_GUARD_MIN_LENGTH,
            **context,
        },
        status=status,
    )
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def message_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Write a message on a title; `?reply_to=<id>` replies, `?quote=<id>` quotes and replies."""
    title = get_object_or_404(Title, slug=slug)
    parent_id = _int(request.POST.get("reply_to") or request.GET.get("reply_to"))
    quote_id = _int(request.GET.get("quote"))
    parent = (
        get_object_or_404(Message, pk=parent_id or quote_id, title=title)
        if (parent_id or quote_id)
        else None
    )
    if request.method == "POST":
        form = MessageForm(request.POST)
    else:
        initial: dict[str, object] = {"reply_to": parent.pk if parent else None}
        if quote_id and parent is not None and not (parent.is_deleted or parent.is_hidden):
            initial["body"] = services.quote_source(parent)
        form = MessageForm(initial=initial)
    return _compose(
        request,
        form,
        lambda draft: services.message_post(
            author=_member(request), title=title, draft=draft, parent=parent
        ),
        {"title": title, "parent": parent},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_author(pk, _member(request))
    form = (
        MessageForm(request.POST)
        if request.method == "POST"
        else MessageForm(
            initial={
                "body": message.source,
                "spoiler": message.spoiler,
                # A detected language stays open to detection again after the edit.
                "language": message.language if message.language_by_author else "",
            }
        )
    )
    return _compose(
        request,
        form,
        lambda draft: services.message_edit(message=message, editor=_member(request), draft=draft),
        {"title": message.title, "editing": message, "revisions": message.revisions.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_delete(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_author(pk, _member(request))
    if request.method == "POST":
        try:
            services.message_delete(message=message, user=_member(request))
        except moderation.Refused as refusal:
            flash.error(request, str(refusal))
        return redirect(_on_title(message))
    return render(request, "community/messages/delete.html", {"message": message})


@login_required
@require_POST
def message_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get(pk)
    if message.author_id == _member(request).pk:
        raise PermissionDenied(_("You cannot mark your own message as helpful."))
    try:
        services.message_mark_helpful(message=message, user=_member(request))
    except moderation.Refused as refusal:
        flash.error(request, str(refusal))
    return redirect(_on_title(message))


@login_required
@require_http_methods(["GET", "POST"])
def message_report(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get(pk)
    if message.author_id == _member(request).pk:
        raise PermissionDenied(_("You cannot report your own message."))
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_create(
                message=message, reporter=_member(request), reason=form.cleaned_data["reason"]
            )
        except moderation.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            flash.success(request, _("Thank you: a moderator will look at this message."))
            return redirect(_on_title(message))
    return render(request, "community/messages/report.html", {"form": form, "message": message})


def message_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A message's lasting address: its title's page, at the page of the list it is on."""
    message = selectors.message_get(pk)
    page = selectors.message_page_number(message)
    query = f"?messages_page={page}" if page > 1 else ""
    return redirect(f"{message.title.get_absolute_url()}{query}#message-{message.pk}")
