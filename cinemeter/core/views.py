"""Site-wide views."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.static import serve


def media_file(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """Serve an uploaded file on a single-machine site (turn off with DJANGO_SERVE_MEDIA)."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def health(request: HttpRequest) -> HttpResponse:
    """A tiny 200 through the whole middleware stack: for uptime checks, and the benchmark's
    trivial view that every page is measured against."""
    return HttpResponse("ok", content_type="text/plain")


def health_member(request: HttpRequest) -> HttpResponse:
    """The same, after loading the session and the member it names: the least any member's
    page costs, the benchmark's line for members' pages."""
    who = "member" if request.user.is_authenticated else "visitor"
    return HttpResponse(f"ok {who}", content_type="text/plain")
