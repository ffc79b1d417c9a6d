"""Bulk writes for shows, their seasons and their episodes (companion to `bulk.titles`).

A source says "episode X belongs to show Y, season S, episode E" (IMDb's title.episode). The
catalogue's shape is show > season > episode, enforced by the database: a season or episode
must have a parent, season numbers are unique within a show and episode numbers within their
parent. So:

- `episodes_upsert` creates the seasons a batch needs on demand (kind season, "<show>: Season
  N", slug "<show-slug>-season-N"), then creates or moves each episode under its season, or
  directly under the show when the source gives no season number. The "seasons" counter
  moves with the seasons created. An episode whose show is not in the catalogue, or whose
  number in its season is already another episode's, is rejected with the reason; the first
  is a question of import order, the second of the source's data.
- `episode_details_update` updates the episodes already in the catalogue from a source's
  title rows and hands back the others, which cannot be written until their show is known.
- `top_level_titles_upsert` is `bulk.titles_upsert` guarded against turning a season or
  episode into a film or show (the parent constraint would fail the whole batch).

Every function runs a fixed number of queries per batch and is idempotent by external id:
seasons have no id of their own anywhere, so they are found by (show, season number).
Placement is the source's word (a moved episode moves), details follow `bulk.titles`: an
empty value never erases one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from cinemeter.catalog.bulk.records import Ref, TitleRecord, UpsertResult
from cinemeter.catalog.bulk.rows import add_m2m_links, record_changes, resolve
from cinemeter.catalog.bulk.titles import genre_ids, titles_upsert
from cinemeter.catalog.models import SHOW_KINDS, ExternalId, Title, TitleKind
from cinemeter.catalog.services import counter_for_kind
from cinemeter.catalog.slugs import SLUG_LENGTH, free_slugs, slug_base, slug_fallback, slug_text
from cinemeter.core.counters import counter_add

# What an episode's own record sets (kind, parent and numbers come from its placement).
EPISODE_FIELDS = (
    "title",
    "original_title",
    "year",
    "runtime_minutes",
    "plot",
    "tagline",
    "release_date",
    "original_language",
)
PLACEMENT_FIELDS = ("parent", "season_number", "episode_number")
PARENT_KINDS = (TitleKind.SEASON, TitleKind.EPISODE)

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class EpisodeRecord:
    """One episode's place in its show, with its own details when it is not yet catalogued."""

    ref: Ref
    show: Ref
    season_number: int | None = None
    episode_number: int | None = None
    # The episode's title, year ... (kind "episode"); required to create it, optional after.
    details: TitleRecord | None = None
    line: int = 0


def merge_results(into: UpsertResult, other: UpsertResult) -> None:
    """Add what one write did to another's report (one batch written by two services)."""
    into.created += other.created
    into.updated += other.updated
    into.unchanged += other.unchanged
    into.rejected += other.rejected
    into.rejections.extend(other.rejections)


def _kinds(records: Iterable[TitleRecord]) -> tuple[dict[Ref, int], dict[int, str]]:
    """The records' titles already in the catalogue, and each one's kind (two queries)."""
    found = resolve((ref for record in records for ref in record.refs), "title")
    if not found:
        return found, {}
    kinds = dict(Title.objects.filter(pk__among=set(found.values())).values_list("pk", "kind"))
    return found, kinds


def _id(ref: Ref) -> str:
    """An id as people quote it: IMDb's "tt0903747" is unambiguous, others need the source."""
    return ref.value if ref.source == "imdb" else str(ref)


def _a(kind: str) -> str:
    """ "a movie", "an episode", "a tv movie"."""
    label = str(TitleKind(kind).label).lower() if kind in TitleKind.values else kind
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def top_level_titles_upsert(records: Sequence[TitleRecord]) -> UpsertResult:
    """`titles_upsert` for films and shows, refusing records that would re-kind a season or
    episode (it would lose the parent the database requires of it)."""
    result = UpsertResult()
    found, kinds = _kinds(records)
    accepted = []
    for record in records:
        pk = next((found[ref] for ref in record.refs if ref in found), None)
        current = kinds.get(pk) if pk is not None else None
        if record.kind in PARENT_KINDS:
            result.reject(record.line, f"{_id(record.ref)}: {_a(record.kind)} needs its show")
        elif current is not None and current in PARENT_KINDS:
            result.reject(
                record.line,
                f"{_id(record.ref)} is {_a(current)} in the catalogue; "
                f"it cannot become {_a(record.kind)}",
            )
        else:
            accepted.append(record)
    if accepted:
        merge_results(result, titles_upsert(accepted, found=found))
    return result


