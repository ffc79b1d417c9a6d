"""Make the slugs the ASCII-only rule left unreadable readable, redirecting from the old ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cinemeter.catalog.reslug import Move, slugs_make_readable, unreadable_slugs

# Moves listed one a line; the total is always reported.
SHOWN = 50


class Command(BaseCommand):
    help = (
        "Give titles, people and companies whose slug lost the letters of their name "
        '("Сталкер" got "1979") a readable slug ("stalker-1979"); the old slug redirects to '
        "the new one. --check: only list them (exit status 1 if any)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only list the slugs that would move (exit status 1 if any); change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        moves = unreadable_slugs() if options["check"] else slugs_make_readable()
        if not moves:
            self.stdout.write(self.style.SUCCESS("Every slug is readable."))
            return
        self._list(moves)
        if options["check"]:
            self.stdout.write(f"{len(moves)} slugs would move.")
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(f"Moved {len(moves)} slugs; each old one redirects to its new one.")
        )

    def _list(self, moves: list[Move]) -> None:
        for move in moves[:SHOWN]:
            self.stdout.write(f"{move.kind} {move.name!r}: {move.old} -> {move.new}")
        if len(moves) > SHOWN:
            self.stdout.write(f"... and {len(moves) - SHOWN} more")
