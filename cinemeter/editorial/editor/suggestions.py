"""The editor's suggestions for tags and references: what was typed after "kind:" (or alone,
for every kind) matched against names and slugs, a few per kind, each as the `kind:ref` the
editor would write. One query per kind asked (two for tracks: the matching lines, then their
albums' tracklists, which give a track its slug)."""

from __future__ import annotations

from django.db.models import Q

from cinemeter.catalog.models import Person, Title
from cinemeter.editorial import references
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.music.models import Album, Track

LIMIT = 8
MIN_LENGTH = 2


def _titles(words: str) -> list[dict[str, str]]:
    found = Title.objects.filter(Q(title__icontains=words) | Q(slug__startswith=words))
    return [{"ref": f"title:{t.slug}", "label": str(t)} for t in found[:LIMIT]]


def _people(words: str) -> list[dict[str, str]]:
    found = Person.objects.filter(Q(name__icontains=words) | Q(slug__startswith=words))
    return [{"ref": f"person:{p.slug}", "label": p.name} for p in found[:LIMIT]]


def _editions(words: str) -> list[dict[str, str]]:
    found = Edition.objects.select_related("title").filter(
        Q(name__icontains=words) | Q(title__title__icontains=words)
    )
    return [
        {
            "ref": f"edition:{e.title.slug}/{e.slug}",
            "label": f"{e.title.title}: {e.name} ({e.get_format_display()})",
        }
        for e in found[:LIMIT]
    ]


def _albums(words: str) -> list[dict[str, str]]:
    found = Album.objects.filter(
        Q(title__icontains=words)
        | Q(slug__startswith=words)
        | Q(title_links__title__title__icontains=words)
    ).distinct()
    return [{"ref": f"album:{a.slug}", "label": a.title} for a in found[:LIMIT]]


def _tracks(words: str) -> list[dict[str, str]]:
    lines = list(
        Track.objects.filter(title__icontains=words)
        .values_list("release__album__slug", "recording_id")
        .distinct()
        .order_by("release__album__slug", "recording_id")[: LIMIT * 4]
    )
    if not lines:
        return []
    wanted = set(lines)
    results = []
    for album_slug, listed in references.album_tracks({a for a, _r in lines}).items():
        for slug, track in listed:
            if (album_slug, track.recording_id) in wanted:
                target = references.track_target(album_slug, slug, track)
                results.append(
                    {"ref": f"track:{target.ref}", "label": f"{target.name} — {target.detail}"}
                )
    return results[:LIMIT]


FINDERS = {
    "title": _titles,
    "person": _people,
    "edition": _editions,
    "album": _albums,
    "track": _tracks,
}


def suggestions(typed: str) -> list[dict[str, str]]:
    """ "person:walk" asks for people only, "escape" for every kind; fewer than two letters
    ask for nothing."""
    kind, _sep, words = typed.rpartition(":") if ":" in typed else ("", "", typed)
    words = words.strip()
    if len(words) < MIN_LENGTH or (kind and kind not in FINDERS):
        return []
    results: list[dict[str, str]] = []
    for name, find in FINDERS.items():
        if kind in {"", name}:
            results.extend(find(words))
    return results[: LIMIT * 2]
