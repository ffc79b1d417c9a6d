"""Responses of the translation APIs, written by the Cinemeter project after each API's
documented request and response format (no recording of a real service was possible here:
the machines that run the suite have no network).

- LibreTranslate (docs.libretranslate.com, "API usage"): POST /translate with JSON
  {"q", "source", "target", "format", "api_key"} answers {"translatedText": "..."};
  errors answer {"error": "..."} with a 4xx/5xx status.
- DeepL (developers.deepl.com, "Translate text"): POST /v2/translate with the header
  `Authorization: DeepL-Auth-Key <key>` and JSON {"text": [...], "target_lang": "..."}
  answers {"translations": [{"detected_source_language": "NL", "text": "..."}]};
  free-plan keys end in ":fx" and use https://api-free.deepl.com.
"""

DUTCH_REVIEW = (
    "Wat een heerlijk foute film. Snake Plissken is nog net zo cynisch als in New York, en"
    " die surfscène is zo absurd dat je hem gewoon gezien moet hebben."
)
ENGLISH_OF_DUTCH_REVIEW = (
    "What a gloriously trashy film. Snake Plissken is just as cynical as in New York, and"
    " that surfing scene is so absurd that you simply have to have seen it."
)

LIBRETRANSLATE_TRANSLATE_OK = {"translatedText": ENGLISH_OF_DUTCH_REVIEW}
LIBRETRANSLATE_BAD_KEY = {"error": "Invalid API key"}
LIBRETRANSLATE_SLOW_DOWN = {"error": "Slowdown: 1 per 1 second"}

DEEPL_TRANSLATE_OK = {
    "translations": [{"detected_source_language": "NL", "text": ENGLISH_OF_DUTCH_REVIEW}]
}
DEEPL_QUOTA_EXCEEDED = {"message": "Quota Exceeded"}