def episode_details_update(
    records: Sequence[TitleRecord],
) -> tuple[UpsertResult, list[TitleRecord]]:
    """Update the episodes already in the catalogue; return the records of the others.

    The caller keeps those until `episodes_upsert` learns their show. A record whose title is
    in the catalogue as something else (a film) is rejected.
    """
    result = UpsertResult()
    found, kinds = _kinds(records)
    known, unknown = [], []
    for record in records:
        pk = found.get(record.ref)
        if pk is None:
            unknown.append(record)
        elif kinds[pk] != TitleKind.EPISODE:
            result.reject(
                record.line,
                f"{_id(record.ref)} is {_a(kinds[pk])} in the catalogue, not an episode",
            )
        else:
            known.append(record)
    if known:
        merge_results(result, titles_upsert(known, found=found))
    return result, unknown


def _unique_slugs(wanted: Mapping[K, tuple[str, str]]) -> dict[K, str]:
    """Free title slugs: each base slugified, else with its fallback suffix (a unique id)."""
    # 30 characters for the suffix: a show's slug already fills much of the base.
    bases = {
        key: slug_base(text, "episode", length=SLUG_LENGTH - 30)
        for key, (text, _) in wanted.items()
    }
    return free_slugs(Title, bases, lambda key, base: slug_fallback(base, wanted[key][1]))


@dataclass
class _Placed:
    record: EpisodeRecord
    show: Title
    episode: Title | None  # None: a new episode


def _show_of(record: EpisodeRecord, found: dict[Ref, int], rows: dict[int, Title]) -> Title | str:
    show_id = found.get(record.show)
    if show_id is None:
        return f"show {_id(record.show)} is not in the catalogue"
    show = rows[show_id]
    if show.kind not in SHOW_KINDS:
        return f"{_id(record.show)} is {_a(show.kind)} in the catalogue, not a show"
    return show


def _check(
    record: EpisodeRecord,
    found: dict[Ref, int],
    rows: dict[int, Title],
    last: dict[Ref, EpisodeRecord],
) -> _Placed | str:
    """The episode's show and existing row, or why it cannot be placed."""
    if last[record.ref] is not record:
        # The package's rule for a repeated key: the last row wins.
        return f"{_id(record.ref)} is listed again on line {last[record.ref].line}, which is used"
    show = _show_of(record, found, rows)
    if isinstance(show, str):
        return show
    episode_id = found.get(record.ref)
    if episode_id is None:
        if record.details is None:
            return f"{_id(record.ref)} has no title.basics row (title, year ...) to create it from"
        return _Placed(record, show, None)
    episode = rows[episode_id]
    if episode.kind != TitleKind.EPISODE:
        return f"{_id(record.ref)} is {_a(episode.kind)} in the catalogue, not an episode"
    return _Placed(record, show, episode)


def _episode_year(placed: _Placed) -> int | None:
    details = placed.record.details
    if details is not None and details.year is not None:
        return details.year
    return placed.episode.year if placed.episode is not None else None


def _seasons(placements: list[_Placed]) -> dict[tuple[int, int], Title]:
    """The seasons these episodes go in, by (show id, number), created when missing; a
    season's year is its first episode's."""
    first_years: dict[tuple[int, int], int | None] = {}
    shows: dict[int, Title] = {}
    for placed in placements:
        number = placed.record.season_number
        if number is None:
            continue
        key = (placed.show.pk, number)
        shows[placed.show.pk] = placed.show
        year = _episode_year(placed)
        known = first_years.get(key)
        first_years[key] = year if known is None else min(known, year or known)
    if not first_years:
        return {}
    seasons = {
        (season.parent_id, season.season_number): season
        for season in Title.objects.filter(kind=TitleKind.SEASON, parent_id__in=shows)
        if season.parent_id is not None and season.season_number is not None
    }
    missing = [key for key in first_years if key not in seasons]
    slugs = _unique_slugs(
        {key: (f"{shows[key[0]].slug} season {key[1]}", f"{shows[key[0]].pk}") for key in missing}
    )
    created = []
    for show_id, number in missing:
        name = f"{shows[show_id].title}: Season {number}"
        created.append(
            Title(
                kind=TitleKind.SEASON,
                parent_id=show_id,
                season_number=number,
                title=name[:300],
                original_title=name[:300],
                year=first_years[(show_id, number)],
                slug=slugs[(show_id, number)],
            )
        )
    Title.objects.bulk_create(created)
    seasons.update(
        {(show_id, number): row for (show_id, number), row in zip(missing, created, strict=True)}
    )
    earlier = []
    for key, year in first_years.items():
        season = seasons[key]
        if year is not None and (season.year is None or year < season.year):
            season.year = year
            earlier.append(season)
    if earlier:
        Title.objects.bulk_update(earlier, ["year"])
    counter = counter_for_kind(TitleKind.SEASON)
    if counter and created:
        counter_add(counter, len(created))
    return seasons


def _episode_slug_base(show: Title, record: EpisodeRecord) -> str:
    if record.episode_number is None:
        title = record.details.title if record.details else ""
        return f"{show.slug} {slug_text(title) or 'episode'}"
    if record.season_number is None:
        return f"{show.slug} e{record.episode_number:02d}"
    return f"{show.slug} s{record.season_number:02d}e{record.episode_number:02d}"


