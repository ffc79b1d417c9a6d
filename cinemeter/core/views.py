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
