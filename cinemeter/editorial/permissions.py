"""The editor role: who may write articles and who may publish them, checked by the services
and the views alike (never only by hiding a button).

Two groups carry the permissions: "editors" write (add, change and view articles), "publishing
editors" may also publish, schedule and unpublish (`editorial.publish_article`). Staff with the
permissions, or superusers, count too: everything asks `has_perm`.
"""

from __future__ import annotations

from typing import Any

EDITORS = "editors"
PUBLISHERS = "publishing editors"
WRITE_PERMISSIONS = ("add_article", "change_article", "view_article")
PUBLISH_PERMISSION = "publish_article"


def can_write(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("editorial.change_article"))


def can_publish(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(f"editorial.{PUBLISH_PERMISSION}"))


def roles_ensure() -> None:
    """Create the two groups with their permissions (idempotent): migrations and the demo."""
    from django.contrib.auth.models import Group, Permission

    codes = {
        EDITORS: WRITE_PERMISSIONS,
        PUBLISHERS: (*WRITE_PERMISSIONS, PUBLISH_PERMISSION),
    }
    for name, wanted in codes.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="editorial", codename__in=wanted)
        )


ROLES = {"writer": EDITORS, "publisher": PUBLISHERS}


def editor_role_set(*, user: Any, role: str | None) -> None:
    """Make a member a writer ("editors"), a publisher ("publishing editors") or, with None,
    neither. The operator's way in (`manage.py editors`); the admin's group page works too."""
    from django.contrib.auth.models import Group

    roles_ensure()
    groups = {name: Group.objects.get(name=name) for name in ROLES.values()}
    user.groups.remove(*groups.values())
    if role is not None:
        user.groups.add(groups[ROLES[role]])


def editors_list() -> list[tuple[str, str]]:
    """Every member with a role: (username, "writer" | "publisher"), by name."""
    from cinemeter.accounts.models import User

    found = User.objects.filter(groups__name__in=ROLES.values()).values_list(
        "username", "groups__name"
    )
    best: dict[str, str] = {}
    for username, group in found:
        role = "publisher" if group == PUBLISHERS else "writer"
        if best.get(username) != "publisher":
            best[username] = role
    return sorted(best.items())
