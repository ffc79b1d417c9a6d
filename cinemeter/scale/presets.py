"""How much a generated catalogue holds: MovieMeter's real numbers, and fractions of them."""

from __future__ import annotations

from dataclasses import dataclass, replace

# What MovieMeter serves, as the issue states it.
MOVIEMETER_COUNTS = {
    "movies": 166_118,
    "shows": 10_733,
    "seasons": 30_939,
    "actors": 623_900,
    "votes": 9_109_352,
}


@dataclass(frozen=True)
class Preset:
    """Exact counts to generate. Members follow from the votes and the fitted mean votes per
    member; reviews are "a few thousand" at full scale."""

    name: str
    movies: int
    shows: int
    seasons: int
    actors: int
    votes: int
    reviews: int
    # Editorial articles: a magazine's output over the years, about one per ten films.
    articles: int = 0

    def scaled(self, name: str, fraction: float) -> Preset:
        def part(count: int, least: int) -> int:
            return max(least, round(count * fraction))

        shows = part(self.shows, 2)
        return replace(
            self,
            name=name,
            movies=part(self.movies, 20),
            shows=shows,
            seasons=max(shows, part(self.seasons, 2)),
            actors=part(self.actors, 50),
            votes=part(self.votes, 500),
            reviews=part(self.reviews, 5),
            articles=part(self.articles, 12),
        )


MOVIEMETER = Preset(name="moviemeter", reviews=3_000, articles=20_000, **MOVIEMETER_COUNTS)
PRESETS = {
    preset.name: preset
    for preset in (
        MOVIEMETER,
        MOVIEMETER.scaled("small", 1 / 100),  # CI's bench-smoke
        MOVIEMETER.scaled("tiny", 1 / 2000),  # the test suite
    )
}
