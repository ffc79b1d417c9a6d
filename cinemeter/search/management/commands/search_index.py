"""`manage.py search_index --rebuild [--check]`: refill the search index, or report its drift."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cinemeter.search.indexer import index_drift, index_rebuild, index_repair
from cinemeter.search.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuilds the search index from every registered source, or checks it for drift."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Empty and refill the index.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the index with the sources; exit 1 on drift, change nothing.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="With --rebuild: only when the index holds nothing yet (an upgraded database).",
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Write only the difference: add missing, renew stale, remove extra documents.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["rebuild"] or options["check"] or options["repair"]):
            raise CommandError("Say what to do: --rebuild, --repair or --check.")
        bars: dict[str, tqdm[Any]] = {}

        def progress(name: str, done: int, total: int) -> None:
            if options["no_progress"] or options["verbosity"] == 0:
                return
            bar = bars.get(name)
            if bar is None:
                bar = bars[name] = tqdm(total=total, desc=name, unit=" rows", file=self.stderr)
            bar.update(done - bar.n)

        started = time.monotonic()
        if options["if_empty"] and SearchDocument.objects.exists():
            self.stdout.write("The search index is not empty; not rebuilt.")
            options["rebuild"] = False
        if options["rebuild"]:
            written = index_rebuild(progress)
            for bar in bars.values():
                bar.close()
            bars.clear()
            self.stdout.write(
                f"Indexed {written:,} documents in {time.monotonic() - started:.1f} s."
            )
        if options["repair"]:
            fixed = index_repair(progress)
            for bar in bars.values():
                bar.close()
            bars.clear()
            self.stdout.write(
                f"Repaired: {fixed['missing']:,} added, {fixed['stale']:,} renewed, "
                f"{fixed['extra']:,} removed, in {time.monotonic() - started:.1f} s."
            )
        if options["check"]:
            drift = index_drift(progress)
            for bar in bars.values():
                bar.close()
            if any(drift.values()):
                self.stdout.write(
                    f"Drift: {drift['missing']} missing, {drift['stale']} stale, "
                    f"{drift['extra']} extra documents."
                )
                raise SystemExit(1)
            self.stdout.write("The index matches its sources.")
