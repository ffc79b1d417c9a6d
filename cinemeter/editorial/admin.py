"""The admin shows articles and their revisions; every change goes through the services
(the site's editor is the place to write)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from cinemeter.editorial.articles.models import Article


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("headline", "status", "author", "published_at", "publish_at")
    list_filter = ("status", "language")
    search_fields = ("headline", "slug")
    readonly_fields = [f.name for f in Article._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
