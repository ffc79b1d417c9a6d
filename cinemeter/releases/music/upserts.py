"""The importers' write path for albums: bundles of records (`music.records`) upserted by
MusicBrainz id, through `music.services`.

Every row is written by the services, so every page an album shows on is renewed; a row
that is already as the bundle says is not written at all, so a re-run of the same files
calls no service and renews no page. The rules:

- **By MBID.** Albums (release groups), releases, tracks and recordings are found by their
  MBID. A release that moves to another release group moves to that album; an album the
  importer had made for a release without its release group goes when it is left empty.
- **An empty value never erases** what is known: a release group lookup's inlined release
  (no label, no tracks, no disc titles) and the release's own lookup, read in either order,
  end in the same rows.
- **Media and tracklists** given by a document are the release's: they replace what is
  stored when they differ (a medium's empty format or name keeps the stored one). A
  document that lists no media, or media without tracks, leaves them alone.
- **Links and title links are added, never removed**: an editor's additions stay, and a
  link already there keeps the kind it has.
- **Labels** are catalogue companies, written through `catalog.bulk.companies_upsert` and
  keyed by ("musicbrainz", label MBID).
- **Artist credits**: a name is linked to a catalogue person found by a ("musicbrainz",
  artist MBID) id, else by its exact name when exactly one person has it (the credited name
  or the artist's own); special purpose artists ("[data]", "Various Artists") never.

Each bundle is written in its own savepoint: one the database or a model check refuses is
rejected whole, with the reason, and leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cinemeter.catalog.bulk import BundleResult, CompanyRecord, Ref, UpsertResult, resolve
from cinemeter.catalog.bulk import companies_upsert as catalogue_companies_upsert
from cinemeter.catalog.models import ExternalSource, Person, Title
from cinemeter.core.writes import write_unit
from cinemeter.releases.editions.models import DatePrecision
from cinemeter.releases.music import services
from cinemeter.releases.music.models import (
    Album,
    AlbumTitle,
    ArtistCredit,
    Medium,
    MusicLink,
    Recording,
    Release,
    Track,
)
from cinemeter.releases.music.records import (
    AlbumBundle,
    AlbumRecord,
    ArtistName,
    Credit,
    LabelRecord,
    LinkRecord,
    MediumRecord,
    ReleaseRecord,
    TrackRecord,
)
from cinemeter.releases.music.services import CreditName, MediumInput, TrackInput

PARTS = ("albums", "releases", "media", "tracks", "recordings", "labels", "links", "title links")
# MusicBrainz's special purpose artists: credits, never people.
SPECIAL_ARTISTS = frozenset(
    {
        "89ad4ac3-39f7-470e-963a-56509c546377",  # Various Artists
        "125ec42a-7229-4250-afc5-e057484327fe",  # [unknown]
        "33cf029c-63b0-41a0-9855-be2a3665fb3b",  # [data]
        "f731ccc4-e22a-43af-a747-64213329e088",  # [anonymous]
        "eec63d3c-3b81-4ad4-b1e4-7c147d4d2b61",  # [no artist]
        "9be7f096-97ec-4615-8957-8d40b5dcbc41",  # [traditional]
        "314e1c25-dde7-4e4d-b2f4-0a7b9f7c56dc",  # [dialogue]
    }
)

TrackKey = tuple[int, int]


def album_bundles_upsert(bundles: Sequence[AlbumBundle]) -> BundleResult:
    """Write each bundle; one row result per bundle: created when it made its album or a
    release, updated when it changed anything else, unchanged when it changed nothing."""
    result = BundleResult()
    for bundle in bundles:
        writer = _BundleWriter(bundle)
        try:
            with write_unit():  # inside an import batch: a savepoint
                writer.write()
        except (ValidationError, IntegrityError) as error:
            result.reject(bundle.line, _reason(error))
            continue
        parts = writer.parts
        if parts["albums"].created or parts["releases"].created:
            result.created += 1
        elif any(p.created or p.updated for p in parts.values()):
            result.updated += 1
        else:
            result.unchanged += 1
        for name, part in parts.items():
            result.add_part(name, part)
    return result


def _reason(error: ValidationError | IntegrityError) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return f"the database refused it: {str(error).splitlines()[0]}"


def _assign(row: Any, values: Mapping[str, Any]) -> bool:
    """Set the values that say something ("" and None do not); whether any changed."""
    changed = False
    for name, value in values.items():
        if value is None or value == "":
            continue
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _count(part: UpsertResult, *, created: bool = False, changed: bool = False) -> None:
    if created:
        part.created += 1
    elif changed:
        part.updated += 1
    else:
        part.unchanged += 1


class _BundleWriter:
    """Writes one bundle; `parts` counts what happened to each kind of row."""

    def __init__(self, bundle: AlbumBundle) -> None:
        self.bundle = bundle
        self.parts = {name: UpsertResult() for name in PARTS}
        self.person_ids = _people(_names(bundle))
        self._credits: dict[Credit, ArtistCredit | None] = {}

    def write(self) -> None:
        album = self.album(self.bundle.album) if self.bundle.album else None
        for record in self.bundle.releases:
            self.release(album, record)

    # --- credits --------------------------------------------------------------------------

    def credit(self, credit: Credit | None) -> ArtistCredit | None:
        if not credit:
            return None
        if credit not in self._credits:
            self._credits[credit] = services.artist_credit_get(self.credit_names(credit))
        return self._credits[credit]

    def credit_names(self, credit: Credit | None) -> list[CreditName]:
        return [
            CreditName(n.name, n.join_phrase, self.person_ids.get(n), n.artist_mbid)
            for n in credit or ()
        ]

    # --- albums ---------------------------------------------------------------------------

    def album(self, record: AlbumRecord) -> Album:
        album = Album.objects.filter(mbid=record.mbid).first()
        credit = self.credit(record.credit)
        values: dict[str, Any] = {
            "title": record.title,
            "album_type": record.album_type,
            "is_soundtrack": record.is_soundtrack,
            "is_compilation": record.is_compilation,
            "disambiguation": record.disambiguation,
            "artist_credit_id": credit.pk if credit else None,
        }
        if record.first_release_date is not None:
            values["first_release_date"] = record.first_release_date
            values["date_precision"] = record.date_precision
        created = album is None
        if album is None:
            album = Album(mbid=record.mbid)
        changed = _assign(album, values)
        if created or changed:
            services.album_save(album)
        _count(self.parts["albums"], created=created, changed=changed)
        self.title_links(album, record)
        self.links(record.links, album=album)
        return album

    def title_links(self, album: Album, record: AlbumRecord) -> None:
        """Link the album to the catalogue titles its IMDb / Wikidata relations name."""
        found = resolve(record.title_refs, "title")
        wanted = list(dict.fromkeys(found[ref] for ref in record.title_refs if ref in found))
        if not wanted:
            return
        existing = dict(AlbumTitle.objects.filter(album=album).values_list("title_id", "relation"))
        new = [title_id for title_id in wanted if title_id not in existing]
        part = self.parts["title links"]
        part.unchanged += len(wanted) - len(new)
        if not new:
            return
        titles = Title.objects.in_bulk([*existing, *new])
        links = [(titles[t], relation) for t, relation in existing.items()]
        links += [(titles[t], record.relation) for t in new]
        services.album_titles_set(album=album, links=links)
        part.created += len(new)

    def links(
        self,
        records: Sequence[LinkRecord],
        *,
        album: Album | None = None,
        release: Release | None = None,
    ) -> None:
        owner = {"album": album} if album is not None else {"release": release}
        existing = list(MusicLink.objects.filter(**owner).values_list("kind", "url"))
        known = {url for _kind, url in existing}
        new = [(r.kind, r.url) for r in records if r.url not in known]
        part = self.parts["links"]
        part.unchanged += len(records) - len(new)
        if new:
            services.links_set(album=album, release=release, links=[*existing, *new])
            part.created += len(new)

    def stand_in(self, record: ReleaseRecord) -> Album:
        """An album for a release that names no release group, made from the release."""
        album = Album(
            title=record.title,
            artist_credit=self.credit(record.credit),
            first_release_date=record.release_date,
            date_precision=record.date_precision if record.release_date else DatePrecision.DAY,
        )
        services.album_save(album)
        self.parts["albums"].created += 1
        return album

    # --- releases -------------------------------------------------------------------------

    def release(self, album: Album | None, record: ReleaseRecord) -> None:
        release = Release.objects.filter(mbid=record.mbid).select_related("album").first()
        credit = self.credit(record.credit)
        values: dict[str, Any] = {
            "title": record.title,
            "artist_credit_id": credit.pk if credit else None,
            "label_id": self.label(record.label),
            "catalogue_number": record.catalogue_number,
            "barcode": record.barcode,
            "country_code": record.country_code,
            "status": record.status,
            "packaging": record.packaging,
            "edition_note": record.edition_note,
        }
        if record.release_date is not None:
            values["release_date"] = record.release_date
            values["date_precision"] = record.date_precision
        created, left = release is None, None
        if release is None:
            release = Release(album=album or self.stand_in(record), mbid=record.mbid)
        elif album is not None and release.album_id != album.pk:
            left = release.album
            release.album, release.slug = album, ""  # a slug is unique within its album
        changed = _assign(release, values) or left is not None
        if created or changed:
            services.release_save(release)
        if left is not None:
            self.stand_in_drop(left)
        _count(self.parts["releases"], created=created, changed=changed)
        media_written = self.media(release, record.media)
        self.tracks(release, record)
        if created and media_written:
            release.slug = ""  # the slug names the formats, known only now
            services.release_save(release)
        self.links(record.links, release=release)

    def stand_in_drop(self, album: Album) -> None:
        """Delete an album the importer made for a release that has now found its release
        group, once nothing else is on it; else renew its pages (it lost a release)."""
        empty = not (
            album.releases.exists()
            or album.title_links.exists()
            or album.credits.exists()
            or album.links.exists()
        )
        if album.mbid is None and empty:
            services.album_delete(album)
        else:
            services.renew_albums([album.pk])

    def label(self, record: LabelRecord | None) -> int | None:
        if record is None:
            return None
        ref = Ref(ExternalSource.MUSICBRAINZ, record.mbid)
        written = catalogue_companies_upsert([CompanyRecord(ref, record.name)])
        part = self.parts["labels"]
        part.created += written.created
        part.updated += written.updated
        part.unchanged += written.unchanged
        return resolve([ref], "company")[ref]

    def media(self, release: Release, media: tuple[MediumRecord, ...] | None) -> bool:
        """Write the release's media when the document's differ; whether it wrote them."""
        if media is None:
            return False
        stored = {
            m.position: (m.format, m.name, m.track_count)
            for m in Medium.objects.filter(release=release)
        }
        wanted = []
        for medium in media:
            old_format, old_name, old_count = stored.get(medium.position, ("", "", None))
            row = (
                medium.format or old_format,
                medium.name or old_name,
                old_count if medium.track_count is None else medium.track_count,
            )
            old = stored.get(medium.position)
            _count(self.parts["media"], created=old is None, changed=old != row)
            wanted.append((medium.position, *row))
        wanted.sort()
        if wanted == sorted((position, *row) for position, row in stored.items()):
            return False
        services.media_set(release=release, media=[MediumInput(*row) for row in wanted])
        return True

    # --- tracks and recordings ------------------------------------------------------------

    def tracks(self, release: Release, record: ReleaseRecord) -> None:
        """A document listing any medium's tracks gives the release's whole tracklist. A
        track credited like its release carries no credit of its own (it shows the
        release's), as editors enter them; its recording keeps the credit."""
        listed = [
            (medium.position, track)
            for medium in record.media or ()
            if medium.tracks is not None
            for track in medium.tracks
        ]
        if not listed:
            return
        taken = (
            Track.objects.filter(mbid__in=[t.mbid for _m, t in listed if t.mbid])
            .exclude(release=release)
            .values_list("mbid", "release__mbid")
            .first()
        )
        if taken is not None:
            raise ValidationError(f"track {taken[0]} is already on release {taken[1]}")
        stored = {
            (t.medium_position, t.position): t
            for t in Track.objects.filter(release=release).select_related("recording")
        }
        recordings = self.recordings(listed, stored)
        inputs, rows = [], []
        for medium_position, track in listed:
            key = (medium_position, track.position)
            recording = recordings[key]
            own = track.credit if track.credit != record.credit else None
            credit = self.credit(own)
            row = (
                *key,
                track.number,
                track.title,
                track.length_ms,
                credit.pk if credit else None,
                recording.pk,
                track.mbid,
            )
            old = stored.get(key)
            _count(
                self.parts["tracks"],
                created=old is None,
                changed=old is not None and _track_row(old) != row,
            )
            rows.append(row)
            inputs.append(
                TrackInput(
                    medium_position=medium_position,
                    position=track.position,
                    title=track.title,
                    number=track.number,
                    length_ms=track.length_ms,
                    credit=self.credit_names(own),
                    mbid=track.mbid,
                    recording=recording,
                )
            )
        # (medium, position) is unique in both lists: sorting never compares further.
        if sorted(rows) != sorted(map(_track_row, stored.values())):
            services.tracks_set(release=release, tracks=inputs)

    def recordings(
        self, listed: list[tuple[int, TrackRecord]], stored: dict[TrackKey, Track]
    ) -> dict[TrackKey, Recording]:
        """The recording of every listed track, found by MBID (else the one its position
        carries, when that has no MBID), made or brought up to date."""
        mbids = {t.recording_mbid for _m, t in listed if t.recording_mbid}
        known = {str(r.mbid): r for r in Recording.objects.filter(mbid__in=mbids)}
        found: dict[TrackKey, Recording] = {}
        for medium_position, track in listed:
            key = (medium_position, track.position)
            if track.recording_mbid:
                recording = known.get(track.recording_mbid)
            else:
                old = stored.get(key)
                recording = old.recording if old and old.recording.mbid is None else None
            created = recording is None
            if recording is None:
                recording = Recording(mbid=track.recording_mbid)
            credit = self.credit(track.recording_credit) or self.credit(track.credit)
            changed = _assign(
                recording,
                {
                    "title": track.recording_title or track.title,
                    "artist_credit_id": credit.pk if credit else None,
                    "length_ms": track.recording_length_ms or track.length_ms,
                    "isrcs": " ".join(track.isrcs),
                },
            )
            if created or changed:
                services.recording_save(recording)
                if track.recording_mbid:
                    known[track.recording_mbid] = recording
            _count(self.parts["recordings"], created=created, changed=changed)
            found[key] = recording
        return found


def _track_row(track: Track) -> tuple[Any, ...]:
    return (
        track.medium_position,
        track.position,
        track.number,
        track.title,
        track.length_ms,
        track.artist_credit_id,
        track.recording_id,
        str(track.mbid) if track.mbid else None,
    )


def _names(bundle: AlbumBundle) -> list[ArtistName]:
    """Every artist name the bundle credits."""
    credits: list[Credit | None] = [bundle.album.credit if bundle.album else None]
    for release in bundle.releases:
        credits.append(release.credit)
        for medium in release.media or ():
            for track in medium.tracks or ():
                credits += [track.credit, track.recording_credit]
    return [name for credit in credits for name in credit or ()]


def _is_special(name: ArtistName) -> bool:
    return name.artist_mbid in SPECIAL_ARTISTS or (
        name.name.startswith("[") and name.name.endswith("]")
    )


def _people(credited: Iterable[ArtistName]) -> dict[ArtistName, int]:
    """The catalogue person of each name, where there is exactly one (2 queries)."""
    names = [n for n in dict.fromkeys(credited) if not _is_special(n)]
    refs = {n: Ref(ExternalSource.MUSICBRAINZ, n.artist_mbid) for n in names if n.artist_mbid}
    by_id = resolve(refs.values(), "person")
    spellings = {s for n in names for s in (n.name, n.artist_name) if s}
    by_name: dict[str, set[int]] = {}
    if spellings:
        for spelling, pk in Person.objects.filter(name__in=spellings).values_list("name", "pk"):
            by_name.setdefault(spelling, set()).add(pk)
    found: dict[ArtistName, int] = {}
    for name in names:
        ref = refs.get(name)
        if ref is not None and ref in by_id:
            found[name] = by_id[ref]
            continue
        candidates = by_name.get(name.name, set()) | by_name.get(name.artist_name, set())
        if len(candidates) == 1:
            found[name] = next(iter(candidates))
    return found
