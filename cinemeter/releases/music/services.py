"""Every write of albums, releases, their media and tracks, recordings and artist credits.

Each service runs in one transaction (`core.writes.write_transaction`) and renews the pages
that show what it changed: the album's page and the Music panels of the titles and people
linked to the album, before and after the change (a link removed must leave its old page
too), and albums' own writes tell `core.changes` ("album") for the search index. Importers
and the demo pass plain values; editors come through the admin, which calls
the same functions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from cinemeter.catalog.models import Person, Title
from cinemeter.catalog.slugs import free_in, slug_base
from cinemeter.core.changes import changed
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_transaction
from cinemeter.releases.music.models import (
    Album,
    AlbumCredit,
    AlbumTitle,
    ArtistCredit,
    ArtistCreditName,
    LinkKind,
    Medium,
    MusicLink,
    Recording,
    Release,
    Track,
)
from cinemeter.releases.page_keys import album_key, person_music_key, title_music_key


@dataclass(frozen=True)
class CreditName:
    """One name of an artist credit as a writer gives it."""

    name: str
    join_phrase: str = ""
    person_id: int | None = None
    artist_mbid: str | None = None


def credit_text(names: Sequence[CreditName]) -> str:
    """ "Shirley Walker & John Carpenter": each name followed by its join phrase."""
    return "".join(f"{n.name}{n.join_phrase}" for n in names).strip()


def _credit_key(names: Sequence[CreditName]) -> str:
    raw = json.dumps(
        [[n.name, n.join_phrase, n.person_id, n.artist_mbid] for n in names],
        ensure_ascii=False,
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def artist_credit_get(names: Sequence[CreditName]) -> ArtistCredit | None:
    """The shared row for exactly this credit, made when no writer needed it before; None
    for an empty credit. Runs inside the caller's transaction."""
    if not names:
        return None
    key = _credit_key(names)
    credit = ArtistCredit.objects.filter(key=key).first()
    if credit is not None:
        return credit
    credit = ArtistCredit.objects.create(key=key, text=credit_text(names)[:500])
    ArtistCreditName.objects.bulk_create(
        ArtistCreditName(
            credit=credit,
            order=n,
            name=name.name[:300],
            join_phrase=name.join_phrase[:40],
            person_id=name.person_id,
            artist_mbid=name.artist_mbid,
        )
        for n, name in enumerate(names)
    )
    return credit


# --- which pages an album's change renews -------------------------------------------------


def album_page_keys(album_ids: Iterable[int]) -> list[str]:
    """The album pages, and the Music panels of every title and person linked to them (by
    a title link, an album credit or a name in an album's, release's or track's credit)."""
    ids = list(album_ids)
    if not ids:
        return []
    album_slugs = Album.objects.filter(pk__in=ids).values_list("slug", flat=True)
    title_slugs = Title.objects.filter(album_links__album_id__in=ids).values_list("slug", flat=True)
    people = Person.objects.filter(
        Q(album_credits__album_id__in=ids)
        | Q(artist_credit_names__credit__albums__id__in=ids)
        | Q(artist_credit_names__credit__releases__album_id__in=ids)
        | Q(artist_credit_names__credit__tracks__release__album_id__in=ids)
    ).values_list("slug", flat=True)
    return sorted(
        {album_key(s) for s in album_slugs}
        | {title_music_key(s) for s in title_slugs}
        | {person_music_key(s) for s in people}
    )


class _Renew:
    """Gathers the pages an album showed before a write and bumps them with those it shows
    after, so an unlinked title or person loses the album too."""

    def __init__(self, album_ids: Iterable[int]) -> None:
        self.album_ids = {i for i in album_ids if i is not None}
        self.before = set(album_page_keys(self.album_ids))

    def done(self, *more_album_ids: int) -> None:
        self.album_ids.update(more_album_ids)
        versions_bump(sorted(self.before | set(album_page_keys(self.album_ids))))


# --- albums -------------------------------------------------------------------------------


def album_slug(album: Album) -> str:
    """ "escape-from-la-original-motion-picture-score-1996", numbered when taken."""
    year = album.first_release_date.year if album.first_release_date else ""
    others = Album.objects.exclude(pk=album.pk)
    return free_in(others, slug_base(f"{album.title} {year}", "album", length=200))


