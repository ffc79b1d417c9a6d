"""Which language a message is written in, detected offline when it is posted or edited.

lingua compares only the languages the site is configured for (settings.LANGUAGES), which
makes it both faster and surer than an open guess. Short or mixed texts stay "unknown"
(""): a wrong guess would translate a message its reader could read.
"""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

UNKNOWN = ""
_QUOTE_LINE = re.compile(r"^\s*>.*$", re.MULTILINE)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@cache
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(settings.MESSAGES_LANGUAGE_MIN_DISTANCE)
        .build()
    )


def own_words(source: str) -> str:
    """The member's own words: quoted lines (someone else's text) and link targets removed."""
    return _LINK_TARGET.sub(" ", _QUOTE_LINE.sub(" ", source))


def language_detect(source: str) -> str:
    """The language code of a message's Markdown source, or UNKNOWN.

    Unknown when it has fewer than MESSAGES_LANGUAGE_MIN_WORDS words, when lingua finds the
    candidates too close, or when the best one's confidence is under
    MESSAGES_LANGUAGE_MIN_CONFIDENCE.
    """
    text = own_words(source)
    if len(_WORD.findall(text)) < settings.MESSAGES_LANGUAGE_MIN_WORDS:
        return UNKNOWN
    detector = _detector(tuple(site_languages()))
    if detector.detect_language_of(text) is None:
        return UNKNOWN
    best = detector.compute_language_confidence_values(text)[0]
    if best.value < settings.MESSAGES_LANGUAGE_MIN_CONFIDENCE:
        return UNKNOWN
    return best.language.iso_code_639_1.name.lower()
