"""Wikidata film items (Wikibase REST API v1 responses) as `WikidataFilm` links.

Wikidata describes no editions; what a home-video import takes from a film's item is how to
find the film and what it came out as: P345 (IMDb id) and P4947 (TMDb movie id), P406
(soundtrack release) and P437 (distribution format), by item id. Deprecated statements are
left out. Two format items are known: Q5294 is DVD, and Q723685 is video on demand (in the
samples Wikidata infers it from a Netflix or iTunes id), the site's "digital"; other formats
are kept by their item id alone. Items come as QIDs without labels, so nothing else is named.
"""

from __future__ import annotations

import re
from typing import Any

from cinemeter.catalog.bulk import Ref
from cinemeter.catalog.models import ExternalSource
from cinemeter.ingest.sources.home_video.records import ParseError, WikidataFilm
from cinemeter.ingest.sources.home_video.values import clean_text
from cinemeter.releases.editions.models import EditionFormat

IMDB, TMDB_MOVIE, SOUNDTRACK, FORMAT = "P345", "P4947", "P406", "P437"
FORMATS = {"Q5294": EditionFormat.DVD, "Q723685": EditionFormat.DIGITAL}
_QID = re.compile(r"^Q[1-9]\d*$")
_IMDB_TITLE = re.compile(r"^tt\d{7,10}$")


def is_item(document: Any) -> bool:
    """Whether a JSON document is a Wikibase item (REST API v1)."""
    return (
        isinstance(document, dict)
        and document.get("type") == "item"
        and isinstance(document.get("statements"), dict)
    )


def parse_item(document: Any, *, file: str) -> WikidataFilm:
    if not is_item(document):
        raise ParseError("not a Wikidata item (no type item with statements)")
    qid = document.get("id")
    if not isinstance(qid, str) or not _QID.match(qid):
        raise ParseError(f"the item has no id (found {qid!r}): it cannot be recorded")
    statements = document["statements"]
    refs = []
    for imdb in _values(statements, IMDB):
        if not _IMDB_TITLE.match(imdb):
            raise ParseError(f"{IMDB} (IMDb id): {imdb!r} is not an IMDb title id")
        refs.append(Ref(ExternalSource.IMDB, imdb))
    for tmdb in _values(statements, TMDB_MOVIE):
        if not tmdb.isdigit() or int(tmdb) == 0:
            raise ParseError(f"{TMDB_MOVIE} (TMDb id): {tmdb!r} is not a TMDb movie id")
        refs.append(Ref(ExternalSource.TMDB_MOVIE, str(int(tmdb))))
    if not refs:
        raise ParseError(f"{qid} has no IMDb or TMDb id: its film cannot be found")
    labels = document.get("labels")
    label = clean_text(labels.get("en"), max_length=200) if isinstance(labels, dict) else ""
    return WikidataFilm(
        qid=qid,
        label=label,
        refs=(*dict.fromkeys(refs), Ref(ExternalSource.WIKIDATA, qid)),
        soundtracks=tuple(dict.fromkeys(_items(statements, SOUNDTRACK))),
        formats=tuple(
            (item, str(FORMATS.get(item, ""))) for item in dict.fromkeys(_items(statements, FORMAT))
        ),
        file=file,
    )


def _values(statements: dict[str, Any], prop: str) -> list[str]:
    """The plain values of a property's statements that are not deprecated."""
    found = []
    for statement in statements.get(prop) or []:
        if not isinstance(statement, dict) or statement.get("rank") == "deprecated":
            continue
        value = statement.get("value")
        if not isinstance(value, dict) or value.get("type") != "value":
            continue  # "somevalue" / "novalue": nothing to link
        content = value.get("content")
        if isinstance(content, str | int) and not isinstance(content, bool):
            found.append(str(content).strip())
    return found


def _items(statements: dict[str, Any], prop: str) -> list[str]:
    return [value for value in _values(statements, prop) if _QID.match(value)]
