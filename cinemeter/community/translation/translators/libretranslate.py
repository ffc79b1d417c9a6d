"""LibreTranslate: an HTTP server the operator runs (or a hosted one with a key).

API (docs.libretranslate.com): POST {url}/translate with JSON {q, source, target, format,
api_key} answers {"translatedText": "..."}; errors answer {"error": "..."} with 4xx/5xx.
"""

from __future__ import annotations

from django.conf import settings

from cinemeter.community.translation.translators.base import (
    HttpTranslator,
    TranslatorError,
    TranslatorUnavailableError,
)


class LibreTranslate(HttpTranslator):
    name = "libretranslate"

    def _translate(self, text: str, *, source: str, target: str) -> str:
        base = str(settings.LIBRETRANSLATE_URL).rstrip("/")
        if not base:
            raise TranslatorUnavailableError("libretranslate: set LIBRETRANSLATE_URL")
        payload = {"q": text, "source": source, "target": target, "format": "text"}
        if settings.LIBRETRANSLATE_API_KEY:
            payload["api_key"] = settings.LIBRETRANSLATE_API_KEY
        answer = self.post_json(f"{base}/translate", json=payload, headers={})
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            raise TranslatorError("libretranslate: the answer has no translatedText")
        return translated
