"""The translator backends over real HTTP against a local server answering in each API's
documented format (tests/community/translator_fixtures.py): requests, answers, errors,
timeouts, retries with back-off, and the circuit breaker.
"""

import pytest

from cinemeter.community.translation.translators import (
    TranslatorError,
    TranslatorUnavailableError,
    translator_get,
    translator_name,
)
from cinemeter.community.translation.translators.argos import Argos
from cinemeter.community.translation.translators.deepl import DeepL, deepl_endpoint
from cinemeter.community.translation.translators.libretranslate import LibreTranslate
from tests.community.translator_fixtures import (
    DEEPL_QUOTA_EXCEEDED,
    DEEPL_TRANSLATE_OK,
    DUTCH_REVIEW,
    ENGLISH_OF_DUTCH_REVIEW,
    LIBRETRANSLATE_BAD_KEY,
    LIBRETRANSLATE_SLOW_DOWN,
    LIBRETRANSLATE_TRANSLATE_OK,
)
from tests.community.translator_server import fake_api


@pytest.fixture
def api(settings):
    settings.TRANSLATOR_TIMEOUT = 0.5
    settings.TRANSLATOR_RETRIES = 2
    settings.TRANSLATOR_BACKOFF = 0.01
    settings.TRANSLATOR_BREAKER_THRESHOLD = 3
    with fake_api() as server:
        settings.LIBRETRANSLATE_URL = server.url
        settings.LIBRETRANSLATE_API_KEY = "operator-key"
        settings.DEEPL_API_KEY = "279a2e9d-83b3-c416-7e2d-f721593e42a0:fx"
        settings.DEEPL_API_URL = f"{server.url}/v2/translate"
        yield server


def test_the_backend_comes_from_settings(settings):
    settings.TRANSLATOR_BACKEND = "none"
    assert translator_get() is None
    settings.TRANSLATOR_BACKEND = "LibreTranslate"
    assert isinstance(translator_get(), LibreTranslate)
    settings.TRANSLATOR_BACKEND = "deepl"
    assert isinstance(translator_get(), DeepL)
    settings.TRANSLATOR_BACKEND = "no-such-service"
    assert translator_name() == "none"


def test_libretranslate_sends_the_documented_request_and_reads_the_answer(api):
    api.answer = lambda path, headers, body: (200, LIBRETRANSLATE_TRANSLATE_OK)
    text = LibreTranslate().translate(DUTCH_REVIEW, source="nl", target="en")
    assert text == ENGLISH_OF_DUTCH_REVIEW
    [(path, _headers, body)] = api.requests
    assert path == "/translate"
    assert body == {
        "q": DUTCH_REVIEW,
        "source": "nl",
        "target": "en",
        "format": "text",
        "api_key": "operator-key",
    }


def test_libretranslate_refusal_is_an_error_without_retries(api):
    api.answer = lambda path, headers, body: (403, LIBRETRANSLATE_BAD_KEY)
    with pytest.raises(TranslatorError, match="HTTP 403"):
        LibreTranslate().translate(DUTCH_REVIEW, source="nl", target="en")
    assert len(api.requests) == 1


def test_a_rate_limit_is_retried_with_back_off_and_then_succeeds(api):
    answers = iter([(429, LIBRETRANSLATE_SLOW_DOWN), (200, LIBRETRANSLATE_TRANSLATE_OK)])
    api.answer = lambda path, headers, body: next(answers)
    assert LibreTranslate().translate(DUTCH_REVIEW, source="nl", target="en") == (
        ENGLISH_OF_DUTCH_REVIEW
    )
    assert len(api.requests) == 2


def test_a_translator_that_times_out_fails_after_its_retries(api, settings):
    settings.TRANSLATOR_TIMEOUT = 0.2
    api.delay = 1.0
    api.answer = lambda path, headers, body: (200, LIBRETRANSLATE_TRANSLATE_OK)
    with pytest.raises(TranslatorError, match=r"gave up after 3 attempts \(ReadTimeout"):
        LibreTranslate().translate(DUTCH_REVIEW, source="nl", target="en")
    assert len(api.requests) == 3


