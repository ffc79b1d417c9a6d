"""Small presentation helpers for catalogue templates."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    """ "English" for "en" (in the page's language: "Engels"); else the code itself."""
    if not code:
        return ""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
