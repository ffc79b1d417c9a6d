"""The editor's short reference syntax, checked on save and filled in on the page.

In an article's Markdown, `[[title:escape-from-la-1996]]`, `[[person:john-carpenter]]`,
`[[edition:escape-from-la-1996/collectors-edition]]`, `[[album:<album-slug>]]` and
`[[track:<album-slug>/<track-slug>]]` link to the catalogue and the releases with the thing's
current name (`[[person:john-carpenter|Carpenter]]` with the editor's own words); the
callouts `[[related]]`, `[[also-like]]` and `[[see-also]]` each become one related article,
chosen by the site when the page is made. The same `kind:ref` names the article's tags.

A track is named by its album and the slug of its title, as the album page lists it
("track:escape-from-la-…-1996/sweat"): the words an editor sees, the same on every release of
the album that carries the recording, and unchanged when a tracklist is re-entered. Two
different recordings of one album with the same title are numbered in the order they first
appear ("main-title", "main-title-2"). What is stored is the recording.

Each kind is one `Kind` in `KINDS`: how to look up many refs in one query and what a found
thing shows. A new kind is one more entry; unknown kinds and unknown refs are errors on the
editor's form, never broken links on a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cinemeter.catalog.models import Person, Title
from cinemeter.catalog.slugs import slug_base
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.music.models import Album, Track

# Anything between double brackets is meant as a reference or a callout; what does not parse
# is reported, so a typo never reaches the page as "[[titel:…]]".
_MARKER = re.compile(r"\[\[([^\[\]\n]{0,300})\]\]")
_REFERENCE = re.compile(
    r"^(?P<kind>[a-z]+):(?P<ref>[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)?)"
    r"(?:\|(?P<label>[^|]{1,120}))?$"
)
CALLOUTS: Mapping[str, Any] = {
    "related": gettext_lazy("Related"),
    "also-like": gettext_lazy("You might also like"),
    "see-also": gettext_lazy("See also"),
}


@dataclass(frozen=True)
class Target:
    """A found thing a reference or a tag names: its current name and page."""

    kind: str
    ref: str
    name: str
    url: str
    obj: Model
    detail: str = ""  # "1996" for a title, "Blu-ray, 2020" for an edition


@dataclass(frozen=True)
class Kind:
    """One kind of thing articles name: `find(refs)` looks many up in one query."""

    name: str
    find: Callable[[Sequence[str]], dict[str, Target]]
    label: Any  # for the editor's messages and the tag cards


def _titles(refs: Sequence[str]) -> dict[str, Target]:
    found = Title.objects.filter(slug__in=refs).select_related("score")
    return {
        t.slug: Target("title", t.slug, t.title, t.get_absolute_url(), t, t.years_label)
        for t in found
    }


def _people(refs: Sequence[str]) -> dict[str, Target]:
    return {
        p.slug: Target("person", p.slug, p.name, p.get_absolute_url(), p)
        for p in Person.objects.filter(slug__in=refs)
    }


def _editions(refs: Sequence[str]) -> dict[str, Target]:
    pairs = [tuple(ref.split("/", 1)) for ref in refs if "/" in ref]
    if not pairs:
        return {}
    wanted = {f"{t}/{e}" for t, e in pairs}
    found = Edition.objects.filter(
        title__slug__in={t for t, _e in pairs}, slug__in={e for _t, e in pairs}
    ).select_related("title")
    targets = {}
    for edition in found:
        ref = f"{edition.title.slug}/{edition.slug}"
        if ref in wanted:
            year = edition.release_date.year if edition.release_date else ""
            detail = ", ".join(str(p) for p in (edition.get_format_display(), year) if p)
            name = f"{edition.title.title}: {edition.name}"
            targets[ref] = Target("edition", ref, name, edition.get_absolute_url(), edition, detail)
    return targets


def album_detail(album: Album) -> str:
    year = album.first_release_date.year if album.first_release_date else ""
    credit = album.artist_credit.text if album.artist_credit else ""
    return " · ".join(str(p) for p in (credit, year) if p)


def _albums(refs: Sequence[str]) -> dict[str, Target]:
    found = Album.objects.filter(slug__in=refs).select_related("artist_credit")
    return {
        a.slug: Target("album", a.slug, a.title, a.get_absolute_url(), a, album_detail(a))
        for a in found
    }


def track_slugs(tracks: Iterable[Track]) -> dict[int, str]:
    """Recording id -> its slug within one album, from the album's tracks in release order
    (release date, medium, position): a recording keeps the slug of its first appearance."""
    slugs: dict[int, str] = {}
    used: set[str] = set()
    for track in tracks:
        if track.recording_id in slugs:
            continue
        base = slug_base(track.title, "track", length=80)
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        slugs[track.recording_id] = slug
    return slugs


def album_tracks(album_slugs: Iterable[str]) -> dict[str, list[tuple[str, Track]]]:
    """Album slug -> its tracks' (slug, first track carrying the recording), in the order the
    album's releases list them: one query."""
    tracks = (
        Track.objects.filter(release__album__slug__in=set(album_slugs))
        .select_related("release__album", "artist_credit")
        .order_by(
            "release__album_id",
            "release__release_date",
            "release_id",
            "medium_position",
            "position",
        )
    )
    by_album: dict[str, list[Track]] = {}
    for track in tracks:
        by_album.setdefault(track.release.album.slug, []).append(track)
    listed: dict[str, list[tuple[str, Track]]] = {}
    for album_slug, album_rows in by_album.items():
        slugs = track_slugs(album_rows)
        first: dict[int, Track] = {}
        for track in album_rows:
            first.setdefault(track.recording_id, track)
        listed[album_slug] = [(slugs[rid], track) for rid, track in first.items()]
    return listed


