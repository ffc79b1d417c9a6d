"""Load the demo home-video editions and soundtrack albums of Escape from L.A. (after
`load_demo`)."""

from typing import Any

from django.core.management.base import BaseCommand

from cinemeter.releases.demo.loader import demo_editions_load
from cinemeter.releases.demo.music import demo_music_load


class Command(BaseCommand):
    help = (
        "Add the demo editions of Escape from L.A. with their features and its soundtrack "
        "albums; safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        added = demo_editions_load()
        self.stdout.write(
            f"Loaded {added} demo editions." if added else "Demo editions already present."
        )
        albums = demo_music_load()
        self.stdout.write(
            f"Loaded {albums} demo albums." if albums else "Demo albums already present."
        )
