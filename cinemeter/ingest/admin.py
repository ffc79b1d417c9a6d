from django.contrib import admin
from django.http import HttpRequest

from cinemeter.ingest.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    list_display = (
        "pk",
        "source",
        "status",
        "started_at",
        "finished_at",
        "read",
        "created",
        "updated",
        "unchanged",
        "rejected",
    )
    # "interrupted": its process died; the next import run found it so (pipeline).
    list_filter = ("source", "status")
    # The record of what happened: staff read it, nobody edits it.
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False
