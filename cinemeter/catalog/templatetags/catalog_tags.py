"""Small presentation helpers for catalogue templates."""

from django import template

from cinemeter.catalog.vocabulary import language_name

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    """ "English" for "en" in the page's language ("Engels" in Dutch), from CLDR; else the
    code itself.
    """
    return language_name(code) if code else ""
