"""Load the demo reviews on Escape from L.A. (after `load_demo`)."""

from typing import Any

from django.core.management.base import BaseCommand

from cinemeter.community.demo.loader import demo_messages_load


class Command(BaseCommand):
    help = "Post the demo reviews on Escape from L.A. with their stored translations."

    def handle(self, *args: Any, **options: Any) -> None:
        posted = demo_messages_load()
        self.stdout.write(
            f"Loaded {posted} demo messages." if posted else "Demo messages already present."
        )