@write_transaction
def album_save(album: Album) -> Album:
    """Create or update an album: checked and slugged."""
    renew = _Renew([album.pk] if album.pk else [])
    if not album.slug:
        album.slug = album_slug(album)
    album.full_clean()
    album.save()
    renew.done(album.pk)
    changed("album", [album.pk])
    return album


@write_transaction
def album_delete(album: Album) -> None:
    renew = _Renew([album.pk])
    pk = album.pk
    album.delete()
    renew.done()
    changed("album", [pk])


@write_transaction
def album_titles_set(*, album: Album, links: Sequence[tuple[Title, str]]) -> None:
    """The titles the album belongs to, each with its relation; replaces the list."""
    renew = _Renew([album.pk])
    AlbumTitle.objects.filter(album=album).delete()
    rows = [AlbumTitle(album=album, title=title, relation=rel) for title, rel in links]
    for row in rows:
        row.full_clean(validate_unique=False)
    AlbumTitle.objects.bulk_create(rows)
    renew.done()
    changed("album", [album.pk])  # found by its titles' names


@write_transaction
def album_credits_set(*, album: Album, credits: Sequence[tuple[Person | None, str, str]]) -> None:
    """The album's other credits as (person or None, name, role), in order; replaces them."""
    renew = _Renew([album.pk])
    AlbumCredit.objects.filter(album=album).delete()
    rows = [
        AlbumCredit(album=album, person=person, name=name, role=role, order=n)
        for n, (person, name, role) in enumerate(credits)
    ]
    for row in rows:
        row.full_clean()
    AlbumCredit.objects.bulk_create(rows)
    renew.done()


@write_transaction
def links_set(
    *, album: Album | None = None, release: Release | None = None, links: Sequence[tuple[str, str]]
) -> None:
    """An album's or a release's external links as (kind, url); replaces them."""
    owner = {"album": album} if album is not None else {"release": release}
    album_id = album.pk if album is not None else release.album_id  # type: ignore[union-attr]
    renew = _Renew([album_id])
    MusicLink.objects.filter(**owner).delete()
    seen: set[str] = set()
    rows = []
    for kind, url in links:
        if url in seen:
            continue
        seen.add(url)
        row = MusicLink(kind=kind if kind in LinkKind.values else LinkKind.OTHER, url=url, **owner)
        row.full_clean(validate_unique=False)
        rows.append(row)
    MusicLink.objects.bulk_create(rows)
    renew.done()


# --- releases, media, tracks --------------------------------------------------------------


def release_slug(release: Release) -> str:
    """ "cd-1996", "12-vinyl-2017-limited-edition": format, year and edition note."""
    year = release.release_date.year if release.release_date else ""
    formats = " ".join(
        dict.fromkeys(m.format for m in release.media.all() if m.format) if release.pk else []
    )
    siblings = Release.objects.filter(album_id=release.album_id).exclude(pk=release.pk)
    return free_in(
        siblings, slug_base(f"{formats} {year} {release.edition_note}", "release", length=100)
    )


@write_transaction
def release_save(release: Release) -> Release:
    """Create or update a release: checked, slugged, titled like its album when untitled."""
    renew = _Renew([release.album_id])
    if not release.title:
        release.title = release.album.title
    if not release.slug:
        release.slug = release_slug(release)
    release.full_clean()
    release.save()
    renew.done()
    return release


@write_transaction
def release_delete(release: Release) -> None:
    renew = _Renew([release.album_id])
    release.delete()
    renew.done()


@dataclass(frozen=True)
class MediumInput:
    position: int
    format: str = ""
    name: str = ""
    track_count: int | None = None


@write_transaction
def media_set(*, release: Release, media: Sequence[MediumInput]) -> None:
    """A release's media; replaces them (tracks keep their medium positions)."""
    renew = _Renew([release.album_id])
    Medium.objects.filter(release=release).delete()
    rows = [
        Medium(
            release=release,
            position=m.position,
            format=m.format[:40],
            name=m.name[:200],
            track_count=m.track_count,
        )
        for m in media
    ]
    for row in rows:
        row.full_clean(validate_unique=False)
    Medium.objects.bulk_create(rows)
    renew.done()


