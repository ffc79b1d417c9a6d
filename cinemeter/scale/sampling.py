"""The random draws behind a generated catalogue, vectorised with numpy.

Pure functions of a seeded `numpy.random.Generator` and counts: the same seed gives the same
catalogue. Indexes here are 0-based positions (member 0, title 0); the writer turns them into
database ids.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from cinemeter.scale.fitted import VotingShape

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Rng = np.random.Generator

# Latent "how much this member likes this title" = title quality + member mildness + noise;
# its quantiles are cut to the fitted half-star histogram, so the values match it.
QUALITY_SD, MILDNESS_SD, NOISE_SD = 0.6, 0.4, 1.0
# Candidate titles drawn per vote wanted before duplicates are dropped.
OVERSAMPLE = 1.3


def exact_counts(rng: Rng, weights: Floats, total: int, low: int, high: int) -> Ints:
    """Integers in [low, high], proportional to `weights`, adding up to exactly `total`."""
    if not len(weights) * low <= total <= len(weights) * high:
        raise ValueError(f"{total} cannot be split into {len(weights)} counts in [{low}, {high}]")
    counts = np.clip(np.floor(weights * (total / weights.sum())), low, high).astype(np.int64)
    while (missing := total - int(counts.sum())) != 0:
        room = counts < high if missing > 0 else counts > low
        candidates = np.flatnonzero(room)
        chosen = rng.choice(candidates, size=min(abs(missing), len(candidates)), replace=False)
        counts[chosen] += 1 if missing > 0 else -1
    result: Ints = counts
    return result


def members_needed(shape: VotingShape, votes: int, titles: int) -> tuple[int, int]:
    """(members, most votes one member casts): the fitted mean decides the number of members,
    unless the catalogue is too small for that many votes each."""
    cap = max(1, min(round(shape.member_max_ratio * shape.member_mean), titles // 2))
    members = max(round(votes / shape.member_mean), math.ceil(votes / (cap * 0.8)))
    return members, cap


def member_vote_counts(rng: Rng, shape: VotingShape, members: int, votes: int, cap: int) -> Ints:
    """Votes per member: log-normal as fitted, at least the fitted minimum, exactly `votes`."""
    weights = rng.lognormal(shape.member_log_mean, shape.member_log_sd, members)
    low = min(shape.member_min, votes // members)
    return exact_counts(rng, weights, votes, low, cap)


def title_weights(rng: Rng, shape: VotingShape, titles: int, heaviest: Ints) -> Floats:
    """How popular each title is (votes per title are log-normal as fitted); the titles in
    `heaviest` get the largest weights, so the most credited titles are also the most voted."""
    weights = np.sort(rng.lognormal(shape.title_log_mean, shape.title_log_sd, titles))
    order = rng.permutation(titles)
    rest = np.setdiff1d(order, heaviest, assume_unique=True)
    ranked = np.concatenate([rest, heaviest])  # ascending weight: the heaviest last
    result = np.empty(titles)
    result[ranked] = weights
    return result


def _distinct(values: Ints) -> Ints:
    """Sorted distinct values (a plain sort beats numpy's hashing `unique` on int64 keys)."""
    values = np.sort(values)
    result: Ints = values[np.r_[True, values[1:] != values[:-1]]]
    return result


def _ranked_within(owner: Ints, rng: Rng) -> tuple[Ints, Ints]:
    """A random order of the rows grouped by owner, and each row's rank within its owner."""
    order = np.lexsort((rng.random(len(owner)), owner))
    grouped = owner[order]
    return order, np.arange(len(grouped)) - np.searchsorted(grouped, grouped)


def member_titles(rng: Rng, counts: Ints, weights: Floats) -> tuple[Ints, Ints]:
    """For members 0..len(counts)-1, `counts[m]` distinct titles each, drawn by `weights`.

    Returns (member, title) pairs sorted by member then title. Each round draws candidates
    for the members still short, drops titles they already have and keeps a random subset;
    after a few rounds the rare member left short (one who votes on much of the catalogue)
    is topped up by a weighted draw without replacement from what is left.
    """
    members, titles = len(counts), len(weights)
    cdf = np.cumsum(weights) / weights.sum()
    keys = np.empty(0, dtype=np.int64)
    need = counts.astype(np.int64)
    for factor in (OVERSAMPLE, 2.0, 4.0, 8.0):
        short = np.flatnonzero(need)
        if not len(short):
            break
        owners = np.repeat(short, np.ceil(need[short] * factor).astype(np.int64) + 2)
        picks = np.minimum(np.searchsorted(cdf, rng.random(len(owners))), titles - 1)
        fresh = _distinct(owners * titles + picks)
        if len(keys):
            fresh = fresh[~np.isin(fresh, keys, assume_unique=True)]
        order, rank = _ranked_within(fresh // titles, rng)
        fresh = fresh[order]
        kept = fresh[rank < need[fresh // titles]]
        keys = np.sort(np.concatenate([keys, kept]))
        need -= np.bincount(kept // titles, minlength=members)
    extra = []
    for member in np.flatnonzero(need):
        low, high = np.searchsorted(keys, [member * titles, (member + 1) * titles])
        left = np.setdiff1d(np.arange(titles), keys[low:high] % titles, assume_unique=True)
        p = weights[left] / weights[left].sum()
        chosen = rng.choice(left, size=int(need[member]), replace=False, p=p)
        extra.append(member * titles + chosen)
    keys = np.sort(np.concatenate([keys, *extra]))
    return keys // titles, keys % titles


def half_star_cuts(shape: VotingShape) -> Floats:
    """Latent-score thresholds between the ten values, from the fitted histogram."""
    spread = NormalDist(0, math.sqrt(QUALITY_SD**2 + MILDNESS_SD**2 + NOISE_SD**2))
    cumulative = np.cumsum(shape.half_star_shares)[:-1]
    return np.array([spread.inv_cdf(min(max(p, 1e-9), 1 - 1e-9)) for p in cumulative])


def vote_values(rng: Rng, quality: Floats, mildness: Floats, cuts: Floats) -> Ints:
    """Half stars (1..10) for votes whose titles have `quality` and members `mildness`."""
    latent = quality + mildness + rng.normal(0, NOISE_SD, len(quality))
    return half_stars_of(latent, cuts)


def half_stars_of(latent: Floats, cuts: Floats) -> Ints:
    """Latent scores cut into half stars (1..10) at the thresholds of `half_star_cuts`."""
    return np.searchsorted(cuts, latent).astype(np.int64) + 1


def cast_sizes(rng: Rng, titles: int, heaviest: Ints, least_total: int) -> Ints:
    """Acting credits per title: ~10-40 (log-normal around 18), a few titles with hundreds;
    at least `least_total` in all, so every actor can have a part."""
    sizes = np.clip(np.round(rng.lognormal(math.log(18), 0.45, titles)), 4, 60).astype(np.int64)
    sizes[heaviest] = rng.integers(150, 400, len(heaviest))
    if (total := int(sizes.sum())) < least_total:
        sizes = np.ceil(sizes * (least_total / total)).astype(np.int64)
    return sizes


def cast_people(rng: Rng, sizes: Ints, actors: int) -> tuple[Ints, Ints, Ints]:
    """Who plays each part: every actor at least once, the rest by a heavy-tailed popularity,
    nobody twice in one title. Returns (title, actor, billing order) sorted by title, order."""
    slot_titles = np.repeat(np.arange(len(sizes)), sizes)
    slots = len(slot_titles)
    order = rng.permutation(slots)
    people = np.empty(slots, dtype=np.int64)
    people[order[:actors]] = rng.permutation(actors)
    popularity = np.cumsum(rng.lognormal(0, 1.1, actors))
    drawn = np.searchsorted(popularity / popularity[-1], rng.random(slots - actors))
    people[order[actors:]] = np.minimum(drawn, actors - 1)
    guaranteed = np.zeros(slots, dtype=bool)
    guaranteed[order[:actors]] = True
    keys = slot_titles * actors + people
    ranked = np.lexsort((~guaranteed, keys))  # a guaranteed part wins over a duplicate
    first = np.r_[True, keys[ranked][1:] != keys[ranked][:-1]]
    kept = ranked[first]
    kept = kept[np.lexsort((rng.random(len(kept)), slot_titles[kept]))]
    titles = slot_titles[kept]
    starts = np.searchsorted(titles, np.arange(len(sizes)))
    billing = np.arange(len(kept)) - starts[titles]
    return titles, people[kept], billing


def crew_people(rng: Rng, titles: int, crew: int, per_title: tuple[int, int]) -> tuple[Ints, Ints]:
    """(title, person) pairs, `per_title` (low, high) people each, drawn from a crew pool by a
    heavy-tailed popularity (a few directors make many films), without duplicates."""
    sizes = rng.integers(per_title[0], per_title[1] + 1, titles)
    owners = np.repeat(np.arange(titles), sizes)
    popularity = np.cumsum(rng.lognormal(0, 0.8, crew))
    people = np.minimum(
        np.searchsorted(popularity / popularity[-1], rng.random(len(owners))), crew - 1
    )
    keys = np.unique(owners * crew + people)
    return keys // crew, keys % crew


def seasons_per_show(rng: Rng, shows: int, seasons: int) -> Ints:
    """At least one season per show, `seasons` in all, a few long-running shows."""
    weights = rng.lognormal(0, 0.9, shows)
    return exact_counts(rng, weights, seasons, 1, max(1, seasons))
