"""The web benchmark's editions and albums cases (issue 18): which pages to load, drawn from
the generated releases, and the releases themselves when the database was generated before
the generator made them (`generate_scale --only releases`).

Cached cases ask for random pages among the generated ones: an edition's page, a title's
compare view (focused on its newest edition, as linked from the title page) and an album
page with one of its releases chosen (the first release, or a later one with what it adds
and drops). Uncached cases walk through every such page in a random order, each once; on a
preset with fewer pages than a run needs, further passes add `?pass=N` (a query string the
views ignore but the page cache keys on), so no request is ever served from the cache.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from web_load import Request

ANONYMOUS = {"Accept-Language": "en"}
CACHED = ("edition, random", "compare, random", "album, random")
UNCACHED = ("edition, uncached", "compare, uncached", "album, uncached")


def ensure(seed: int) -> str:
    """Add the editions and albums when the database has neither (one generated before the
    generator made them); returns a note for the report."""
    from django.core.management import call_command

    from cinemeter.releases.models import Album, Edition

    if Edition.objects.exists() or Album.objects.exists():
        return ""
    call_command("generate_scale", only="releases", seed=seed)
    return ", releases added"


@dataclass(frozen=True)
class ReleaseTargets:
    editions: list[str]  # every edition page
    compares: list[str]  # every title's compare view, once per focused edition
    releases: list[str]  # every album page with a release chosen
    heaviest: dict[str, str]  # the largest page of each kind (for the queries per page)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        return {"heaviest": self.heaviest, "counts": self.counts}


def targets(seed: int = 1) -> ReleaseTargets:
    from django.db.models import Count

    from cinemeter.releases.models import Edition, Release

    editions = list(
        Edition.objects.annotate(features_count=Count("features"))
        .order_by("pk")
        .values_list("title__slug", "slug", "features_count")
    )
    per_title: dict[str, int] = {}
    for title, _slug, _n in editions:
        per_title[title] = per_title.get(title, 0) + 1
    releases = list(
        Release.objects.annotate(tracks_count=Count("tracks"))
        .order_by("pk")
        .values_list("album__slug", "slug", "tracks_count")
    )
    pick = random.Random(seed)  # noqa: S311 - a sample, not a secret
    edition_paths = [f"/title/{t}/editions/{e}/" for t, e, _n in editions]
    compares = [
        f"/title/{t}/editions/compare/?edition={e}" for t, e, _n in editions if per_title[t] > 1
    ]
    release_paths = [f"/album/{a}/{r}/" for a, r, _n in releases]
    for paths in (edition_paths, compares, release_paths):
        pick.shuffle(paths)
    most_features = max(editions, key=lambda row: row[2])
    most_editions = max(per_title, key=lambda slug: per_title[slug])
    most_tracks = max(releases, key=lambda row: row[2])
    return ReleaseTargets(
        editions=edition_paths,
        compares=compares,
        releases=release_paths,
        heaviest={
            "edition, most features": f"/title/{most_features[0]}/editions/{most_features[1]}/",
            "compare, most editions": f"/title/{most_editions}/editions/compare/",
            "album, most tracks": f"/album/{most_tracks[0]}/{most_tracks[1]}/",
        },
        counts={
            "editions": len(editions),
            "titles with editions": len(per_title),
            "titles with 2+ editions": sum(1 for n in per_title.values() if n > 1),
            "most features on an edition": most_features[2],
            "most editions of a title": per_title[most_editions],
            "album releases": len(releases),
            "most tracks on a release": most_tracks[2],
        },
    )


def _passes(paths: list[str], count: int) -> list[str]:
    """`count` paths: every one once, then again with `pass=N` for as many passes as needed."""
    if not paths:
        return []
    out: list[str] = []
    number = 0
    while len(out) < count:
        for path in paths[: count - len(out)]:
            joiner = "&" if "?" in path else "?"
            out.append(f"{path}{joiner}pass={number}" if number else path)
        number += 1
    return out


def cases(t: ReleaseTargets, *, sample: int, uncached: int) -> dict[str, list[Request]]:
    """The cached cases on `sample` random pages each, the uncached ones on `uncached`."""

    def get(paths: list[str]) -> list[Request]:
        return [Request("GET", path, ANONYMOUS) for path in paths]

    compares = list(dict.fromkeys(p.split("?")[0] for p in t.compares))
    return {
        "edition, random": get(t.editions[:sample]),
        "compare, random": get(compares[:sample]),
        "album, random": get(t.releases[:sample]),
        "edition, uncached": get(_passes(t.editions, uncached)),
        "compare, uncached": get(_passes(t.compares, uncached)),
        "album, uncached": get(_passes(t.releases, uncached)),
    }
