"""`{% title_messages title %}`: the "Reviews & comments" section of a title page.

A template tag, so the catalogue's template can show the community's messages while the
catalogue's Python code never imports the community app.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from cinemeter.catalog.models import Title
from cinemeter.community.messages.forms import MessageForm
from cinemeter.community.messages.selectors import MESSAGE_SORTS, title_messages
from cinemeter.community.messages.services import PASTE_WARNING
from cinemeter.community.translation.services import message_readings, message_translations_backfill

register = template.Library()


def _page(request: HttpRequest) -> int:
    value = request.GET.get("messages_page", "1")
    return int(value) if value.isdigit() else 1


@register.inclusion_tag(
    "community/messages/section.html", takes_context=True, name="title_messages"
)
def title_messages_section(context: template.Context, title: Title) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    section = title_messages(
        title,
        request.user,
        sort=request.GET.get("messages_sort", "newest"),
        page=_page(request),
    )
    login = reverse("accounts:login")
    readings = message_readings(section.messages, section.translations, request.user, request.GET)
    message_translations_backfill(readings, section.messages)
    return {
        "section": section,
        "entries": list(zip(section.messages, readings, strict=True)),
        "login_url": f"{login}?next={quote(request.path + '#messages', safe='/')}",
        "sorts": list(MESSAGE_SORTS),
        "user": request.user,
        # Staff moderate in place; other moderators use the queue (no permission queries here).
        "staff": request.user.is_authenticated and request.user.is_staff,
        "form": MessageForm() if request.user.is_authenticated else None,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "paste_warning": PASTE_WARNING,
        "paste_min": settings.PASTE_GUARD_MIN_LENGTH,
    }
