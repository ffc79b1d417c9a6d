"""Staff view of votes: read them, delete them (through the service, so the counter moves)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cinemeter.community.votes import services
from cinemeter.community.votes.models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin[Vote]):
    list_display = ("pk", "user", "title", "value", "created_at", "updated_at")
    list_filter = ("value", "user__is_imported")
    list_select_related = ("user", "title")
    search_fields = ("user__username", "title__title")
    # Votes are cast by members and importers, not typed in by staff.
    readonly_fields = ("user", "title", "value", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Vote | None = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Vote) -> None:
        services.votes_delete(Vote.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Vote]) -> None:
        services.votes_delete(queryset)
