"""`manage.py index_texts`: (re)build the paste guard's index of known texts.

Title plots change through the catalogue services and importers, which may not import the
community app; this command brings their fingerprints up to date (run it after imports).
Published messages are indexed by the message services as they are written; `--messages`
rebuilds those too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from cinemeter.catalog.models import Title
from cinemeter.community.messages.models import Message, MessageStatus
from cinemeter.community.paste_guard.guard import fingerprint_store
from cinemeter.community.paste_guard.models import TextFingerprint, TextSourceKind

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the paste guard's fingerprints of title plots (and, with --messages, messages)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--messages", action="store_true", help="also re-index published messages"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plots = self._rebuild(
            TextSourceKind.TITLE_PLOT,
            Title.objects.exclude(plot="").order_by("pk").values_list("pk", "plot"),
            owned=False,
        )
        self.stdout.write(f"Indexed {plots} title plots.")
        if options["messages"]:
            count = self._rebuild(
                TextSourceKind.MESSAGE,
                Message.objects.filter(status=MessageStatus.PUBLISHED, deleted_at__isnull=True)
                .order_by("pk")
                .values_list("pk", "source", "author_id"),
                owned=True,
            )
            self.stdout.write(f"Indexed {count} messages.")

    def _rebuild(self, kind: str, rows: Any, *, owned: bool) -> int:
        """Forget every text of this kind, then store the current ones, a batch per
        transaction: texts deleted since the last run disappear, short ones are skipped.
        """
        TextFingerprint.objects.filter(source_kind=kind).delete()
        stored = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows.iterator(chunk_size=BATCH):
            batch.append(row)
            if len(batch) == BATCH:
                stored += self._store(kind, batch, owned=owned)
                batch = []
        return stored + self._store(kind, batch, owned=owned)

    @staticmethod
    @transaction.atomic
    def _store(kind: str, batch: list[tuple[Any, ...]], *, owned: bool) -> int:
        return sum(
            fingerprint_store(
                source_kind=kind,
                source_id=row[0],
                text=row[1],
                owner_id=row[2] if owned else None,
            )
            for row in batch
        )
