"""Bring back a backup written by `manage.py backup` (stop the site first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinemeter.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database, task queue, secret key and media from SRC (a folder written by "
        "`manage.py backup`). Stop the site first; --force replaces a database that has data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(options["src"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}. Run `manage.py migrate` if "
                "this code is newer, then `manage.py recount --check`."
            )
        )