def track_target(album_slug: str, slug: str, track: Track) -> Target:
    album = track.release.album
    credit = track.artist_credit.text if track.artist_credit else ""
    detail = " · ".join(p for p in (credit, album.title) if p)
    return Target(
        "track",
        f"{album_slug}/{slug}",
        track.title,
        track.release.get_absolute_url(),
        track.recording,
        detail,
    )


def _tracks(refs: Sequence[str]) -> dict[str, Target]:
    pairs = [tuple(ref.split("/", 1)) for ref in refs if "/" in ref]
    if not pairs:
        return {}
    wanted = {f"{a}/{t}" for a, t in pairs}
    targets = {}
    for album_slug, listed in album_tracks(a for a, _t in pairs).items():
        for slug, track in listed:
            if (ref := f"{album_slug}/{slug}") in wanted:
                targets[ref] = track_target(album_slug, slug, track)
    return targets


KINDS: dict[str, Kind] = {
    "title": Kind("title", _titles, gettext_lazy("title")),
    "person": Kind("person", _people, gettext_lazy("person")),
    "edition": Kind("edition", _editions, gettext_lazy("edition")),
    "album": Kind("album", _albums, gettext_lazy("album")),
    "track": Kind("track", _tracks, gettext_lazy("track")),
}


@dataclass(frozen=True)
class Reference:
    kind: str
    ref: str
    label: str = ""


@dataclass
class Parsed:
    """What a body or a tag list names, and what could not be read."""

    references: list[Reference] = field(default_factory=list)
    callouts: int = 0
    errors: list[str] = field(default_factory=list)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def body_parse(body: str) -> Parsed:
    """Every reference and callout of a body, and an error for each marker that is neither."""
    parsed = Parsed()
    for match in _MARKER.finditer(body):
        inner = match.group(1).strip()
        if inner in CALLOUTS:
            parsed.callouts += 1
            continue
        found = _REFERENCE.match(inner)
        line = _line_of(body, match.start())
        if found is None or found["kind"] not in KINDS:
            parsed.errors.append(
                _(
                    "Line %(line)d: “%(marker)s” is not a reference. Write [[title:slug]], "
                    "[[person:slug]], [[edition:title-slug/edition-slug]], [[album:slug]], "
                    "[[track:album-slug/track-slug]] or a callout: [[related]], "
                    "[[also-like]], [[see-also]]."
                )
                % {"line": line, "marker": match.group(0)[:80]}
            )
            continue
        parsed.references.append(Reference(found["kind"], found["ref"], found["label"] or ""))
    return parsed


