"""URL wiring: each app owns its URLs; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from cinemeter.core.views import health, health_member, media_file

urlpatterns: list[URLPattern | URLResolver] = [
    path("health/", health, name="health"),
    path("health/member/", health_member, name="health-member"),
    path("admin/", admin.site.urls),
    path("account/", include("cinemeter.accounts.urls")),
    path("", include("cinemeter.community.urls")),
    path("", include("cinemeter.catalog.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", media_file))
