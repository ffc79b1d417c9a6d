"""`manage.py ingest_imdb PATH...`: load IMDb's Non-Commercial Datasets into the catalogue.

PATH is a directory holding any of the seven files (`name.basics.tsv`, `title.basics.tsv`,
... plain or `.tsv.gz`), or the files themselves. Every file name and header is checked
before anything is written. The files are read in the order of `imdb.DATASETS` (people,
titles, episodes, AKAs, ratings, crew, principals), streamed in batches, each batch written
by a catalogue service in its own transaction; a run can be stopped at any point and run
again, and a second run of the same files changes nothing.

Episodes: title.basics comes before title.episode, but an episode cannot be a catalogue
title before its show is known, so new episodes wait in `ImdbEpisodeStage` until
title.episode places them (and their stage row is deleted in the same batch).

Counts: every file adds its data rows to "read", and each row ends as exactly one of created
/ updated / unchanged / rejected, with two exceptions. A staged episode counts as created
(or updated) when staged, and again when title.episode places it. A title.crew row names
several people, so its outcomes count credits. Crew credits are only added when missing:
the principals, read next, give the same credits a billing order, and crew must not take it
away again on the next run.

Writing: every file but title.episode is parsed straight from the split line into plain
tuples (no dict, no record object), staged batch by batch in a TEMP table and written by a
few set-based statements (`catalog.bulk.staged`): refusals, updates where a value differs,
inserts, and counts come from SQL. Episodes (40 rows of the head-50k sample) and
title.episode keep the record-based path of `catalog.bulk.episodes`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import CommandParser

from cinemeter.catalog.bulk import (
    ALTERNATIVE_TITLES,
    RATINGS,
    EpisodeRecord,
    Ref,
    StagedAka,
    StagedCredit,
    StagedCreditList,
    StagedPerson,
    StagedRating,
    StagedTitle,
    TitleRecord,
    UpsertResult,
    credit_lists_missing_add,
    credits_upsert_staged,
    episode_details_update,
    episodes_upsert,
    keyed_upsert_staged,
    merge_results,
    people_upsert_staged,
    titles_upsert_staged,
)
from cinemeter.ingest.command import ImportCommand
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.models import ImdbEpisodeStage, ImportRun
from cinemeter.ingest.pipeline import ImportSession, require_files
from cinemeter.ingest.readers import Row, read_rows
from cinemeter.ingest.sources import imdb
from cinemeter.ingest.sources.imdb import Dataset, EpisodeLink, Rejected

R = TypeVar("R")


class Command(ImportCommand):
    help = (
        "Import IMDb's Non-Commercial Datasets (name.basics, title.basics, title.episode, "
        "title.akas, title.ratings, title.crew, title.principals; .tsv or .tsv.gz) from "
        "directories or files."
    )
    source = "imdb"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "paths",
            nargs="+",
            type=Path,
            metavar="PATH",
            help="A directory holding IMDb dataset files, or the files themselves.",
        )

    def files(self, options: dict[str, Any]) -> list[Path]:
        found: dict[Dataset, Path] = {}
        for path in options["paths"]:
            for dataset, file in _dataset_files(path):
                if dataset in found and found[dataset] != file:
                    raise SourceFileError(
                        file, f"{dataset.filename} is given twice (also {found[dataset]})"
                    )
                found[dataset] = file
        for dataset, file in found.items():
            # Reads the header (and one row): a wrong file fails here, before any writing.
            next(read_rows(file, required=dataset.columns), None)
        return [found[dataset] for dataset in imdb.DATASETS if dataset in found]

    def run(self, session: ImportSession, files: list[Path], options: dict[str, Any]) -> None:
        for path in files:
            dataset = imdb.dataset_for(path.name)
            assert dataset is not None  # noqa: S101 - files() only returns dataset files
            before = _counts(session.run)
            started = time.monotonic()
            IMPORTERS[dataset.name](session, path)
            self.stdout.write(_file_summary(path, session.run, before, started))


def _dataset_files(path: Path) -> list[tuple[Dataset, Path]]:
    if path.is_dir():
        files = require_files(path, imdb.DATASET_NAMES)
    elif path.is_file():
        files = [path]
    else:
        raise SourceFileError(path, "no such file or directory")
    result = []
    for file in files:
        dataset = imdb.dataset_for(file.name)
        if dataset is None:
            raise SourceFileError(
                file,
                "not an IMDb dataset file; expected one of "
                f"{', '.join(imdb.DATASET_NAMES)} (or the same names ending in .gz)",
            )
        result.append((dataset, file))
    return result


def _counts(run: ImportRun) -> tuple[int, ...]:
    run.refresh_from_db()
    return (run.read, run.created, run.updated, run.unchanged, run.rejected)


def _file_summary(path: Path, run: ImportRun, before: tuple[int, ...], started: float) -> str:
    read, created, updated, unchanged, rejected = (
        after - earlier for after, earlier in zip(_counts(run), before, strict=True)
    )
    seconds = time.monotonic() - started
    rate = read / seconds if seconds > 0 else 0.0
    return (
        f"{path.name}: read {read:,} in {seconds:.1f} s ({rate:,.0f} rows/s): created "
        f"{created:,}, updated {updated:,}, unchanged {unchanged:,}, rejected {rejected:,}"
    )


# --- reading ---------------------------------------------------------------------------------


def _parsed(
    session: ImportSession, path: Path, dataset: Dataset, parse: Callable[[Row], R | Rejected]
) -> Iterator[R]:
    """The file's records; rows that cannot be parsed go to the rejects file with why."""
    for row in session.rows(path, required=dataset.columns):
        item = parse(row)
        if isinstance(item, Rejected):
            session.reject(path, row.line, item.reason, row="\t".join(row.values.values()))
        else:
            yield item


