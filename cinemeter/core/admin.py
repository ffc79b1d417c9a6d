from django.contrib import admin

from cinemeter.core.models import SiteCounter


@admin.register(SiteCounter)
class SiteCounterAdmin(admin.ModelAdmin[SiteCounter]):
    list_display = ("name", "value", "updated_at")
    # Counters are maintained by services; hand edits would only create drift.
    readonly_fields = ("name", "value", "updated_at")

    def has_add_permission(self, request: object) -> bool:
        return False
