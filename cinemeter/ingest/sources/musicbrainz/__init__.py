"""MusicBrainz: ws/2 release and release-group lookups as album records.

Pure parsing, no database, by concern: `files` reads the files, `ws2_xml` turns XML into the
JSON's shape, `documents` reads one lookup, `values` checks its values. `documents(path)`
reads a file (one JSON lookup, JSON Lines with
one entity per line as in MusicBrainz's JSON dumps, or one ws/2 XML lookup; any of them
gzipped) and yields each document as an `AlbumBundle` (`releases.music.records`), or the
`DocumentError` that refuses it, whose message is the reason in the rejects file.

What is read:

- A **release group** lookup (`inc=releases`, `url-rels` optional) is an album with the
  releases it inlines; those come without tracks, so only their media's formats and
  `track-count` are known. A **release** lookup is one release with its media and
  tracklist (and `data-tracks`, the data part of an enhanced CD) and names its release
  group, which is the album. A release that names none keeps the album it already has, or
  gets one of its own made from it.
- Artist credits as printed (name, join phrase, artist MBID), on the album, the release,
  every track and recording. Label info: the first label with an MBID becomes the release's
  label (a catalogue company), the first catalogue number its catalogue number.
- URL relations only (other relations name artists, series and other release groups):
  they become links by `LINK_KINDS`, else by the address's site; an album and a release
  also link to their own MusicBrainz page. A release group's IMDb title URL (relation
  "IMDb") or Wikidata item names the film it belongs to; the writer links the album to the
  catalogue title with that id, if there is one.
- **How an album belongs to its film** (`album_relation`): a title saying "songs" or
  "music from and inspired by" is the songs album; else a Compilation (secondary type) is a
  compilation; else a title saying "expanded" or "complete" is the expanded score; else the
  score (the IMDb relation exists for soundtracks only).
- Dates "YYYY", "YYYY-MM", "YYYY-MM-DD" with their precision; lengths in milliseconds;
  `number` as printed ("A1"); an unknown medium format is kept as its text.

What is not: the supplementary data under CC BY-NC-SA (`annotation`, `tags`, `user-tags`,
`genres`, `user-genres`, `rating`, `collections`) is never read, as MusicBrainz's data
licence asks; nor are aliases, ASINs, disc ids or cover-art flags.

Cleaning and refusing: a value that cannot be used but does not make the document doubtful
is dropped and named in `AlbumBundle.cleaned` (a barcode that is no valid GTIN, such as the
Picard sample's "123"; an impossible date or country code; a URL that is no web address).
A document that cannot be imported (broken JSON or XML, no id or an id that is no MBID, no
title, a track without a position, a position twice, another entity type) is refused whole.
"""

from cinemeter.ingest.sources.musicbrainz.documents import (
    RELEASE,
    RELEASE_GROUP,
    album_relation,
    entity_of,
    gtin_valid,
    parse_document,
)
from cinemeter.ingest.sources.musicbrainz.files import SUFFIXES, documents, entity_hint, file_kind
from cinemeter.ingest.sources.musicbrainz.values import DocumentError

__all__ = [
    "RELEASE",
    "RELEASE_GROUP",
    "SUFFIXES",
    "DocumentError",
    "album_relation",
    "documents",
    "entity_hint",
    "entity_of",
    "file_kind",
    "gtin_valid",
    "parse_document",
]