def episodes_upsert(records: Sequence[EpisodeRecord]) -> UpsertResult:
    """Place episodes in their shows (creating seasons as needed), creating the new ones."""
    result = UpsertResult()
    found = resolve({r.ref for r in records} | {r.show for r in records}, "title")
    rows = (
        {row.pk: row for row in Title.objects.filter(pk__among=set(found.values()))}
        if found
        else {}
    )
    placements: list[_Placed] = []
    last = {record.ref: record for record in records}
    for record in records:
        checked = _check(record, found, rows, last)
        if isinstance(checked, str):
            result.reject(record.line, checked)
        else:
            placements.append(checked)
    seasons = _seasons(placements)

    def parent_of(placed: _Placed) -> Title:
        number = placed.record.season_number
        return placed.show if number is None else seasons[(placed.show.pk, number)]

    # Episode numbers already held, so a clash is a rejection and not a failed batch. An
    # episode's old place is not freed within the batch: two episodes swapping numbers are
    # rejected (with the reason) rather than risk the unique constraint mid-update.
    numbers = {p.record.episode_number for p in placements} - {None}
    taken: dict[tuple[int | None, int | None], tuple[int | None, str]] = {}
    if numbers:
        held = Title.objects.filter(
            kind=TitleKind.EPISODE,
            parent_id__in={parent_of(p).pk for p in placements},
            episode_number__in=numbers,
        ).values_list("pk", "parent_id", "episode_number", "title")
        for pk, parent_id, number, name in held:
            taken[(parent_id, number)] = (pk, f'"{name}"')

    to_create: list[tuple[_Placed, Title]] = []
    to_update: list[tuple[_Placed, Title, list[str]]] = []
    for placed in placements:
        record, parent = placed.record, parent_of(placed)
        if record.episode_number is not None:
            slot = (parent.pk, record.episode_number)
            own = placed.episode.pk if placed.episode is not None else None
            holder = taken.get(slot)
            if holder is not None and (own is None or holder[0] != own):
                result.reject(
                    record.line,
                    f"episode {record.episode_number} of {parent.title} is already "
                    f"{holder[1]}; {_id(record.ref)} cannot have that number too",
                )
                continue
            taken[slot] = (own, f"{_id(record.ref)} (line {record.line})")
        if placed.episode is None:
            to_create.append((placed, parent))
            continue
        row = placed.episode
        changed = record_changes(row, record.details, EPISODE_FIELDS) if record.details else []
        placement = (parent.pk, record.season_number, record.episode_number)
        if (row.parent_id, row.season_number, row.episode_number) != placement:
            row.parent_id, row.season_number, row.episode_number = placement
            changed.extend(PLACEMENT_FIELDS)
        to_update.append((placed, row, changed))

    created = _create_episodes(to_create, result)
    changed_rows = [row for _, row, changed in to_update if changed]
    fields = sorted({name for _, _, changed in to_update for name in changed})
    if changed_rows:
        Title.objects.bulk_update(changed_rows, fields)
    result.updated += len(changed_rows)
    result.unchanged += len(to_update) - len(changed_rows)
    _add_genres(
        [
            (row.pk, placed.record.details)
            for (placed, _), row in zip(to_create, created, strict=True)
        ]
        + [(row.pk, placed.record.details) for placed, row, _ in to_update]
    )
    return result


def _create_episodes(to_create: list[tuple[_Placed, Title]], result: UpsertResult) -> list[Title]:
    """The new episodes, in `to_create` order, with their IMDb ids."""
    if not to_create:
        return []
    slugs = _unique_slugs(
        {
            index: (_episode_slug_base(placed.show, placed.record), placed.record.ref.value)
            for index, (placed, _) in enumerate(to_create)
        }
    )
    rows = []
    for index, (placed, parent) in enumerate(to_create):
        record, details = placed.record, placed.record.details
        assert details is not None  # noqa: S101 - _check refuses new episodes without details
        fields = {name: getattr(details, name) for name in EPISODE_FIELDS}
        fields = {name: value for name, value in fields.items() if value is not None}
        fields["original_title"] = details.original_title or details.title
        rows.append(
            Title(
                kind=TitleKind.EPISODE,
                parent_id=parent.pk,
                season_number=record.season_number,
                episode_number=record.episode_number,
                slug=slugs[index],
                **fields,
            )
        )
    Title.objects.bulk_create(rows)
    ExternalId.objects.bulk_create(
        [
            ExternalId(source=placed.record.ref.source, value=placed.record.ref.value, title=row)
            for (placed, _), row in zip(to_create, rows, strict=True)
        ]
    )
    result.created += len(rows)
    return rows


def _add_genres(titles: list[tuple[int, TitleRecord | None]]) -> None:
    with_details = [(pk, details) for pk, details in titles if details and details.genres]
    if not with_details:
        return
    genres = genre_ids(details for _, details in with_details)
    add_m2m_links(
        Title.genres.through,
        "title_id",
        "genre_id",
        {pk: [genres[g] for g in details.genres if g in genres] for pk, details in with_details},
    )
