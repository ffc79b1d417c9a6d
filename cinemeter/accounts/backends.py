"""Log in with a username or an e-mail address, either in any letter case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from cinemeter.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Django's model backend, finding the account by username or e-mail address.

    Both are unique case-insensitively in the database, so at most one account matches.
    Inactive accounts (not yet verified, closed, imported) are refused as before.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        field = "email__iexact" if "@" in username else "username__iexact"
        user = User.objects.filter(**{field: username.strip()}).first()
        if user is None:
            # Spend the time of a password check anyway, so timing does not tell which
            # names and addresses have accounts (as ModelBackend does).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The logged-in member of a request, by plain SQL: every member's request asks, and
        the ORM's compiling cost more than the read. Refuses inactive accounts as before."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        table = User._meta.db_table
        found = list(User.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [pk]))  # noqa: S608
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None
