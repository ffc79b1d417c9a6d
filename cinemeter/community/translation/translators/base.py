"""What every translator backend shares: errors, HTTP calls with retries and back-off, and a
circuit breaker that stops calling a translator that keeps failing.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Worth another try: the service may answer later. Other 4xx answers will not change.
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class TranslatorError(Exception):
    """The translator could not translate this text now; the original stays shown."""


class TranslatorUnavailableError(TranslatorError):
    """The translator is not usable at all right now (not installed, no model, breaker open)."""


class CircuitBreaker:
    """Opens after `threshold` failures in a row and refuses calls for `cooldown` seconds.

    Kept in the shared cache, so every worker process sees the same state; a call after the
    cool-down is the trial that closes it again or reopens it.
    """

    def __init__(self, name: str) -> None:
        self.failures_key = f"translator:{name}:failures"
        self.open_key = f"translator:{name}:open"
        self.threshold = settings.TRANSLATOR_BREAKER_THRESHOLD
        self.cooldown = settings.TRANSLATOR_BREAKER_COOLDOWN

    def is_open(self) -> bool:
        return bool(cache.get(self.open_key))

    def record_success(self) -> None:
        cache.delete_many([self.failures_key, self.open_key])

    def record_failure(self) -> None:
        cache.add(self.failures_key, 0, timeout=self.cooldown * 10)
        try:
            failures = cache.incr(self.failures_key)
        except ValueError:  # expired between add and incr
            failures = 1
        if failures >= self.threshold:
            cache.set(self.open_key, True, timeout=self.cooldown)
            cache.delete(self.failures_key)
            logger.error(
                "translator circuit opened for %ss after %s failures", self.cooldown, failures
            )


class Translator(ABC):
    """One translation service. `translate` raises TranslatorError rather than return junk."""

    name: str

    def __init__(self) -> None:
        self.breaker = CircuitBreaker(self.name)

    @abstractmethod
    def _translate(self, text: str, *, source: str, target: str) -> str: ...

    def translate(self, text: str, *, source: str, target: str) -> str:
        """`text` (Markdown) from `source` into `target`, guarded by the circuit breaker."""
        if self.breaker.is_open():
            raise TranslatorUnavailableError(f"{self.name}: too many recent failures; waiting")
        try:
            translated = self._translate(text, source=source, target=target)
        except TranslatorUnavailableError:
            raise
        except TranslatorError:
            self.breaker.record_failure()
            raise
        self.breaker.record_success()
        return translated


class HttpTranslator(Translator):
    """A translator behind an HTTP API: timeouts, retries with exponential back-off."""

    def post_json(self, url: str, *, json: dict[str, Any], headers: dict[str, str]) -> Any:
        attempts = settings.TRANSLATOR_RETRIES + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(settings.TRANSLATOR_BACKOFF * 2 ** (attempt - 1))
            try:
                with httpx.Client(timeout=settings.TRANSLATOR_TIMEOUT) as client:
                    response = client.post(url, json=json, headers=headers)
            except httpx.TransportError as error:  # includes timeouts and refused connections
                problem = f"{type(error).__name__}: {error}"
            else:
                retry = response.status_code in _RETRY_STATUSES
                problem = f"HTTP {response.status_code}" if retry else ""
            if problem:
                logger.warning(
                    "%s attempt %s/%s failed: %s", self.name, attempt + 1, attempts, problem
                )
                continue
            if response.is_error:
                raise TranslatorError(
                    f"{self.name}: HTTP {response.status_code}: {response.text[:200]}"
                )
            try:
                return response.json()
            except ValueError as error:
                raise TranslatorError(f"{self.name}: the answer is not JSON") from error
        raise TranslatorError(f"{self.name}: gave up after {attempts} attempts ({problem})")
