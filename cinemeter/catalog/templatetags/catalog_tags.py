"""Small presentation helpers for catalogue templates."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    """ "English" for "en"; the code itself for a language Django does not know."""
    if not code:
        return ""
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code
