"""`manage.py editors [USERNAME --role writer|publisher|none]`: who may write and publish
articles. Without arguments it lists the members with a role; with a username it gives that
member the role (a writer writes and submits for review, a publisher also publishes,
schedules and unpublishes) or, with `none`, takes it away."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinemeter.accounts.models import User
from cinemeter.editorial.permissions import ROLES, editor_role_set, editors_list


class Command(BaseCommand):
    help = "List the editors, or give a member the writer or publisher role (or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the member to give a role")
        parser.add_argument("--role", choices=[*ROLES, "none"], help="writer, publisher or none")

    def handle(self, *args: Any, **options: Any) -> None:
        username, role = options["username"], options["role"]
        if username is None:
            if role is not None:
                raise CommandError("--role needs a username: editors USERNAME --role ROLE")
            listed = editors_list()
            for name, held in listed:
                self.stdout.write(f"{name}\t{held}")
            if not listed:
                self.stdout.write("No member has an editor's role yet.")
            return
        if role is None:
            raise CommandError("Say which role: --role writer, --role publisher or --role none.")
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No member is called {username!r}.")
        editor_role_set(user=user, role=None if role == "none" else role)
        said = "no editor's role" if role == "none" else f"the {role} role"
        self.stdout.write(f"{user.username} now has {said}.")
