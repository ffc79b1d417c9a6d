"""Scheduled publication without a task worker: at most once every
`EDITORIAL_DUE_CHECK_SECONDS` per process, a request first publishes the scheduled articles
whose time has come (one indexed query when there are none). With a worker running, its
minute task has nearly always done it already. `None` turns the check off (the test settings,
where tests call it themselves)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cinemeter.editorial.articles.services import articles_publish_due

_lock = threading.Lock()
_next_check = 0.0


def due_check(now: float | None = None) -> bool:
    """Run the check if it is time for this process; True when it ran."""
    global _next_check  # noqa: PLW0603 - per process, guarded by its lock
    interval = settings.EDITORIAL_DUE_CHECK_SECONDS
    if interval is None:
        return False
    moment = time.monotonic() if now is None else now
    with _lock:
        if moment < _next_check:
            return False
        _next_check = moment + interval
    articles_publish_due()
    return True


def due_check_reset() -> None:
    global _next_check  # noqa: PLW0603
    with _lock:
        _next_check = 0.0


class ScheduledPublishMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        due_check()
        return self.get_response(request)
