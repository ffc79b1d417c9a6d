"""Fixed-window counters in Django's cache, for registration and failed log-ins.

The cache is per process by default (locmem) and shared when CACHE_URL points at Redis; a
limit per process is still a limit, and the site needs no extra service for it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address a request came from; behind the site's own proxy, the one it saw."""
    if settings.TRUST_X_FORWARDED_FOR:
        # The proxy appends the address it saw; earlier entries are whatever the client sent.
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class Throttle:
    """At most `limit` hits per key in a window of `seconds`, counted from the first hit."""

    name: str
    limit: int
    seconds: int

    def _key(self, key: str) -> str:
        # Hashed: keys hold addresses and typed-in names, which the cache need not see.
        digest = hashlib.sha256(key.lower().encode()).hexdigest()[:32]
        return f"throttle:{self.name}:{digest}"

    def exceeded(self, key: str) -> bool:
        return int(cache.get(self._key(key), 0)) >= self.limit

    def hit(self, key: str) -> int:
        """Count one hit; the window's expiry is set by the first and not moved by later ones."""
        cache_key = self._key(key)
        cache.add(cache_key, 0, self.seconds)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, self.seconds)
            return 1

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))


def registration_throttle() -> Throttle:
    return Throttle(
        "register", settings.ACCOUNTS_REGISTRATIONS_PER_IP, settings.ACCOUNTS_REGISTRATION_WINDOW
    )


def login_throttle() -> Throttle:
    return Throttle(
        "login", settings.ACCOUNTS_LOGIN_FAILURES_ALLOWED, settings.ACCOUNTS_LOGIN_FAILURE_WINDOW
    )
