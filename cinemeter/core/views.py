"""Site-wide views."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.static import serve

from cinemeter.core.health import readiness


def media_file(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Serve an uploaded file on a single-machine site (turn off with DJANGO_SERVE_MEDIA)."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def health(request: HttpRequest) -> HttpResponse:
    """A tiny 200 through the whole middleware stack: for uptime checks, and the benchmark's
    trivial view that every page is measured against."""
    return HttpResponse("ok", content_type="text/plain")


def health_ready(request: HttpRequest) -> HttpResponse:
    """200 when the database accepts writes and the task queue runs, else 503; one line per
    check (`core.health`). Not cached: each call writes (and rolls back) one row."""
    checks = readiness()
    ok = all(check.ok for check in checks)
    lines = [f"{check.name}: {'ok' if check.ok else 'FAIL'} ({check.detail})" for check in checks]
    response = HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain", status=200 if ok else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def health_member(request: HttpRequest) -> HttpResponse:
    """The same, after loading the session and the member it names: the least any member's
    page costs, the benchmark's line for members' pages."""
    who = "member" if request.user.is_authenticated else "visitor"
    return HttpResponse(f"ok {who}", content_type="text/plain")


# What crawlers may index: the catalogue's and members' pages, not the forms behind them
# (accounts, votes, messages, moderation, the admin) nor the same page sorted another way.
ROBOTS_TXT = """User-agent: *
Allow: /
Disallow: /account/
Disallow: /admin/
Disallow: /moderation/
Disallow: /messages/
Disallow: /title/*/vote/
Disallow: /title/*/messages/
Disallow: /*?*sort=
Disallow: /*?*messages_page=
Disallow: /health/
"""


def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico whatever the page's <link rel="icon"> says: send them to it."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
