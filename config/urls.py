"""URL wiring: each app owns its URLs; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from cinemeter.core.views import (
    favicon,
    health,
    health_member,
    health_ready,
    media_file,
    robots_txt,
)

# Styled error pages in the reader's language (`core.errors`); 404 is the template.
handler400 = "cinemeter.core.errors.bad_request"
handler403 = "cinemeter.core.errors.permission_denied"
# The 404 page, unless the path is a catalogue page under an old slug: then a 301 to its new one.
handler404 = "cinemeter.catalog.views.page_not_found"
# 500, or 503 when the database refuses writes; both give the member their typed text back.
handler500 = "cinemeter.core.errors.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("health/", health, name="health"),
    path("health/member/", health_member, name="health-member"),
    path("health/ready", health_ready, name="health-ready"),
    path("admin/", admin.site.urls),
    path("account/", include("cinemeter.accounts.urls")),
    path("search/", include("cinemeter.search.urls")),
    path("", include("cinemeter.community.urls")),
    path("", include("cinemeter.releases.urls")),
    path("", include("cinemeter.editorial.urls")),
    path("", include("cinemeter.catalog.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", media_file))
