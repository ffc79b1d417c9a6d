"""The site's error pages: 400, 403 (with the reason a member can act on), 405, 429, 500,
503 and the CSRF failure, styled like every other page and in the reader's language.

Django answers these with bare or unstyled pages by default. `config.urls` names the views
below as `handler400` / `handler403`, `settings.CSRF_FAILURE_VIEW` names `csrf_failure`, and
`MethodNotAllowedMiddleware` dresses the empty 405 that `require_POST` and its kin return.
`too_many_requests` is the answer a throttle gives.

A 403's reason is the `PermissionDenied` message: the services raise it translated and
written for the member ("Only the author may change this message."), and the template
escapes it. Django's own reasons for a CSRF failure are for developers ("CSRF cookie not
set."), so that page explains in the member's words instead.

A member never loses typed text to a failure: the CSRF page, the 500 and the 503 show the
message text the failed form carried (`kept_text`) in a box to copy, and the message form's
script (`static/js/drafts.js`) keeps a draft in the browser that the form restores.

`server_error` (`handler500`) answers 503 instead of 500 when the exception says the database
refuses writes (read-only, full) or kept losing races after the retries of `core.writes`, and
closes the connection so the next request opens a fresh one (a read-only connection would
otherwise stay read-only after the cause is gone). The 500 and 503 pages are rendered without
the request's context processors: they must not need the database.
"""

from __future__ import annotations

import math
import sys

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext

from cinemeter.core.writes import connection_discard, is_retryable, is_write_refused

# The form fields whose text a member typed and must get back after a failure: the message
# form's box (community.messages.forms.MessageForm.body).
KEPT_FIELDS = ("body",)
# Seconds a client is asked to wait after a 503.
RETRY_AFTER_SECONDS = 30


def kept_text(request: HttpRequest) -> str:
    """The text the member typed into the failed form, or "" (not a POST, no such field)."""
    if request.method != "POST":
        return ""
    try:
        return next((request.POST[name] for name in KEPT_FIELDS if request.POST.get(name)), "")
    except Exception:  # an unreadable body must not break the error page
        return ""


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


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
    context = {"no_cookie": no_cookie, "kept_text": kept_text(request)}
    return render(request, "403_csrf.html", context, status=403)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503: the database refuses writes for a moment; the member's text is given back."""
    if _wants_json(request):
        text = gettext("The site is read-only for a moment; please try again in a minute.")
        response: HttpResponse = JsonResponse({"ok": False, "error": text}, status=503)
    else:
        page = render_to_string("503.html", {"kept_text": kept_text(request)})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a 503 when the database refuses writes, else the 500 page; both keep
    the member's text. Called inside Django's exception handling, so `sys.exc_info()` names
    the error."""
    error = sys.exc_info()[1]
    if error is not None and (is_write_refused(error) or is_retryable(error)):
        connection_discard()
        return service_unavailable(request)
    if isinstance(error, OperationalError | InterfaceError):
        connection_discard()  # a broken connection: the next request opens a new one
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": gettext("Something went wrong")}, status=500)
    return HttpResponse(render_to_string("500.html", {"kept_text": kept_text(request)}), status=500)


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
