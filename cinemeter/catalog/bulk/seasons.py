"""Seasons of shows from a source that lists them with the show (TMDb's TV documents).

A season has no id of its own in any source, so it is found by (show, season number); the
"seasons" counter moves with the seasons created. IMDb's episodes bring their seasons
through `episodes`. Like the other writers, a batch runs a fixed number of queries whatever
its size, an empty record value never erases what another source said, and the result is
an `UpsertResult`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from cinemeter.catalog.bulk.records import Ref, UpsertResult
from cinemeter.catalog.bulk.rows import assign_changes, resolve
from cinemeter.catalog.models import SHOW_KINDS, Title, TitleKind
from cinemeter.catalog.slugs import free_slugs, slug_base, slug_fallback
from cinemeter.core.counters import counter_add


@dataclass(frozen=True)
class SeasonRecord:
    show: Ref
    season_number: int
    title: str
    year: int | None = None
    release_date: datetime.date | None = None
    plot: str = ""
    line: int = 0


SEASON_FIELDS = ("title", "year", "release_date", "plot")


def seasons_upsert(records: Sequence[SeasonRecord]) -> UpsertResult:
    """Seasons of shows by (show, number), moving the seasons counter for new ones."""
    result = UpsertResult()
    found = resolve((r.show for r in records), "title")
    shows = {
        pk: (kind, slug)
        for pk, kind, slug in Title.objects.filter(pk__in=set(found.values())).values_list(
            "pk", "kind", "slug"
        )
    }
    wanted: dict[tuple[int, int], SeasonRecord] = {}
    for record in records:
        show_id = found.get(record.show)
        if show_id is None:
            result.reject(record.line, f"show {record.show} is not in the catalogue")
        elif shows[show_id][0] not in SHOW_KINDS:
            result.reject(record.line, f"{record.show} is a {shows[show_id][0]}, not a show")
        else:
            wanted[(show_id, record.season_number)] = record
    if not wanted:
        return result
    existing = {
        (season.parent_id, season.season_number): season
        for season in Title.objects.filter(
            kind=TitleKind.SEASON, parent_id__in={key[0] for key in wanted}
        )
    }
    changed, changed_fields = [], set()
    for key, record in wanted.items():
        season = existing.get(key)
        if season is None:
            continue
        changes = assign_changes(season, {name: getattr(record, name) for name in SEASON_FIELDS})
        if changes:
            changed.append(season)
            changed_fields.update(changes)
            result.updated += 1
        else:
            result.unchanged += 1
    if changed:
        Title.objects.bulk_update(changed, sorted(changed_fields))
    new = {key: record for key, record in wanted.items() if key not in existing}
    bases = {key: slug_base(f"{shows[key[0]][1]} season {key[1]}", "season") for key in new}
    # The fallback carries the show's id: a season has no id of its own.
    slugs = free_slugs(Title, bases, lambda key, base: slug_fallback(base, str(key[0])))
    rows = [
        Title(
            kind=TitleKind.SEASON,
            parent_id=key[0],
            season_number=key[1],
            slug=slugs[key],
            title=record.title,
            original_title=record.title,
            year=record.year,
            release_date=record.release_date,
            plot=record.plot,
        )
        for key, record in new.items()
    ]
    Title.objects.bulk_create(rows)
    counter_add("seasons", len(rows))
    result.created += len(rows)
    return result
