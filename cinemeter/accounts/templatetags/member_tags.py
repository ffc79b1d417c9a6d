"""`{% avatar member size %}`: the member's uploaded picture, or the drawn default."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cinemeter.accounts.avatars import default_avatar_svg
from cinemeter.accounts.models import User

register = template.Library()


@register.simple_tag
def avatar(member: User, size: int = 64) -> SafeString:
    # The 64-pixel file serves small places; anything larger scales the 256-pixel one.
    stored = member.avatar_small if size <= 64 else member.avatar
    if stored:
        return format_html(
            '<img class="avatar" src="{}" width="{}" height="{}" alt="{}">',
            stored.url,
            size,
            size,
            f"{member.username}'s avatar",
        )
    return default_avatar_svg(member.username, size)
