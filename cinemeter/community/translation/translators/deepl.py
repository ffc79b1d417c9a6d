"""DeepL's API with the operator's key.

API (developers.deepl.com): POST /v2/translate with `Authorization: DeepL-Auth-Key KEY` and
JSON {"text": [...], "source_lang": "NL", "target_lang": "EN-GB"} answers
{"translations": [{"detected_source_language": "NL", "text": "..."}]}. Free keys end in
":fx" and use api-free.deepl.com.
"""

from __future__ import annotations

from django.conf import settings

from cinemeter.community.translation.translators.base import (
    HttpTranslator,
    TranslatorError,
    TranslatorUnavailableError,
)

# DeepL wants a variant for some target languages ("EN" alone is deprecated).
_TARGETS = {"en": "EN-GB", "pt": "PT-PT"}


def deepl_endpoint(key: str) -> str:
    host = "api-free.deepl.com" if key.endswith(":fx") else "api.deepl.com"
    return f"https://{host}/v2/translate"


class DeepL(HttpTranslator):
    name = "deepl"

    def _translate(self, text: str, *, source: str, target: str) -> str:
        key = str(settings.DEEPL_API_KEY)
        if not key:
            raise TranslatorUnavailableError("deepl: set DEEPL_API_KEY")
        payload = {
            "text": [text],
            "source_lang": source.upper(),
            "target_lang": _TARGETS.get(target, target.upper()),
        }
        url = str(settings.DEEPL_API_URL) or deepl_endpoint(key)
        answer = self.post_json(
            url, json=payload, headers={"Authorization": f"DeepL-Auth-Key {key}"}
        )
        try:
            translated = answer["translations"][0]["text"]
        except (KeyError, IndexError, TypeError) as error:
            raise TranslatorError("deepl: the answer has no translations") from error
        if not isinstance(translated, str) or not translated.strip():
            raise TranslatorError("deepl: the translation is empty")
        return translated