@dataclass(frozen=True)
class TrackInput:
    """One track as a writer gives it; `recording` is an existing recording to carry (the
    same music on another release), else one is found by `recording_mbid` or made."""

    medium_position: int
    position: int
    title: str
    number: str = ""
    length_ms: int | None = None
    credit: Sequence[CreditName] = ()
    mbid: str | None = None
    recording: Recording | None = None
    recording_mbid: str | None = None
    recording_title: str = ""
    recording_credit: Sequence[CreditName] = ()
    recording_length_ms: int | None = None
    isrcs: str = ""
    first_release_text: str = ""


def _recording_for(item: TrackInput, credit: ArtistCredit | None) -> Recording:
    if item.recording is not None:
        return item.recording
    if item.recording_mbid:
        found = Recording.objects.filter(mbid=item.recording_mbid).first()
        if found is not None:
            return found
    recording_credit = artist_credit_get(item.recording_credit) if item.recording_credit else credit
    recording = Recording(
        title=(item.recording_title or item.title)[:300],
        artist_credit=recording_credit,
        length_ms=item.recording_length_ms or item.length_ms,
        isrcs=item.isrcs[:200],
        first_release_text=item.first_release_text[:300],
        mbid=item.recording_mbid,
    )
    recording.full_clean(validate_unique=False)
    recording.save()
    return recording


@write_transaction
def tracks_set(*, release: Release, tracks: Sequence[TrackInput]) -> list[Track]:
    """A release's whole tracklist, in order; replaces it. Recordings no track carries any
    more stay (another release or a first-release note may still name them)."""
    renew = _Renew([release.album_id])
    Track.objects.filter(release=release).delete()
    rows = []
    for item in tracks:
        credit = artist_credit_get(item.credit)
        row = Track(
            release=release,
            medium_position=item.medium_position,
            position=item.position,
            number=item.number[:10],
            title=item.title[:300],
            length_ms=item.length_ms,
            artist_credit=credit,
            recording=_recording_for(item, credit),
            mbid=item.mbid,
        )
        row.full_clean(validate_unique=False)
        rows.append(row)
    created = Track.objects.bulk_create(rows)
    renew.done()
    return created


@write_transaction
def track_save(track: Track) -> Track:
    """One track changed by an editor (the admin's inline)."""
    renew = _Renew([track.release.album_id])
    track.full_clean()
    track.save()
    renew.done()
    return track


@write_transaction
def recording_save(recording: Recording) -> Recording:
    """A recording changed by an editor: renews every album carrying it."""
    albums = (
        set(
            Track.objects.filter(recording_id=recording.pk).values_list(
                "release__album_id", flat=True
            )
        )
        if recording.pk
        else set()
    )
    renew = _Renew(albums)
    recording.full_clean()
    recording.save()
    renew.done()
    return recording


def renew_albums(album_ids: Iterable[int]) -> None:
    """Bump the pages of these albums (the admin's inlines, written by Django's formsets
    inside the admin's transaction, call this once at the end)."""
    versions_bump(album_page_keys(album_ids))


OWNED = (AlbumTitle, AlbumCredit, MusicLink, Medium, Track)


@write_transaction
def album_rows_save(
    *, album_id: int, saved: Sequence[models.Model], deleted: Sequence[models.Model]
) -> None:
    """Rows an editor changed on an album's or a release's admin page (title links,
    credits, links, media, tracks), each checked; a new track without a recording gets one
    of its own. Renews the album's pages before and after."""
    renew = _Renew([album_id])
    for row in deleted:
        if not isinstance(row, OWNED):
            raise TypeError(f"not an album's row: {row!r}")
        row.delete()
    for row in saved:
        if not isinstance(row, OWNED):
            raise TypeError(f"not an album's row: {row!r}")
        if isinstance(row, Track) and getattr(row, "recording_id", None) is None:
            recording = Recording(title=row.title, length_ms=row.length_ms)
            recording.save()
            row.recording = recording
        row.full_clean()
        row.save()
    renew.done()
    changed("album", [album_id])