def _stage_rows(
    session: ImportSession,
    path: Path,
    dataset: Dataset,
    parse: Callable[[int, list[str]], R | Rejected],
) -> Iterator[R]:
    """The file's rows as stage rows, straight from the split line (no dict, no record);
    rows that cannot be parsed go to the rejects file with why."""
    header, rows = session.fields(path, required=dataset.columns)
    pick = _picker(header, dataset.columns)
    for line, fields in rows:
        item = parse(line, pick(fields))
        if isinstance(item, Rejected):
            session.reject(path, line, item.reason, row="\t".join(fields))
        else:
            yield item


def _picker(header: list[str], columns: Sequence[str]) -> Callable[[list[str]], list[str]]:
    """A row's cells in `columns` order, picked in C."""
    getter = itemgetter(*(header.index(name) for name in columns))
    if len(columns) == 1:
        return lambda fields: [getter(fields)]
    return getter


# --- writers: one batch each, a fixed number of queries --------------------------------------


STAGE_FIELDS = ("title", "original_title", "year", "runtime_minutes", "genres")


def _staged(tconsts: set[str]) -> dict[str, ImdbEpisodeStage]:
    """The staged rows of these episodes by tconst (`__among`: one parameter, not 2,000)."""
    return {row.tconst: row for row in ImdbEpisodeStage.objects.filter(tconst__among=tconsts)}


def _stage_row(record: TitleRecord) -> ImdbEpisodeStage:
    return ImdbEpisodeStage(
        tconst=record.ref.value,
        title=record.title,
        original_title=record.original_title,
        year=record.year,
        runtime_minutes=record.runtime_minutes,
        genres=",".join(record.genres)[:300],
    )


def stage_episodes(records: Sequence[TitleRecord]) -> UpsertResult:
    """Keep new episodes' title rows until title.episode names their show."""
    result = UpsertResult()
    if not records:
        return result
    existing = _staged({record.ref.value for record in records})
    created: dict[str, ImdbEpisodeStage] = {}
    changed: dict[str, ImdbEpisodeStage] = {}
    for record in records:
        row, old = _stage_row(record), existing.get(record.ref.value)
        if old is None:
            if record.ref.value in created:
                result.unchanged += 1  # the same row twice in a batch
            else:
                created[row.tconst] = row
                result.created += 1
            continue
        if any(getattr(old, name) != getattr(row, name) for name in STAGE_FIELDS):
            for name in STAGE_FIELDS:
                setattr(old, name, getattr(row, name))
            changed[old.tconst] = old
            result.updated += 1
        else:
            result.unchanged += 1
    ImdbEpisodeStage.objects.bulk_create(created.values())
    if changed:
        ImdbEpisodeStage.objects.bulk_update(changed.values(), STAGE_FIELDS)
    return result


def write_titles(titles: list[StagedTitle]) -> UpsertResult:
    """title.basics: films and shows into the catalogue; episodes updated if catalogued,
    else staged."""
    episodes = [_title_record(title) for title in titles if title.kind == imdb.EPISODE]
    others = [title for title in titles if title.kind != imdb.EPISODE]
    result = titles_upsert_staged(others, source=imdb.SOURCE)
    if episodes:
        updated, unknown = episode_details_update(episodes)
        merge_results(result, updated)
        merge_results(result, stage_episodes(unknown))
    return result