def tags_parse(text: str) -> Parsed:
    """The tag list as typed: "title:escape-from-la-1996, person:john-carpenter" (commas,
    spaces or new lines between them; [[…]] around one is forgiven)."""
    parsed = Parsed()
    for token in re.split(r"[\s,]+", text.strip()):
        item = token.strip().removeprefix("[[").removesuffix("]]")
        if not item:
            continue
        found = _REFERENCE.match(item)
        if found is None or found["kind"] not in KINDS or found["label"]:
            parsed.errors.append(
                _("“%(tag)s” is not a tag: write kind:slug, such as title:escape-from-la-1996.")
                % {"tag": token[:80]}
            )
            continue
        reference = Reference(found["kind"], found["ref"])
        if reference not in parsed.references:
            parsed.references.append(reference)
    return parsed


def resolve(references: Iterable[Reference]) -> dict[tuple[str, str], Target]:
    """The targets of these references that exist: one query per kind named."""
    by_kind: dict[str, set[str]] = {}
    for reference in references:
        by_kind.setdefault(reference.kind, set()).add(reference.ref)
    found: dict[tuple[str, str], Target] = {}
    for kind, refs in sorted(by_kind.items()):
        for ref, target in KINDS[kind].find(sorted(refs)).items():
            found[(kind, ref)] = target
    return found


def unknown(references: Iterable[Reference], found: Mapping[tuple[str, str], Target]) -> list[str]:
    """One message per reference whose target does not exist."""
    missing = []
    for reference in references:
        if (reference.kind, reference.ref) not in found:
            message = _("There is no %(kind)s “%(ref)s”.") % {
                "kind": KINDS[reference.kind].label,
                "ref": reference.ref,
            }
            if message not in missing:
                missing.append(message)
    return missing


@dataclass(frozen=True)
class Callout:
    """What one callout marker shows: its label and the article chosen for it."""

    label: str
    headline: str
    url: str
    reason: str = ""


def body_fill(
    body_html: str,
    targets: Mapping[tuple[str, str], Target],
    callouts: Callable[[str], Callout | None],
) -> str:
    """The stored HTML with its markers filled in: references become links with the current
    name (or the editor's words), callouts the article `callouts(marker)` chooses for each in
    turn; a callout with no article left to show disappears. The HTML is the sanitiser's, so
    every marker's text is already escaped; what is added here is escaped too."""

    def callout_html(marker: str, tag: str = "aside") -> str:
        chosen = callouts(marker)
        if chosen is None:
            return ""
        reason = ""
        if chosen.reason:
            reason = f' <span class="callout-reason">{html.escape(chosen.reason)}</span>'
        return (
            f'<{tag} class="callout callout-{marker}"><span class="callout-label">'
            f"{html.escape(chosen.label)}:</span> "
            f'<a href="{html.escape(chosen.url)}">{html.escape(chosen.headline)}</a>'
            f"{reason}</{tag}>"
        )

    def one(match: re.Match[str]) -> str:
        inner = html.unescape(match.group(1)).strip()
        if inner in CALLOUTS:  # inside a sentence: phrasing content only
            return callout_html(inner, "span")
        found = _REFERENCE.match(inner)
        if found is None:
            return match.group(0)
        target = targets.get((found["kind"], found["ref"]))
        text = found["label"] or (target.name if target else found["ref"])
        if target is None:  # deleted since the article was saved: the words, no link
            return html.escape(text)
        return (
            f'<a class="ref ref-{target.kind}" href="{html.escape(target.url)}">'
            f"{html.escape(text)}</a>"
        )

    # A callout alone in its paragraph replaces the paragraph: an aside is no phrasing content.
    def paragraph(match: re.Match[str]) -> str:
        inner = html.unescape(match.group(1)).strip()
        return callout_html(inner) if inner in CALLOUTS else match.group(0)

    filled = re.sub(r"<p>\s*\[\[([^\[\]<]{0,300})\]\]\s*</p>", paragraph, body_html)
    return _MARKER.sub(one, filled)


def plain_text(body: str) -> str:
    """The body without its markers' brackets, for text similarity and the search index."""

    def words(match: re.Match[str]) -> str:
        found = _REFERENCE.match(match.group(1).strip())
        if found is None:
            return " "
        return found["label"] or found["ref"].replace("-", " ").replace("/", " ")

    return _MARKER.sub(words, body)
