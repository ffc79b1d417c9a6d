"""Argos Translate, offline: used only when the package and a model for the language pair
are already installed on the machine. The app never installs or downloads a model.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from cinemeter.community.translation.translators.base import (
    Translator,
    TranslatorError,
    TranslatorUnavailableError,
)


def _installed_pair(source: str, target: str) -> Any:
    """Argos's translation object for the pair, or TranslatorUnavailableError."""
    try:
        argos = import_module("argostranslate.translate")
    except ImportError as error:
        raise TranslatorUnavailableError("argos: argostranslate is not installed") from error
    languages = {language.code: language for language in argos.get_installed_languages()}
    if source not in languages or target not in languages:
        raise TranslatorUnavailableError(f"argos: no installed model for {source}→{target}")
    translation = languages[source].get_translation(languages[target])
    if translation is None:
        raise TranslatorUnavailableError(f"argos: no installed model for {source}→{target}")
    return translation


class Argos(Translator):
    name = "argos"

    def _translate(self, text: str, *, source: str, target: str) -> str:
        translation = _installed_pair(source, target)
        try:
            translated = translation.translate(text)
        except Exception as error:  # a third-party model may fail in any way; keep the original
            raise TranslatorError(f"argos: {error}") from error
        if not isinstance(translated, str) or not translated.strip():
            raise TranslatorError("argos: the translation is empty")
        return translated
