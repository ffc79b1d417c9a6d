from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cinemeter.accounts.models import User


@admin.register(User)
class MemberAdmin(UserAdmin[User]):
    list_display = ("username", "email", "is_staff", "is_active", "is_imported", "date_joined")
    list_filter = (*UserAdmin.list_filter, "is_imported")
    readonly_fields = ("is_imported",)
