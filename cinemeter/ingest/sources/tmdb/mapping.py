"""TMDb's vocabulary as the site's: genres, crew departments, release types, video sites and
kinds, image lists and the statuses of a show that has ended (the decisions are in the
package's docstring).
"""

from __future__ import annotations

from collections.abc import Iterable

from cinemeter.catalog.models import Department, ImageKind, ReleaseType, VideoKind, VideoProvider

# TMDb genre -> the site's genres; a name not listed here is the same on both sites.
GENRES: dict[str, tuple[str, ...]] = {
    "Science Fiction": ("Sci-Fi",),
    "Music": ("Music",),
    "TV Movie": (),  # the kind tv_movie, see `documents._movie`
    "Foreign": (),  # TMDb's retired "not from the US" marker, not a genre
    # TV genres, which TMDb combines
    "Action & Adventure": ("Action", "Adventure"),
    "Sci-Fi & Fantasy": ("Sci-Fi", "Fantasy"),
    "War & Politics": ("War",),  # TMDb's TV counterpart of its film genre War
    "Kids": ("Family",),
    "Reality": ("Reality-TV",),
    "Talk": ("Talk-Show",),
}
DEPARTMENTS: dict[str, str] = {
    "Directing": Department.DIRECTING,
    "Writing": Department.WRITING,
    "Production": Department.PRODUCTION,
    "Sound": Department.SOUND,
    "Camera": Department.CAMERA,
    "Lighting": Department.CAMERA,
    "Editing": Department.EDITING,
    "Art": Department.ART,
    "Costume & Make-Up": Department.COSTUME,
    "Visual Effects": Department.VISUAL_EFFECTS,
    "Crew": Department.CREW,
}
RELEASE_TYPES: dict[int, tuple[str, str]] = {
    1: (ReleaseType.PREMIERE, ""),
    2: (ReleaseType.THEATRICAL, "Limited"),
    3: (ReleaseType.THEATRICAL, ""),
    4: (ReleaseType.DIGITAL, ""),
    5: (ReleaseType.PHYSICAL, ""),
    6: (ReleaseType.TV, ""),
}
VIDEO_KINDS: dict[str, str] = {
    "Trailer": VideoKind.TRAILER,
    "Teaser": VideoKind.TEASER,
    "Clip": VideoKind.CLIP,
    "Featurette": VideoKind.FEATURETTE,
    "Behind the Scenes": VideoKind.FEATURETTE,
    "Bloopers": VideoKind.CLIP,
}  # any other type ("Opening Credits", "Recap") is a clip
VIDEO_PROVIDERS: dict[str, str] = {"YouTube": VideoProvider.YOUTUBE, "Vimeo": VideoProvider.VIMEO}
IMAGE_KINDS: dict[str, str] = {"posters": ImageKind.POSTER, "backdrops": ImageKind.BACKDROP}
ENDED_STATUSES = {"Ended", "Canceled"}


def site_genres(names: Iterable[str]) -> tuple[str, ...]:
    """TMDb genre names as the site's genres, each once, in TMDb's order."""
    genres: dict[str, None] = {}
    for name in names:
        for genre in GENRES.get(name, (name,)):
            genres[genre] = None
    return tuple(genres)
