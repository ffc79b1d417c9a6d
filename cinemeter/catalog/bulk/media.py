"""Release dates, images and videos of titles (and images of people) from a rich source.

Natural keys: a release by (title, country, type, date); an image by (subject, remote URL);
a video by (provider, key). Like the other writers, every function takes one batch, runs a
fixed number of queries for it whatever its size, is idempotent by natural keys, never lets
an empty record value erase what another source said, and returns an `UpsertResult`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from cinemeter.catalog.bulk.companies import country_ids_by_code
from cinemeter.catalog.bulk.records import Ref, UpsertResult
from cinemeter.catalog.bulk.rows import resolve, save_keyed_rows
from cinemeter.catalog.models import Image, ReleaseDate, Video


@dataclass(frozen=True)
class ReleaseDateRecord:
    title: Ref
    country: str  # ISO code
    type: str  # a ReleaseType value
    date: datetime.date
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class ImageRecord:
    """A remote picture of a title or (exactly one of) a person."""

    kind: str  # an ImageKind value
    remote_url: str
    title: Ref | None = None
    person: Ref | None = None
    width: int | None = None
    height: int | None = None
    caption: str = ""
    source: str = ""
    attribution: str = ""
    order: int = 0
    line: int = 0


@dataclass(frozen=True)
class VideoRecord:
    title: Ref
    kind: str  # a VideoKind value
    name: str
    provider: str  # a VideoProvider value
    key: str
    language: str = ""
    published_on: datetime.date | None = None
    source: str = ""
    order: int = 0
    line: int = 0


def release_dates_upsert(records: Sequence[ReleaseDateRecord]) -> UpsertResult:
    """Releases by (title, country, type, date); the note follows the source."""
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    countries = country_ids_by_code(r.country for r in records if r.title in titles)
    wanted: dict[tuple[int, int, str, datetime.date], ReleaseDateRecord] = {}
    for record in records:
        if record.title not in titles:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
        else:
            key = (titles[record.title], countries[record.country], record.type, record.date)
            wanted[key] = record
    if not wanted:
        return result
    existing = {
        (r.title_id, r.country_id, r.type, r.date): r
        for r in ReleaseDate.objects.filter(title_id__in={key[0] for key in wanted})
    }
    save_keyed_rows(
        ReleaseDate,
        {key: {"note": record.note} for key, record in wanted.items()},
        existing,
        lambda key, values: ReleaseDate(
            title_id=key[0], country_id=key[1], type=key[2], date=key[3], **values
        ),
        result,
    )
    return result


IMAGE_FIELDS = ("kind", "width", "height", "caption", "source", "attribution", "order")


def _images_by_subject(
    records: Sequence[ImageRecord], result: UpsertResult
) -> dict[tuple[str, int, str], ImageRecord]:
    """The records keyed by ("title" or "person", subject id, URL); unknown subjects refused."""
    titles = resolve((r.title for r in records if r.title is not None), "title")
    people = resolve((r.person for r in records if r.person is not None), "person")
    wanted: dict[tuple[str, int, str], ImageRecord] = {}
    for record in records:
        if record.title is not None and record.title in titles:
            wanted[("title", titles[record.title], record.remote_url)] = record
        elif record.person is not None and record.person in people:
            wanted[("person", people[record.person], record.remote_url)] = record
        else:
            result.reject(record.line, f"{record.title or record.person} is not in the catalogue")
    return wanted


def images_upsert(records: Sequence[ImageRecord]) -> UpsertResult:
    """Remote images by (title or person, URL)."""
    result = UpsertResult()
    wanted = _images_by_subject(records, result)
    if not wanted:
        return result
    subjects = Q(title_id__in={k[1] for k in wanted if k[0] == "title"}) | Q(
        person_id__in={k[1] for k in wanted if k[0] == "person"}
    )
    existing: dict[tuple[str, int, str], Image] = {}
    for row in Image.objects.filter(subjects, remote_url__in={k[2] for k in wanted}):
        if row.title_id is not None:
            existing[("title", row.title_id, row.remote_url)] = row
        elif row.person_id is not None:
            existing[("person", row.person_id, row.remote_url)] = row

    def build(key: tuple[str, int, str], values: Mapping[str, Any]) -> Image:
        owner = {"title_id": key[1]} if key[0] == "title" else {"person_id": key[1]}
        present = {name: value for name, value in values.items() if value is not None}
        return Image(remote_url=key[2], **owner, **present)

    save_keyed_rows(
        Image,
        {
            key: {name: getattr(record, name) for name in IMAGE_FIELDS}
            for key, record in wanted.items()
        },
        existing,
        build,
        result,
    )
    return result


VIDEO_FIELDS = ("kind", "name", "language", "published_on", "source", "order")


def videos_upsert(records: Sequence[VideoRecord]) -> UpsertResult:
    """Videos by (provider, key): a provider's video belongs to one title only."""
    result = UpsertResult()
    titles = resolve((r.title for r in records), "title")
    wanted: dict[tuple[str, str], tuple[int, VideoRecord]] = {}
    for record in records:
        if record.title in titles:
            wanted[(record.provider, record.key)] = (titles[record.title], record)
        else:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
    if not wanted:
        return result
    by_provider: dict[str, set[str]] = {}
    for provider, key in wanted:
        by_provider.setdefault(provider, set()).add(key)
    query = Q(pk__in=[])
    for provider, keys in by_provider.items():
        query |= Q(provider=provider, key__in=keys)
    existing = {(v.provider, v.key): v for v in Video.objects.filter(query)}
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for (provider, key), (title_id, record) in wanted.items():
        video = existing.get((provider, key))
        if video is not None and video.title_id != title_id:
            result.reject(record.line, f"{provider} video {key} already belongs to another title")
        else:
            values[(provider, key)] = {
                "title_id": title_id,
                **{name: getattr(record, name) for name in VIDEO_FIELDS},
            }
    save_keyed_rows(Video, values, existing, _new_video, result)
    return result


def _new_video(provider_key: tuple[str, str], values: Mapping[str, Any]) -> Video:
    # Empty values are left out so the model's defaults apply, as for any new row.
    given = {name: value for name, value in values.items() if value is not None}
    return Video(provider=provider_key[0], key=provider_key[1], **given)
