"""Load the demo's members and their votes (after `load_demo`)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from cinemeter.scale.demo.loader import demo_votes_load


class Command(BaseCommand):
    help = (
        "Give the demo titles their members' votes (Escape from L.A.: 830 votes averaging "
        "2.63), drawn with the scale generator's vote model from a fixed seed; safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        loaded = demo_votes_load()
        seconds = time.monotonic() - started
        if loaded.votes:
            self.stdout.write(
                f"Loaded {loaded.votes:,} demo votes by {loaded.members:,} demo members"
                f" in {seconds:.1f} s."
            )
        elif loaded.unchanged:
            self.stdout.write("Demo votes already present.")
        else:
            self.stdout.write("No demo titles to vote on; demo votes not loaded.")
