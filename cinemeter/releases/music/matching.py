"""What each release of an album adds over its earlier releases, and what it leaves out.

The computation is the editions' (`editions.matching`): releases are ordered by their date
spans (a day, a month or a year, by precision; two releases whose spans overlap are neither
earlier than the other), and a track is *added* by a release when no earlier release carries
the same music. "The same" is the same recording (the strong rule: MusicBrainz and editors
link a reissue's track to the recording it carries) or the same normalised track title.

A release without a tracklist (only its track count is known) cannot be compared: it takes
no part, so it never makes a later release's tracks look new, and it adds nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cinemeter.releases.editions.matching import (
    EditionRow,
    EditionsResult,
    FeatureRow,
    editions_compare,
)

TRACK_KIND = "track"


@dataclass(frozen=True)
class TrackRow:
    """What the computation needs of a track."""

    id: int
    release_id: int
    title: str
    recording_id: int


def releases_compare(
    releases: Sequence[tuple[int, date | None, date | None]], tracks: Sequence[TrackRow]
) -> EditionsResult:
    """Adds and drops for every release of one album: `releases` as (id, first day, last
    day), `tracks` in each release's order."""
    with_tracks = {track.release_id for track in tracks}
    rows = [EditionRow(rid, start, end) for rid, start, end in releases if rid in with_tracks]
    first_of_recording: dict[int, int] = {}
    features = []
    for track in tracks:
        same = first_of_recording.setdefault(track.recording_id, track.id)
        features.append(
            FeatureRow(
                id=track.id,
                edition_id=track.release_id,
                kind=TRACK_KIND,
                title=track.title,
                same_as_id=same if same != track.id else None,
            )
        )
    return editions_compare(rows, features)


def has_earlier(result: EditionsResult, release_id: int) -> bool:
    """Whether an earlier release with a tracklist exists, so that "adds" means something."""
    rows = {row.id: row for row in result.editions}
    own = rows.get(release_id)
    return own is not None and any(row.earlier_than(own) for row in result.editions)
