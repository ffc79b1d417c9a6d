"""HEAD requests answered without a body.

Django's views answer HEAD as GET, body included; its test client and runserver drop the
body, gunicorn drops it too but logs a warning for every such request, so an uptime monitor
filled the log. The headers stay those of the GET, Content-Length included (RFC 9110 9.3.2).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


def head_without_body(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            # The original iterator's file or generator is still closed with the response.
            response.streaming_content = iter(())  # type: ignore[attr-defined]
        else:
            length = len(response.content)  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
            response["Content-Length"] = str(length)
        return response

    return middleware
