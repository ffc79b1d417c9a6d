"""The site's error pages: 400, 403 (with the reason a member can act on), 405, 429 and the
CSRF failure, styled like every other page and in the reader's language.

Django answers these with bare or unstyled pages by default. `config.urls` names the views
below as `handler400` / `handler403`, `settings.CSRF_FAILURE_VIEW` names `csrf_failure`, and
`MethodNotAllowedMiddleware` dresses the empty 405 that `require_POST` and its kin return.
`too_many_requests` is the answer a throttle gives.

A 403's reason is the `PermissionDenied` message: the services raise it translated and
written for the member ("Only the author may change this message."), and the template
escapes it. Django's own reasons for a CSRF failure are for developers ("CSRF cookie not
set."), so that page explains in the member's words instead.
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a malformed request (a form field that cannot be read, a suspicious header)."""
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 with the reason the code gave, when it gave one."""
    reason = ""
    if isinstance(exception, PermissionDenied) and exception.args:
        reason = str(exception.args[0])
    return render(request, "403.html", {"reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without its valid token: an expired page, or cookies turned off."""
    no_cookie = reason == REASON_NO_CSRF_COOKIE
    return render(request, "403_csrf.html", {"no_cookie": no_cookie}, status=403)


def too_many_requests(
    request: HttpRequest, retry_after_seconds: float, reason: str = ""
) -> HttpResponse:
    """429 for a throttle: `reason` (translated, for the member) says what was limited, and
    Retry-After when the limit lifts, in whole seconds (at least 1)."""
    seconds = max(1, math.ceil(retry_after_seconds))
    minutes = math.ceil(seconds / 60)
    response = render(
        request,
        "429.html",
        {"reason": reason, "retry_after_seconds": seconds, "retry_after_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


class MethodNotAllowedMiddleware(MiddlewareMixin):
    """Render the 405 page in place of the empty `HttpResponseNotAllowed` body, keeping its
    Allow header. Only empty 405s: a view that wrote its own answer keeps it."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code != 405 or getattr(response, "streaming", False):
            return response
        if response.content:
            return response
        page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
