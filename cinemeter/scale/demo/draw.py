"""The demo's members and their votes, drawn with the scale generator's vote model.

Pure functions of a seed and the demo's plan (`TitlePlan`: how many votes each title gets and
the average it is drawn towards), so every load draws the very same votes:

- **Members** have an activity (log-normal, as members' vote counts are fitted on MovieLens:
  `fitted.FALLBACK`, never a local data set, so every machine draws alike), a mildness (how
  generous they are, `sampling.MILDNESS_SD`), a taste for each genre (a horror fan rates
  horror up) and the moment they joined.
- **Who votes** on a title: as many members as the plan says, drawn without replacement in
  proportion to their activity, so busy members vote on most titles and the rest on a few;
  an episode's voters come from its show's.
- **What they vote**: the generator's latent score (title quality + mildness + taste + noise)
  cut into half stars at the fitted histogram's quantiles (`sampling.vote_values`). The
  title's quality is found by bisection so that the average lands on the plan's; a title
  marked exact then moves the fewest votes lying nearest a cut by one half star, so its
  sum, and so its average, is exactly the plan's (830 votes averaging 2.63 stay 830 and
  2.63 whatever the seed).
- **When**: after the member joined and the title came out, most soon after joining.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from cinemeter.accounts.validators import RESERVED_USERNAMES
from cinemeter.scale import sampling
from cinemeter.scale.fitted import FALLBACK
from cinemeter.scale.sampling import Floats, Ints, Rng

# A member's liking of a genre, added to the latent score of titles of that genre.
TASTE_SD = 0.35
# Bisection steps for a title's quality: far below the half-star steps it must resolve.
BISECTIONS = 60
QUALITY_RANGE = (-8.0, 8.0)

# Usernames are made of these: words of film fans, not anyone's name.
FIRST = [
    "film", "cine", "movie", "reel", "bios", "popcorn", "nacht", "late", "retro", "vhs",
    "scifi", "horror", "noir", "pulp", "cult", "kijk", "doek", "matinee", "beeld", "scene",
    "frame", "tape", "laser", "zilver", "donker", "synth", "neon", "grind", "drive", "snake",
]  # fmt: skip
SECOND = [
    "fan", "buff", "freak", "kijker", "vreter", "nerd", "owl", "uil", "ghost", "critic",
    "junkie", "meter", "watcher", "kenner", "rat", "hound", "head", "addict", "lover", "gek",
    "guru", "nut", "mol", "vos", "wolf", "kraai", "bear", "dwaler", "slurper", "zapper",
]  # fmt: skip
USERNAME_STYLES = ("{}{}", "{}_{}", "{}{}{}", "{}.{}{}")


@dataclass(frozen=True)
class TitlePlan:
    """One demo title as the plan has it: its votes, the average they are drawn towards, its
    genres and release date, and (episodes) the plan index of the show whose voters vote."""

    votes: int
    average: Decimal
    exact: bool
    genres: tuple[str, ...]
    released: date | None
    among: int | None = None

    @property
    def half_star_sum(self) -> int:
        """The sum (in half stars) whose average shows as the plan's: 830 x 2.63 -> 4366."""
        return int((self.average * 2 * self.votes).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class Members:
    usernames: list[str]
    activity: Floats
    mildness: Floats
    taste: Floats  # members x genres
    joined: Floats  # when each joined, as a share of the site's life so far (0 = opening)


@dataclass(frozen=True)
class TitleVotes:
    voters: Ints  # member indexes, ascending
    halves: Ints  # 1..10 half stars
    moments: Floats  # when each was cast, as a share of the site's life so far


def usernames_draw(rng: Rng, count: int) -> list[str]:
    """`count` distinct usernames ("cinekenner", "vhs_owl", "nachtuil77", "noir.critic42")."""
    names: dict[str, None] = {}
    while len(names) < count:
        wanted = 2 * (count - len(names)) + 8  # duplicates are dropped: draw more
        parts = zip(
            rng.integers(0, len(FIRST), wanted).tolist(),
            rng.integers(0, len(SECOND), wanted).tolist(),
            rng.integers(2, 100, wanted).tolist(),
            rng.integers(0, len(USERNAME_STYLES), wanted).tolist(),
            strict=True,
        )
        for first, second, number, style in parts:
            name = USERNAME_STYLES[style].format(FIRST[first], SECOND[second], number)
            if name not in RESERVED_USERNAMES:  # "cine" + "meter" is the site's own
                names.setdefault(name)
            if len(names) == count:
                break
    return list(names)


def members_draw(rng: Rng, count: int, genres: int) -> Members:
    shape = FALLBACK
    return Members(
        usernames=usernames_draw(rng, count),
        activity=rng.lognormal(shape.member_log_mean, shape.member_log_sd, count),
        mildness=rng.normal(0, sampling.MILDNESS_SD, count),
        taste=rng.normal(0, TASTE_SD, (count, genres)),
        joined=rng.beta(1.3, 1.8, count),
    )


def voters_draw(rng: Rng, weights: Floats, count: int) -> Ints:
    """`count` distinct indexes drawn in proportion to `weights`, without replacement
    (Efraimidis-Spirakis: the largest log(u) / w), ascending."""
    if count > len(weights):
        raise ValueError(f"{count} votes need more than the {len(weights)} members there are")
    keys = np.log(rng.random(len(weights))) / weights
    chosen: Ints = np.sort(np.argpartition(-keys, count - 1)[:count])
    return chosen


def _halves_at(quality: float, offsets: Floats, cuts: Floats) -> Ints:
    return sampling.half_stars_of(quality + offsets, cuts)


def quality_for(target: int, offsets: Floats, cuts: Floats) -> float:
    """The title quality whose votes' half-star sum comes nearest `target` (by bisection:
    the sum only grows with the quality)."""
    low, high = QUALITY_RANGE
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if int(_halves_at(middle, offsets, cuts).sum()) < target:
            low = middle
        else:
            high = middle
    below, above = _halves_at(low, offsets, cuts).sum(), _halves_at(high, offsets, cuts).sum()
    return low if abs(target - below) < abs(above - target) else high


def exact_sum(halves: Ints, latent: Floats, cuts: Floats, target: int) -> Ints:
    """`halves` with the fewest votes moved one half star each so that they add up to
    `target`: those whose latent score lies nearest the cut they would cross."""
    halves = halves.copy()
    missing = target - int(halves.sum())
    if missing > 0:
        room = np.flatnonzero(halves < len(cuts) + 1)
        distance = cuts[halves[room] - 1] - latent[room]
    else:
        room = np.flatnonzero(halves > 1)
        distance = latent[room] - cuts[halves[room] - 2]
    if abs(missing) > len(room):
        raise ValueError(f"no {len(room)} votes can add up to {target} half stars")
    nearest = room[np.argsort(distance, kind="stable")[: abs(missing)]]
    halves[nearest] += 1 if missing > 0 else -1
    return halves


def title_votes_draw(
    rng: Rng,
    members: Members,
    plan: TitlePlan,
    *,
    genre_columns: list[int],
    candidates: Ints,
    released: float,
) -> TitleVotes:
    """One title's votes: its voters among `candidates` (member indexes), their values and
    when they were cast (`released`: the title's release as a share of the site's life, 0
    when it came out before the site opened)."""
    cuts = sampling.half_star_cuts(FALLBACK)
    chosen = voters_draw(rng, members.activity[candidates], plan.votes)
    voters = candidates[chosen]
    taste = members.taste[voters][:, genre_columns].mean(axis=1) if genre_columns else 0.0
    offsets = members.mildness[voters] + taste + rng.normal(0, sampling.NOISE_SD, plan.votes)
    target = plan.half_star_sum
    quality = quality_for(target, offsets, cuts)
    halves = _halves_at(quality, offsets, cuts)
    if plan.exact:
        halves = exact_sum(halves, quality + offsets, cuts, target)
    # After joining and after the release, mostly soon after.
    start = np.maximum(members.joined[voters], released)
    moments = start + (1 - start) * rng.random(plan.votes) ** 2
    return TitleVotes(voters=voters, halves=halves, moments=moments)
