"""The shapes of real voting, fitted on MovieLens `ml-latest-small` (610 members, 100,836 votes).

Votes per member and votes per title are heavy-tailed; each is fitted as a log-normal (the mean
and standard deviation of the log of the counts), with the smallest member count and the
largest member's multiple of the mean as bounds. The half-star histogram is the share of each
value. `fit_ratings` reads `ratings.csv` when the data set is at hand; `FALLBACK` holds the
numbers it gave, so a machine without the data generates the same shapes.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class VotingShape:
    member_log_mean: float
    member_log_sd: float
    member_min: int
    member_mean: float
    member_max_ratio: float  # the busiest member's votes / the mean
    title_log_mean: float
    title_log_sd: float
    half_star_shares: tuple[float, ...]  # 0.5, 1.0, ... 5.0 stars; adds up to 1


# ml-latest-small (September 2018 build), by `fit_ratings`.
FALLBACK = VotingShape(
    member_log_mean=4.44788,
    member_log_sd=1.06004,
    member_min=20,
    member_mean=165.305,
    member_max_ratio=16.322,
    title_log_mean=1.28456,
    title_log_sd=1.31433,
    half_star_shares=tuple(
        count / 100_836
        for count in (1370, 2811, 1791, 7551, 5550, 20047, 13136, 26818, 8551, 13211)
    ),
)


def _log_normal(counts: Counter[str]) -> tuple[float, float]:
    logs = [math.log(count) for count in counts.values()]
    mean = sum(logs) / len(logs)
    return mean, math.sqrt(sum((x - mean) ** 2 for x in logs) / len(logs))


def fit_ratings(path: Path) -> VotingShape:
    """Fit the shape on a MovieLens ratings.csv (userId, movieId, rating, timestamp), streamed."""
    members: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    values: Counter[int] = Counter()
    with path.open(newline="", encoding="utf-8") as lines:
        for row in csv.DictReader(lines):
            members[row["userId"]] += 1
            titles[row["movieId"]] += 1
            values[round(float(row["rating"]) * 2)] += 1
    total = sum(values.values())
    member_mean = total / len(members)
    member_log_mean, member_log_sd = _log_normal(members)
    title_log_mean, title_log_sd = _log_normal(titles)
    return VotingShape(
        member_log_mean=member_log_mean,
        member_log_sd=member_log_sd,
        member_min=min(members.values()),
        member_mean=member_mean,
        member_max_ratio=max(members.values()) / member_mean,
        title_log_mean=title_log_mean,
        title_log_sd=title_log_sd,
        half_star_shares=tuple(values[halves] / total for halves in range(1, 11)),
    )


def ratings_file() -> Path:
    """Where ml-latest-small's ratings are expected: ../shared/data beside the checkout."""
    default = Path(settings.BASE_DIR).parent / "shared" / "data" / "movielens-small"
    return Path(getattr(settings, "SCALE_MOVIELENS_DIR", default)) / "ratings.csv"


def voting_shape() -> tuple[VotingShape, str]:
    """The fitted shape and where it came from."""
    path = ratings_file()
    if path.is_file():
        return fit_ratings(path), str(path)
    return FALLBACK, "the committed fit of ml-latest-small (data set not found)"
