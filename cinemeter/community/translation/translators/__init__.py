"""Machine translators, chosen by settings.TRANSLATOR_BACKEND.

`none` (the default) translates nothing: readers see originals without a label.
`libretranslate` and `deepl` call an HTTP API; `argos` runs offline when Argos Translate and
a model for the language pair are installed on the machine (the app never downloads one).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from cinemeter.community.translation.translators.base import (
    Translator,
    TranslatorError,
    TranslatorUnavailableError,
)

__all__ = [
    "BACKENDS",
    "Translator",
    "TranslatorError",
    "TranslatorUnavailableError",
    "translator_get",
    "translator_name",
]

BACKENDS = {
    "libretranslate": "cinemeter.community.translation.translators.libretranslate.LibreTranslate",
    "deepl": "cinemeter.community.translation.translators.deepl.DeepL",
    "argos": "cinemeter.community.translation.translators.argos.Argos",
}


def translator_name() -> str:
    """The configured backend's name; "none" when translation is off."""
    name = str(settings.TRANSLATOR_BACKEND or "none").lower()
    return name if name in BACKENDS else "none"


def translator_get() -> Translator | None:
    """The configured translator, or None when translation is off."""
    name = translator_name()
    if name == "none":
        return None
    translator: Translator = import_string(BACKENDS[name])()
    return translator
