"""Recompute every maintained count (title tallies, members' vote counts, site counters)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cinemeter.catalog.models import Title
from cinemeter.community.votes.recount import RecountReport, votes_recount

# Lines of detail per kind of drift; the total is always reported.
SHOWN = 20


class Command(BaseCommand):
    help = (
        "Recompute the titles' vote tallies, the members' vote counts and the site counters "
        "from the rows they count, report drift and fix it (--check: only report)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report drift (exit status 1 if any); change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = votes_recount(fix=not options["check"])
        if not report.drifted:
            self.stdout.write(self.style.SUCCESS("Recount: no drift."))
            return
        self._describe(report)
        if options["check"]:
            raise SystemExit(1)
        self.stdout.write(self.style.WARNING("Fixed the drift above."))

    def _describe(self, report: RecountReport) -> None:
        slugs = dict(
            Title.objects.filter(pk__in=[d.title_id for d in report.titles[:SHOWN]]).values_list(
                "pk", "slug"
            )
        )
        for title in report.titles[:SHOWN]:
            self.stdout.write(
                f"drift: title {slugs.get(title.title_id, title.title_id)}:"
                f" {_tally(title.stored)} stored, actually {_tally(title.actual)}"
            )
        self._more(len(report.titles), "titles")
        for member in report.members[:SHOWN]:
            self.stdout.write(
                f"drift: member {member.user_id} vote count was {member.stored},"
                f" actually {member.actual} ({member.actual - member.stored:+d})"
            )
        self._more(len(report.members), "members")
        for drift in report.message_counts[:SHOWN]:
            self.stdout.write(
                f"drift: title {drift.title_id} message count was {drift.stored},"
                f" actually {drift.actual}"
            )
        self._more(len(report.message_counts), "message counts")
        for counter in report.counters:
            self.stdout.write(
                f"drift: site counter {counter.name} was {counter.stored},"
                f" actually {counter.actual} ({counter.actual - counter.stored:+d})"
            )

    def _more(self, total: int, kind: str) -> None:
        if total > SHOWN:
            self.stdout.write(f"... and {total - SHOWN} more {kind} ({total} in all)")


def _tally(tally: tuple[int, ...]) -> str:
    count, half_stars, *histogram = tally
    return f"{count} votes, sum {half_stars / 2:g}, histogram {histogram}"
