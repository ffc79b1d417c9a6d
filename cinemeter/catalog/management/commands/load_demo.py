"""Load the bundled demo catalogue."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinemeter.catalog.demo.loader import catalogue_is_empty, demo_catalogue_load


class Command(BaseCommand):
    help = "Load the demo catalogue (Escape from L.A. and friends) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the catalogue already has titles.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not catalogue_is_empty():
            if options["if_empty"]:
                self.stdout.write("Catalogue already has titles; demo not loaded.")
                return
            raise CommandError(
                "The catalogue already has titles; the demo loads only into an empty one."
            )
        result = demo_catalogue_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo catalogue: {result.titles} titles, {result.people} people."
            )
        )
