"""Write a consistent backup of the running site into a new folder (README: "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinemeter.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (while the site runs), the task queue, the secret key and the "
        "media into DEST, a new or empty folder, with a manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(options["dest"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        total = sum(facts["bytes"] for facts in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['files'])} files ({total / 1e6:.1f} MB) into "
                f"{options['dest']}; the database took {manifest['database_seconds']} s."
            )
        )
