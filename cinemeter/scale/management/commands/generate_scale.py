"""`manage.py generate_scale --preset moviemeter|small|tiny [--seed N]
[--only releases|articles]`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from cinemeter.core.counters import counters_read
from cinemeter.scale.articles import articles_replace
from cinemeter.scale.generate import NotEmptyError, generate
from cinemeter.scale.presets import PRESETS, Preset
from cinemeter.scale.releases import ReleasesError, releases_add
from cinemeter.search.models import SearchDocument


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic catalogue and community: exactly the preset's "
        "films, shows, seasons, actors and votes (moviemeter: MovieMeter's own numbers), with "
        "every maintained count exact, and editions and soundtrack albums for a share of the "
        "films. The same seed gives the same database. --only releases adds the editions and "
        "albums to a catalogue generated without them; --only articles replaces the articles of a "
        "database generated earlier by generated ones (as many as its preset has)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--preset",
            choices=sorted(PRESETS),
            help="small unless given; with --only articles, the catalogue's own by default",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--only",
            choices=["releases", "articles"],
            help="add only this part to a database generated earlier (releases: the preset is "
            "ignored)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["only"] == "releases":
            self._releases(options["seed"])
            return
        if options["only"] == "articles":
            self._articles(options["preset"], options["seed"])
            return
        preset = PRESETS[options["preset"] or "small"]
        self.stdout.write(
            f"Generating {preset.name}: {preset.movies:,} movies, {preset.shows:,} shows, "
            f"{preset.seasons:,} seasons, {preset.actors:,} actors, {preset.votes:,} votes, "
            f"{preset.reviews:,} reviews (seed {options['seed']})."
        )
        try:
            timings = generate(preset, seed=options["seed"], report=self.stdout.write)
        except NotEmptyError as error:
            raise CommandError(str(error)) from error
        for step, seconds in timings.steps.items():
            self.stdout.write(f"  {step}: {seconds:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Generated in {timings.total:.1f} s."))

    def _releases(self, seed: int) -> None:
        self.stdout.write(f"Adding editions and albums to the catalogue (seed {seed}).")
        started = time.monotonic()

        def progress(step: str, done: int) -> None:
            self.stdout.write(f"  {step}: {done:,} ({time.monotonic() - started:.1f} s)")

        try:
            counts = releases_add(seed, progress)
        except ReleasesError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"The database refused a write ({error}); no edition or album was kept."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Added {counts} in {time.monotonic() - started:.1f} s.")
        )
        if SearchDocument.objects.exists():
            self.stdout.write(
                "The search index does not know them yet: run `manage.py search_index --repair`."
            )

    def _articles(self, name: str | None, seed: int) -> None:
        preset = PRESETS[name] if name else _preset_of_catalogue()
        self.stdout.write(
            f"Replacing the articles by {preset.articles:,} generated ones "
            f"({preset.name}, seed {seed})."
        )
        started = time.monotonic()

        def progress(step: str, done: int) -> None:
            self.stdout.write(f"  {step}: {done:,} ({time.monotonic() - started:.1f} s)")

        articles_replace(seed, preset.articles, progress)
        self.stdout.write(self.style.SUCCESS(f"Replaced in {time.monotonic() - started:.1f} s."))
        if SearchDocument.objects.exists():
            self.stdout.write(
                "The search index does not know them yet: run `manage.py search_index --repair`."
            )


def _preset_of_catalogue() -> Preset:
    """The preset the database was generated with, known by its movies counter (the
    generator sets it to the preset's count)."""
    movies = counters_read().get("movies", 0)
    for preset in PRESETS.values():
        if preset.movies == movies:
            return preset
    raise CommandError(f"No preset has {movies:,} movies: name the one to follow with --preset.")
