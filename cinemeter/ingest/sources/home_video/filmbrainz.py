"""filmbrainz-seed: one physical release described from the disc, as an `EditionRecord`.

Pure parsing of one file's JSON (`packaging-attributes`, `title-detail`, `item-notes`; the
repository's README and ../shared/data/home-video-sample/PROVENANCE.md). The file's name is
the release's id there. What the files do that their README does not say, and what is made of
it:

- `companies[]` has its fields swapped: `name` holds the role ("Distributor", "Content
  Copyright Holder") and `role` the company. Each entry is read whichever way round it is
  written (the field that is a role word is the role). Distributors become the film's
  distribution companies; the year of the content copyright is the film's year as far as
  the disc knows it, which tells two films of one name apart.
- `gtin` is bare digits, not "EAN:..." as documented (both are read), or "" (a sticker).
- `region` "NA" means not applicable or unknown: no region.
- A title's `index` is an int, a string ("3") or ""; `play-order` repeats and skips: titles
  keep the file's order, sorted stably by play order.
- Durations "00:00:00" and "" are unknown.
- `titles: [{}]` and `title-detail: {}` are "no title detail": the edition has its packaging
  data and no features.
- Special features are titles whose description begins "Bonus Feature – " or "Sneak Peeks –
  " (any dash); the main feature ("Main Feature – ...") gives the edition its aspect ratio,
  audio and subtitle tracks; idents, menus and warnings are not features.
- No release date and no film id: the film is found by the packaging's title (and the
  copyright year) or by the barcode of an edition another source brought.
"""

from __future__ import annotations

import re
from typing import Any

from cinemeter.catalog.models import CompanyRole
from cinemeter.ingest.sources.home_video.records import (
    CompanyMention,
    EditionRecord,
    FeatureRecord,
    FilmKey,
    ParseError,
)
from cinemeter.ingest.sources.home_video.values import (
    LINE_MAX,
    NAME_MAX,
    SHORT_MAX,
    clean_text,
    country_code,
    duration_seconds,
    edition_format,
    feature_kind,
    gtin,
    whole_number,
)
from cinemeter.releases.editions.matching import feature_key
from cinemeter.releases.editions.models import EditionFormat, EditionSource, FeatureKind

SOURCE = EditionSource.FILMBRAINZ
EXTERNAL_ID_MAX = 200  # EditionExternalId.external_id

_DASH = r"\s*[-–—]\s*"
_BONUS = re.compile(rf"^bonus features?{_DASH}", re.IGNORECASE)
_SNEAK_PEEK = re.compile(rf"^sneak peeks?{_DASH}", re.IGNORECASE)
_MAIN_FEATURE = re.compile(rf"^main feature{_DASH}", re.IGNORECASE)
# The words of `companies[].name` / `.role` that are roles, not companies.
_ROLE_WORDS = re.compile(
    r"^(content |packaging )?(copyright holder|distributor|manufacturer|licensor|publisher"
    r"|licensee|marketed by|distributed by|manufactured by)$",
    re.IGNORECASE,
)
# "Sony Pictures Home Entertainment (as www.sphe.co.uk)": the company, printed as.
_PRINTED_AS = re.compile(r"\s*\(as [^)]*\)$", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
# The classification board whose rating counts on a release for this country.
BOARDS = {"GB": "BBFC", "IE": "IFO", "US": "MPA", "DE": "FSK", "NL": "Kijkwijzer"}


def is_release(document: Any) -> bool:
    """Whether a JSON document is a filmbrainz release."""
    return isinstance(document, dict) and isinstance(document.get("packaging-attributes"), dict)


def parse_release(document: Any, *, external_id: str, file: str) -> EditionRecord:
    """One filmbrainz file (already decoded) as an edition; `external_id` is its file's name."""
    if not is_release(document):
        raise ParseError("not a filmbrainz release (no packaging-attributes object)")
    if not external_id or len(external_id) > EXTERNAL_ID_MAX:
        raise ParseError(f"the file's name (its id) is longer than {EXTERNAL_ID_MAX} characters")
    packaging = document["packaging-attributes"]
    name = _printed_title(packaging.get("title"))
    if not name:
        raise ParseError("packaging-attributes.title is empty: the film cannot be found")
    form = packaging.get("format")
    form = form if isinstance(form, dict) else {}
    fmt = edition_format(form.get("type"), what="packaging-attributes.format.type")
    release = _object(packaging.get("release"))
    country = country_code(release.get("territory"))
    board, rating = _classification(packaging.get("classification"), country)
    companies, copyright_year = _companies(packaging.get("companies"))
    label = clean_text(packaging.get("label"), max_length=NAME_MAX)
    titles = _titles(document.get("title-detail"))
    main = next((t for t in titles if _MAIN_FEATURE.match(_description(t))), {})
    return EditionRecord(
        source=SOURCE,
        external_id=external_id,
        film=FilmKey(name=name, year=copyright_year),
        name=clean_text(packaging.get("eti"), max_length=NAME_MAX) or str(EditionFormat(fmt).label),
        format=fmt,
        file=file,
        gtin=gtin(packaging.get("gtin"), what="packaging-attributes.gtin"),
        country_code=country,
        region_code=_region(release.get("region")),
        part_number=_part_number(packaging.get("identifiers")),
        disc_count=1 if fmt != EditionFormat.VHS else None,
        classification_board=board,
        classification_rating=rating,
        aspect_ratio=clean_text(main.get("aspect-ratio"), max_length=20),
        audio_tracks=_audio(main.get("audio")),
        subtitle_tracks=_subtitles(main.get("subtitle")),
        packaging=clean_text(
            _object(packaging.get("packaging")).get("format"), max_length=LINE_MAX
        ),
        label=label,
        companies=companies,
        features=_features(titles),
    )


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict[str, Any]]:
    """A list of objects; empty objects (`[{}]`) and other values are left out."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict) and item]


def _printed_title(value: Any) -> str:
    """The title on the packaging; of variants ("A [spine] | B [cover]") the first, without
    the bracketed place it is printed."""
    text = clean_text(value)
    first = text.split(" | ")[0]
    return re.sub(r"\s*\[[^\]]*\]$", "", first).strip()


def _region(value: Any) -> str:
    text = clean_text(value, max_length=12)
    return "" if text.upper() in {"NA", "N/A", "UNKNOWN", "NONE"} else text


def _classification(value: Any, country: str) -> tuple[str, str]:
    """The rating of the release's country's board when listed, else the first one."""
    ratings = []
    for item in _list(value):
        board = clean_text(item.get("board"), max_length=40)
        rating = clean_text(item.get("value"), max_length=20)
        if board and rating:
            ratings.append((board, rating))
    home = BOARDS.get(country)
    return next((r for r in ratings if r[0] == home), ratings[0] if ratings else ("", ""))


def _companies(value: Any) -> tuple[tuple[CompanyMention, ...], int | None]:
    """Distributors (as catalogue company mentions) and the content copyright's year."""
    mentions: dict[str, CompanyMention] = {}
    year = None
    for item in _list(value):
        first = clean_text(item.get("name"), max_length=NAME_MAX)
        second = clean_text(item.get("role"), max_length=NAME_MAX)
        # Written swapped in the data, as documented in the README: whichever is a role word.
        role, company = (first, second) if _ROLE_WORDS.match(first) else (second, first)
        company = _PRINTED_AS.sub("", company).strip()
        if not company or not role:
            continue
        role_key = role.casefold()
        if role_key in {"distributor", "distributed by"}:
            mentions.setdefault(
                company.casefold(), CompanyMention(company, CompanyRole.DISTRIBUTION)
            )
        date = clean_text(item.get("date"), max_length=10)
        if role_key == "content copyright holder" and _YEAR.match(date):
            year = int(date)
    return tuple(mentions.values()), year


