"""Staff view of members: the username is set once, on the add form, and never changed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from cinemeter.accounts.forms import AdminLoginForm
from cinemeter.accounts.models import User

# Failed admin log-ins count against the same limits as the site's log-in form.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class MemberAdmin(UserAdmin[User]):
    list_display = ("username", "email", "is_staff", "is_active", "is_imported", "date_joined")
    list_filter = (*UserAdmin.list_filter, "is_imported")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Member profile",
            {
                "fields": (
                    "email_verified",
                    "bio",
                    "preferred_language",
                    "avatar",
                    "avatar_small",
                    "vote_count",
                    "message_count",
                )
            },
        ),
    )
    # Counters are maintained by services and avatars are made from uploads by the settings
    # page; hand edits would only break them.
    readonly_fields = ("is_imported", "avatar", "avatar_small", "vote_count", "message_count")

    def get_readonly_fields(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[str] | tuple[Any, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        # Other members link to and quote a name; changing it would break what they wrote.
        return readonly if obj is None else ("username", *readonly)
