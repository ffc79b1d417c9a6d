"""Writes to member accounts that are more than one ORM call."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.hashers import make_password

from cinemeter.accounts.models import User


def imported_members_ensure(usernames: Iterable[str]) -> dict[str, int]:
    """The ids of the imported accounts with these usernames, creating the missing ones.

    An imported account (one per MovieLens user, say) carries votes but cannot log in: it has
    an unusable password and is inactive. A username already taken by a registered account is
    left out of the answer, so an importer never writes onto a real member. Two queries.
    """
    wanted = set(usernames)
    if not wanted:
        return {}
    existing = {
        username: (pk, imported)
        for username, pk, imported in User.objects.filter(username__in=wanted).values_list(
            "username", "pk", "is_imported"
        )
    }
    new = [
        User(
            username=username,
            password=make_password(None),
            is_active=False,
            is_imported=True,
        )
        for username in sorted(wanted - existing.keys())
    ]
    User.objects.bulk_create(new)
    ids = {username: pk for username, (pk, imported) in existing.items() if imported}
    ids.update({user.username: user.pk for user in new})
    return ids
