"""`generate_scale`: fill an empty database with a catalogue and community of a preset's size.

Every maintained number is written from the same arrays as the rows it counts (tallies,
member counts) or moved by the site-counter service by exactly what was written, so
`manage.py recount --check` finds no drift afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Credit, Person, Title
from cinemeter.community.models import Message, Vote
from cinemeter.core.counters import counter_add
from cinemeter.editorial.articles.models import Article, ArticleTag
from cinemeter.scale import catalogue as catalogue_
from cinemeter.scale import community
from cinemeter.scale import releases as releases_
from cinemeter.scale.articles import articles_generate
from cinemeter.scale.fitted import voting_shape
from cinemeter.scale.load import analyze, indexes_deferred, sequences_reset
from cinemeter.scale.presets import Preset

Report = Callable[[str], None]


class NotEmptyError(Exception):
    """The database already has a catalogue or votes; the generator fills empty ones only."""


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.steps.values())


def _check_empty() -> None:
    for model in (Title, Person, Vote):
        if model.objects.exists():
            raise NotEmptyError(
                f"The database already has {model._meta.verbose_name_plural}; "
                "generate into an empty (freshly migrated) database."
            )


def generate(preset: Preset, *, seed: int, report: Report) -> Timings:
    """Generate `preset` with `seed`; `report` receives progress lines."""
    _check_empty()
    rng = np.random.default_rng(seed)
    shape, source = voting_shape()
    report(f"Voting shape fitted on {source}.")
    timings = Timings()
    started = time.monotonic()
    step_started = started

    def progress(step: str, done: int) -> None:
        report(f"  {step}: {done:,} ({time.monotonic() - started:.1f} s)")

    def step_done(step: str) -> None:
        nonlocal step_started
        now = time.monotonic()
        timings.steps[step] = now - step_started
        step_started = now

    catalogue = catalogue_.titles_generate(rng, preset, progress)
    catalogue_.genres_generate(rng, catalogue)
    catalogue_.ratings_generate(rng, catalogue)
    step_done("titles")
    with indexes_deferred(Credit):
        catalogue_.people_generate(rng, catalogue, progress)
    step_done("people and credits")
    authors = community.review_authors(rng, preset.reviews)
    members = community.members_generate(rng, shape, catalogue, preset.votes, authors)
    progress("members", len(members.votes))
    with indexes_deferred(Vote):
        tallies = community.votes_generate(rng, shape, catalogue, members, progress)
    community.scores_write(tallies)
    step_done("members and votes")
    releases_.releases_generate(seed, progress)  # reads the votes: popular films get more
    step_done("editions and albums")
    community.reviews_generate(rng, catalogue, members, authors)
    progress("reviews", preset.reviews)
    counter_add("movies", preset.movies)
    counter_add("shows", preset.shows)
    counter_add("seasons", preset.seasons)
    counter_add("actors", preset.actors)
    counter_add("votes", preset.votes)
    step_done("reviews, counters")
    articles_generate(seed, preset.articles, progress)  # its own stream, as --only
    step_done("articles and their related reading")
    sequences_reset(
        Title, Person, Credit, User, Vote, Message, Title.genres.through, Article, ArticleTag
    )
    analyze()
    step_done("statistics")
    return timings
