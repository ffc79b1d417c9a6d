"""Generated members, their votes (with the titles' tallies and the members' counts computed
from the very rows written, so nothing drifts) and a few thousand reviews."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.catalog.models import TitleScore
from cinemeter.catalog.models.scores import HALF_STARS, HISTOGRAM_FIELDS
from cinemeter.catalog.scores import title_message_counts_add
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.models import Message, Vote
from cinemeter.scale import names, sampling
from cinemeter.scale.catalogue import Catalogue
from cinemeter.scale.fitted import VotingShape
from cinemeter.scale.load import load

Progress = Callable[[str, int], None]

# Members whose votes are drawn and written together: bounds the memory of one draw.
MEMBERS_PER_CHUNK = 4_000
MEMBER_PREFIX = "member"


@dataclass
class Members:
    first_id: int
    votes: np.ndarray[Any, Any]  # votes per member
    mildness: np.ndarray[Any, Any]


def members_generate(
    rng: np.random.Generator,
    shape: VotingShape,
    catalogue: Catalogue,
    votes: int,
    reviews: np.ndarray[Any, Any],
) -> Members:
    """Write the members with the vote and message counts they are about to have.

    `reviews` is the author index of each review to come. Members joined a year or more
    ago, so the new-member limits do not apply; their passwords are unusable (benchmarks log
    them in through sessions).
    """
    count, cap = sampling.members_needed(shape, votes, catalogue.votable)
    counts = sampling.member_vote_counts(rng, shape, count, votes, cap)
    first_id = (User.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    messages = np.bincount(reviews % count, minlength=count).tolist()
    joined = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=400))
    width = max(6, len(str(count)))
    rows = (
        (
            first_id + m,
            f"{MEMBER_PREFIX}{m + 1:0{width}d}",
            "!",  # unusable
            joined,
            True,
            c,
            messages[m],
        )
        for m, c in enumerate(counts.tolist())
    )
    columns = (
        "id",
        "username",
        "password",
        "date_joined",
        "email_verified",
        "vote_count",
        "message_count",
    )
    load(User, columns, rows)
    return Members(first_id, counts, rng.normal(0, sampling.MILDNESS_SD, count))


def votes_generate(
    rng: np.random.Generator,
    shape: VotingShape,
    catalogue: Catalogue,
    members: Members,
    progress: Progress,
) -> np.ndarray[Any, Any]:
    """Write every member's votes, chunk by chunk in (member, title) order, and return the
    tallies they make: votes per title and half-star value."""
    weights = sampling.title_weights(rng, shape, catalogue.votable, catalogue.heaviest)
    cuts = sampling.half_star_cuts(shape)
    tallies = np.zeros((catalogue.votable, 10), dtype=np.int64)
    # As text: what Django's adapter sends for a Decimal, without a Python call per row.
    values = {halves: str(Decimal(halves) / 2) for halves in HALF_STARS}
    written = 0
    for start in range(0, len(members.votes), MEMBERS_PER_CHUNK):
        counts = members.votes[start : start + MEMBERS_PER_CHUNK]
        owners, titles = sampling.member_titles(rng, counts, weights)
        halves = sampling.vote_values(
            rng, catalogue.quality[titles], members.mildness[start + owners], cuts
        )
        tallies += np.bincount(titles * 10 + halves - 1, minlength=tallies.size).reshape(
            tallies.shape
        )
        first = members.first_id + start
        rows = (
            (first + o, t + 1, values[h])
            for o, t, h in zip(owners.tolist(), titles.tolist(), halves.tolist(), strict=True)
        )
        written += load(Vote, ("user_id", "title_id", "value"), rows)
        progress("votes", written)
    return tallies


def scores_write(tallies: np.ndarray[Any, Any]) -> None:
    """One `TitleScore` per voted title, exactly the tally of the votes written."""
    halves = np.arange(1, 11)
    counts = tallies.sum(axis=1)
    sums = (tallies * halves).sum(axis=1)
    voted = np.flatnonzero(counts)
    rows = ((int(t) + 1, int(counts[t]), int(sums[t]), *tallies[t].tolist()) for t in voted)
    load(TitleScore, ("title_id", "vote_count", "half_star_sum", *HISTOGRAM_FIELDS), rows)


def review_authors(rng: np.random.Generator, reviews: int) -> np.ndarray[Any, Any]:
    """Who writes each review, as a large number the member count is taken modulo of: the
    count is not known yet when the authors must be (members are written with their counts)."""
    return rng.integers(0, 2**40, reviews)


def reviews_generate(
    rng: np.random.Generator, catalogue: Catalogue, members: Members, authors: np.ndarray[Any, Any]
) -> None:
    """Reviews on the most popular titles (the heaviest among them), rendered as members'
    Markdown is. Not fingerprinted for the paste guard: `manage.py index_texts` does that."""
    count = len(members.votes)
    popular = np.concatenate([catalogue.heaviest, rng.integers(0, catalogue.votable, 50)])
    titles = rng.choice(popular, size=len(authors)).tolist()

    def rows() -> Iterator[tuple[Any, ...]]:
        for number, (author, title) in enumerate(
            zip((authors % count).tolist(), titles, strict=True)
        ):
            words = [names.NOUNS[(number + k * 7) % len(names.NOUNS)].lower() for k in range(40)]
            source = f"**{names.title_name(number)}**, in short: " + " ".join(words) + "."
            yield (title + 1, members.first_id + author, source, message_render(source))

    load(Message, ("title_id", "author_id", "source", "html"), rows())
    # The titles' maintained message counts, from the same titles as the rows.
    title_message_counts_add(Counter(title + 1 for title in titles))