def test_an_unreachable_translator_is_an_error(settings):
    settings.LIBRETRANSLATE_URL = "http://127.0.0.1:9"  # the discard port: nothing listens
    settings.TRANSLATOR_RETRIES = 1
    with pytest.raises(TranslatorError, match="ConnectError"):
        LibreTranslate().translate(DUTCH_REVIEW, source="nl", target="en")


def test_the_circuit_breaker_stops_calls_after_repeated_failures(api):
    api.answer = lambda path, headers, body: (503, {"error": "overloaded"})
    translator = LibreTranslate()
    for _attempt in range(3):
        with pytest.raises(TranslatorError):
            translator.translate(DUTCH_REVIEW, source="nl", target="en")
    calls = len(api.requests)
    api.answer = lambda path, headers, body: (200, LIBRETRANSLATE_TRANSLATE_OK)
    with pytest.raises(TranslatorUnavailableError, match="too many recent failures"):
        LibreTranslate().translate(DUTCH_REVIEW, source="nl", target="en")
    assert len(api.requests) == calls  # open: the service was not called at all


def test_the_breaker_closes_after_its_cool_down(api, settings):
    settings.TRANSLATOR_BREAKER_COOLDOWN = 1
    api.answer = lambda path, headers, body: (503, {"error": "overloaded"})
    translator = LibreTranslate()
    for _attempt in range(3):
        with pytest.raises(TranslatorError):
            translator.translate(DUTCH_REVIEW, source="nl", target="en")
    assert translator.breaker.is_open()
    translator.breaker.record_success()  # what the first call after the cool-down does
    api.answer = lambda path, headers, body: (200, LIBRETRANSLATE_TRANSLATE_OK)
    assert translator.translate(DUTCH_REVIEW, source="nl", target="en") == ENGLISH_OF_DUTCH_REVIEW


def test_deepl_sends_the_documented_request_and_reads_the_answer(api):
    api.answer = lambda path, headers, body: (200, DEEPL_TRANSLATE_OK)
    text = DeepL().translate(DUTCH_REVIEW, source="nl", target="en")
    assert text == ENGLISH_OF_DUTCH_REVIEW
    [(path, headers, body)] = api.requests
    assert path == "/v2/translate"
    assert headers["authorization"] == "DeepL-Auth-Key 279a2e9d-83b3-c416-7e2d-f721593e42a0:fx"
    assert body == {"text": [DUTCH_REVIEW], "source_lang": "NL", "target_lang": "EN-GB"}


def test_deepl_quota_exceeded_is_an_error(api):
    api.answer = lambda path, headers, body: (456, DEEPL_QUOTA_EXCEEDED)
    with pytest.raises(TranslatorError, match="HTTP 456"):
        DeepL().translate(DUTCH_REVIEW, source="nl", target="en")


def test_deepl_free_keys_use_the_free_endpoint():
    assert deepl_endpoint("abc:fx") == "https://api-free.deepl.com/v2/translate"
    assert deepl_endpoint("abc") == "https://api.deepl.com/v2/translate"


def test_unconfigured_http_backends_are_unavailable(settings):
    settings.LIBRETRANSLATE_URL = ""
    settings.DEEPL_API_KEY = ""
    with pytest.raises(TranslatorUnavailableError):
        LibreTranslate().translate("Hallo daar, hoe gaat het", source="nl", target="en")
    with pytest.raises(TranslatorUnavailableError):
        DeepL().translate("Hallo daar, hoe gaat het", source="nl", target="en")


def test_argos_without_argostranslate_reports_itself_unavailable():
    # argostranslate is not a dependency of the project; the suite's machines lack it.
    with pytest.raises(ImportError):
        __import__("argostranslate")
    with pytest.raises(TranslatorUnavailableError, match="not installed"):
        Argos().translate("Hallo daar, hoe gaat het", source="nl", target="en")
