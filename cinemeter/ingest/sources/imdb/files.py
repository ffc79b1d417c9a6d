"""IMDb's files: the seven datasets by name (`title.basics.tsv`, plain or gzipped), in import
order, with the columns read from each (`Dataset.pick` takes a row's cells in that order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter


@dataclass(frozen=True)
class Dataset:
    """One of IMDb's files: its name (without .tsv / .tsv.gz) and the columns we read."""

    name: str
    columns: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.tsv"

    @cached_property
    def pick(self) -> Callable[[dict[str, str]], tuple[str, ...]]:
        """A row's cells in `columns` order, picked in C (every row of a file goes through)."""
        getter = itemgetter(*self.columns)
        if len(self.columns) == 1:
            return lambda values: (getter(values),)
        return getter


NAME_BASICS = Dataset("name.basics", ("nconst", "primaryName", "birthYear", "deathYear"))
TITLE_BASICS = Dataset(
    "title.basics",
    (
        "tconst",
        "titleType",
        "primaryTitle",
        "originalTitle",
        "startYear",
        "endYear",
        "runtimeMinutes",
        "genres",
    ),
)
TITLE_EPISODE = Dataset(
    "title.episode", ("tconst", "parentTconst", "seasonNumber", "episodeNumber")
)
TITLE_AKAS = Dataset("title.akas", ("titleId", "title", "region", "language", "types"))
TITLE_RATINGS = Dataset("title.ratings", ("tconst", "averageRating", "numVotes"))
TITLE_CREW = Dataset("title.crew", ("tconst", "directors", "writers"))
TITLE_PRINCIPALS = Dataset(
    "title.principals", ("tconst", "ordering", "nconst", "category", "job", "characters")
)
# In import order: people and titles first, then what refers to them.
DATASETS = (
    NAME_BASICS,
    TITLE_BASICS,
    TITLE_EPISODE,
    TITLE_AKAS,
    TITLE_RATINGS,
    TITLE_CREW,
    TITLE_PRINCIPALS,
)
DATASET_NAMES = tuple(dataset.filename for dataset in DATASETS)


def dataset_for(filename: str) -> Dataset | None:
    """The dataset a file name is (`title.basics.tsv`, `title.basics.tsv.gz`), if any."""
    for dataset in DATASETS:
        if filename in (dataset.filename, f"{dataset.filename}.gz"):
            return dataset
    return None
