"""Recompute the site counters from the rows they count and report any drift."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cinemeter.core.counters import counters_recount


class Command(BaseCommand):
    help = "Recompute every site counter from scratch and report drift."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report drift (exit status 1 if any); change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        drifts = counters_recount(fix=not options["check"])
        if not drifts:
            self.stdout.write(self.style.SUCCESS("Site counters: no drift."))
            return
        for drift in drifts:
            self.stdout.write(
                f"drift: {drift.name} was {drift.stored}, actually {drift.actual}"
                f" ({drift.actual - drift.stored:+d})"
            )
        if options["check"]:
            raise SystemExit(1)
        self.stdout.write(self.style.WARNING(f"Fixed {len(drifts)} drifted counter(s)."))
