"""`manage.py articles_related`: compute every published article's related reading again, from
scratch, and say how long it took (publications keep the lists up to date on their own)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from cinemeter.editorial.articles.related import related_rebuild


class Command(BaseCommand):
    help = "Recompute the related articles of every published article."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        articles, changed = related_rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Related reading: {articles} articles, {changed} lists changed, {seconds:.1f} s."
        )