def _part_number(value: Any) -> str:
    for item in _list(value):
        if clean_text(item.get("property")).casefold() == "part number":
            number = clean_text(item.get("value"), max_length=SHORT_MAX)
            if number:
                return number
    return ""


def _titles(value: Any) -> list[dict[str, Any]]:
    """The disc's titles in play order (ties and gaps as written: the sort is stable)."""
    titles = _list(_object(value).get("titles"))
    return sorted(titles, key=lambda t: whole_number(t.get("play-order")) or 0)


def _description(title: dict[str, Any]) -> str:
    return clean_text(title.get("description"))


def _features(titles: list[dict[str, Any]]) -> tuple[FeatureRecord, ...]:
    features: dict[tuple[str, str], FeatureRecord] = {}
    for title in titles:
        text = _description(title)
        if bonus := _BONUS.match(text):
            name = text[bonus.end() :].strip()
            kind = feature_kind(name, default=FeatureKind.OTHER)
        elif _SNEAK_PEEK.match(text):
            name, kind = text, FeatureKind.TRAILER
        else:
            continue  # the film, an ident, a menu, a warning
        if not name:
            continue
        features.setdefault(
            feature_key(kind, name),
            FeatureRecord(
                title=name,
                kind=kind,
                duration_seconds=duration_seconds(title.get("duration")),
                description=clean_text(title.get("comment"), max_length=1000),
            ),
        )
    return tuple(features.values())


def _audio(value: Any) -> tuple[str, ...]:
    """ "English AC3 5.1", "English AC3 2.0 (audio description)", each once."""
    lines: dict[str, None] = {}
    for track in _list(value):
        words = [
            clean_text(track.get("language"), max_length=SHORT_MAX).capitalize(),
            clean_text(track.get("codec"), max_length=SHORT_MAX),
            clean_text(track.get("channels"), max_length=SHORT_MAX),
        ]
        line = " ".join(word for word in words if word)
        comment = clean_text(track.get("comment"), max_length=SHORT_MAX)
        if line:
            lines[f"{line} ({comment})" if comment else line] = None
    return tuple(lines)


def _subtitles(value: Any) -> tuple[str, ...]:
    """ "English", "English (for the hearing impaired)", each once."""
    lines: dict[str, None] = {}
    for track in _list(value):
        language = clean_text(track.get("language"), max_length=SHORT_MAX).capitalize()
        comment = clean_text(track.get("comment"), max_length=SHORT_MAX)
        if language:
            lines[f"{language} ({comment})" if comment else language] = None
    return tuple(lines)
