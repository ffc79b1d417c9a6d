"""`manage.py load_demo_articles`: the demo's editorial articles (`make demo` runs it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cinemeter.catalog.models import Title
from cinemeter.editorial.demo.loader import demo_articles_load


class Command(BaseCommand):
    help = "Load the demo articles (after load_demo and load_demo_releases)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not Title.objects.filter(slug="escape-from-la-1996").exists():
            raise CommandError("Load the demo catalogue first: manage.py load_demo")
        created = demo_articles_load()
        if options["verbosity"]:
            self.stdout.write(f"Demo articles: {created} created.")
