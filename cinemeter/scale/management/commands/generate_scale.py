"""`manage.py generate_scale --preset moviemeter|small|tiny [--seed N]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinemeter.scale.generate import NotEmptyError, generate
from cinemeter.scale.presets import PRESETS


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic catalogue and community: exactly the preset's "
        "films, shows, seasons, actors and votes (moviemeter: MovieMeter's own numbers), with "
        "every maintained count exact. The same seed gives the same database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        preset = PRESETS[options["preset"]]
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
