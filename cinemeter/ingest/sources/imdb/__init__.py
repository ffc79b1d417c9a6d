"""IMDb's Non-Commercial Datasets: parse each file's rows into catalogue records.

Pure functions, no database: one parser per file turns a `Row` into frozen records (or a
`Rejected` with the reason), and two stream folds merge the rows IMDb repeats. The
`ingest_imdb` command runs them through the pipeline and the catalogue's bulk services.

Conventions of the files (https://developer.imdb.com/non-commercial-datasets/): UTF-8,
tab-separated, a header row, no quoting, `\\N` for "no value", arrays comma-separated.

Title types map to our kinds as in `TITLE_KINDS`; `videoGame` and any type not listed there
are rejected with the reason. `tvEpisode` rows become records of kind "episode": they cannot be
written before title.episode names their show, so the command stages them. `isAdult` is not
imported (the catalogue has no field for it); such titles are imported like any other.

title.principals categories map to a department and a job (`CATEGORIES`):

| category | department | job |
|---|---|---|
| actor, actress, self | acting | "" (characters: the JSON list joined by " / ") |
| archive_footage, archive_sound | acting | "Archive footage" / "Archive sound" (with characters) |
| director | directing | "Director" |
| writer | writing | IMDb's job ("Screenplay", "Novel"...) or "Writer" |
| producer | production | IMDb's job ("Executive producer"...) or "Producer" |
| composer | sound | "Composer" |
| cinematographer | camera | "Director of Photography" |
| editor | editing | "Editor" |
| production_designer | art | "Production Designer" |
| casting_director | production | "Casting Director" |
| anything else | crew | IMDb's job, else the category in words ("Sound designer") |

IMDb's jobs are lower case ("screenplay"); their first letter is capitalised so "writer" and
the "Writer" of title.crew are one credit. `ordering` is the billing order. The archive
categories keep a job of their own so an actor's archive appearance is a second credit, not
a change to the first.

One person in several parts of one title is several principals rows (2025 files: one row per
character). `fold_repeated_credits` merges them: every such row carries the whole credit (all
characters, the first billing order), so whichever batch a row falls in writes the same thing.
`fold_repeated_akas` does the same for an AKA listed with several types.

The package by concern: `files` names the datasets and the columns read from each, `rows`
parses each file's rows, `values` checks their cells, `folds` merges the repeated rows.
"""

from cinemeter.ingest.sources.imdb.files import (
    DATASET_NAMES,
    DATASETS,
    NAME_BASICS,
    TITLE_AKAS,
    TITLE_BASICS,
    TITLE_CREW,
    TITLE_EPISODE,
    TITLE_PRINCIPALS,
    TITLE_RATINGS,
    Dataset,
    dataset_for,
)
from cinemeter.ingest.sources.imdb.folds import fold_repeated_akas, fold_repeated_credits
from cinemeter.ingest.sources.imdb.rows import (
    CATEGORIES,
    EPISODE,
    TITLE_KINDS,
    EpisodeLink,
    Rejected,
    parse_aka,
    parse_crew,
    parse_episode,
    parse_name,
    parse_principal,
    parse_rating,
    parse_title,
)
from cinemeter.ingest.sources.imdb.values import SOURCE, parse_characters

__all__ = [
    "CATEGORIES",
    "DATASETS",
    "DATASET_NAMES",
    "EPISODE",
    "NAME_BASICS",
    "SOURCE",
    "TITLE_AKAS",
    "TITLE_BASICS",
    "TITLE_CREW",
    "TITLE_EPISODE",
    "TITLE_KINDS",
    "TITLE_PRINCIPALS",
    "TITLE_RATINGS",
    "Dataset",
    "EpisodeLink",
    "Rejected",
    "dataset_for",
    "fold_repeated_akas",
    "fold_repeated_credits",
    "parse_aka",
    "parse_characters",
    "parse_crew",
    "parse_episode",
    "parse_name",
    "parse_principal",
    "parse_rating",
    "parse_title",
]