def _title_record(title: StagedTitle) -> TitleRecord:
    """An episode's row as the episode services take it (40 of the sample's 50,000 rows)."""
    return TitleRecord(
        ref=Ref(imdb.SOURCE, title.title_ref),
        kind=title.kind,
        title=title.title,
        original_title=title.original_title,
        year=title.year,
        end_year=title.end_year,
        runtime_minutes=title.runtime_minutes,
        genres=title.genres,
        line=title.line,
    )


def _staged_details(row: ImdbEpisodeStage | None) -> TitleRecord | None:
    if row is None:
        return None
    return TitleRecord(
        ref=Ref(imdb.SOURCE, row.tconst),
        kind=imdb.EPISODE,
        title=row.title,
        original_title=row.original_title,
        year=row.year,
        runtime_minutes=row.runtime_minutes,
        genres=tuple(name for name in row.genres.split(",") if name),
    )


def write_episodes(links: list[EpisodeLink]) -> UpsertResult:
    """title.episode: place episodes in their shows, with their staged details if new."""
    staged = _staged({link.ref.value for link in links})
    records = [
        EpisodeRecord(
            ref=link.ref,
            show=link.show,
            season_number=link.season_number,
            episode_number=link.episode_number,
            details=_staged_details(staged.get(link.ref.value)),
            line=link.line,
        )
        for link in links
    ]
    result = episodes_upsert(records)
    refused = {rejection.line for rejection in result.rejections}
    placed = [
        link.ref.value for link in links if link.line not in refused and link.ref.value in staged
    ]
    if placed:
        ImdbEpisodeStage.objects.filter(tconst__among=set(placed)).delete()
    return result


def write_crew(rows: list[list[StagedCreditList]]) -> UpsertResult:
    """title.crew: add the director and writer credits that are missing (a row's lists)."""
    lists = [names for row in rows for names in row]
    return credit_lists_missing_add(lists, source=imdb.SOURCE)


def write_names(people: list[StagedPerson]) -> UpsertResult:
    return people_upsert_staged(people, source=imdb.SOURCE)


def write_principals(credits: list[StagedCredit]) -> UpsertResult:
    """title.principals: credits with their characters and billing order."""
    return credits_upsert_staged(credits, source=imdb.SOURCE)


def write_akas(akas: list[StagedAka]) -> UpsertResult:
    return keyed_upsert_staged(ALTERNATIVE_TITLES, akas, source=imdb.SOURCE)


def write_ratings(ratings: list[StagedRating], *, fetched_at: datetime) -> UpsertResult:
    return keyed_upsert_staged(RATINGS, ratings, source=imdb.SOURCE, stamps=[fetched_at])


# --- one importer per file -------------------------------------------------------------------


def _import_names(session: ImportSession, path: Path) -> None:
    people = _stage_rows(session, path, imdb.NAME_BASICS, imdb.parse_name)
    session.write(people, write_names, path=path)


def _import_titles(session: ImportSession, path: Path) -> None:
    titles = _stage_rows(session, path, imdb.TITLE_BASICS, imdb.parse_title)
    session.write(titles, write_titles, path=path)


def _import_episodes(session: ImportSession, path: Path) -> None:
    links = _parsed(session, path, imdb.TITLE_EPISODE, imdb.parse_episode)
    session.write(links, write_episodes, path=path)


def _import_akas(session: ImportSession, path: Path) -> None:
    akas = imdb.fold_repeated_akas(_stage_rows(session, path, imdb.TITLE_AKAS, imdb.parse_aka))
    session.write(akas, write_akas, path=path)


def _import_ratings(session: ImportSession, path: Path) -> None:
    ratings = _stage_rows(session, path, imdb.TITLE_RATINGS, imdb.parse_rating)
    write = partial(write_ratings, fetched_at=session.run.started_at)
    session.write(ratings, write, path=path)


def _import_crew(session: ImportSession, path: Path) -> None:
    rows = _stage_rows(session, path, imdb.TITLE_CREW, imdb.parse_crew)
    session.write(rows, write_crew, path=path)


def _import_principals(session: ImportSession, path: Path) -> None:
    credits = imdb.fold_repeated_credits(
        _stage_rows(session, path, imdb.TITLE_PRINCIPALS, imdb.parse_principal)
    )
    session.write(credits, write_principals, path=path)


IMPORTERS: dict[str, Callable[[ImportSession, Path], None]] = {
    imdb.NAME_BASICS.name: _import_names,
    imdb.TITLE_BASICS.name: _import_titles,
    imdb.TITLE_EPISODE.name: _import_episodes,
    imdb.TITLE_AKAS.name: _import_akas,
    imdb.TITLE_RATINGS.name: _import_ratings,
    imdb.TITLE_CREW.name: _import_crew,
    imdb.TITLE_PRINCIPALS.name: _import_principals,
}
