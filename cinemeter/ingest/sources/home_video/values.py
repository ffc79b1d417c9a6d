"""The values the home-video sources share, read the way the site stores them.

- **Text**: NUL characters and lone surrogates removed, UTF-8 read as Latin-1 repaired
  ("AmÃ©lie" is "Amélie"), U+0589 ARMENIAN FULL STOP used as a colon made a colon, runs of
  whitespace one space, and cut to the column's length.
- **Formats**: "DVD", "Blu-ray" / "Blu-Ray" / "BD", "UHD" / "4K" ... as `EditionFormat`;
  anything else is an unknown format and refuses its release.
- **Features**: the kind of an extra from the source's type (TheDiscDb's `Extra`,
  `Featurette`, ... also in German) and words of its title ("Interview with ...",
  "TV Spot #1", "Deleted Scenes", "Photo Gallery"); disc furniture (logos, warnings, menus)
  is not a feature.
- **Dates**: ISO dates and timestamps read as the date written (an offset does not move it to
  another day); the placeholder "0001-01-01" is no date.
- **Barcodes**: digits only, a "EAN:" / "UPC:" prefix and spaces dropped; 8, 12, 13 or 14
  digits, or it is refused.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache

from babel import Locale

from cinemeter.ingest.sources.home_video.records import ParseError
from cinemeter.releases.editions.models import EditionFormat, FeatureKind

TITLE_MAX, NAME_MAX, LINE_MAX, SHORT_MAX = 300, 200, 120, 60

_SPACES = re.compile(r"\s+")
# Two or three characters of UTF-8 read as Latin-1 / cp1252: "Ã©" for "é", "â€™" for "’".
# A lead byte of a two-byte sequence (as Latin-1) followed by a continuation byte (as Latin-1
# or as the cp1252 character in its place).
_LEAD = "ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîï"
_CONTINUATION = "\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
_MOJIBAKE = re.compile(f"[{_LEAD}][{_CONTINUATION}\u02c6\u02dc]")


def clean_text(value: object, *, max_length: int = TITLE_MAX) -> str:
    """Text as the site stores it (module docstring); not text at all is ""."""
    if not isinstance(value, str):
        return ""
    text = value.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    text = unicodedata.normalize("NFC", repair_mojibake(text)).replace("\u0589", ":")
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= max_length else text[: max_length - 1].rstrip() + "…"


def repair_mojibake(text: str) -> str:
    """UTF-8 that was read as Latin-1 (or Windows-1252) back as what it said; text that only
    looks so ("Ãlvaro" is not a pair) stays as it is."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def duration_seconds(value: object) -> int | None:
    """ "1:14:02", "01:14:02" or "14:02" as seconds; "", "00:00:00" and nonsense are unknown."""
    if not isinstance(value, str) or not value.strip():
        return None
    parts = value.strip().split(":")
    if len(parts) > 3 or not all(part.isdigit() for part in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds or None


def whole_number(value: object) -> int | None:
    """An index that is an int, a string of digits ("3") or nothing ("", None)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def gtin(value: object, *, what: str) -> str:
    """A barcode as digits; empty is ""; anything that is not 8, 12, 13 or 14 digits refuses
    the release."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ParseError(f"{what}: {value!r} is not a barcode")
    text = re.sub(r"^(EAN|UPC|GTIN|JAN)\s*:?", "", value.strip(), flags=re.IGNORECASE)
    text = text.replace(" ", "").replace("-", "")
    if not text:
        return ""
    if not text.isdigit() or len(text) not in (8, 12, 13, 14):
        raise ParseError(
            f"{what}: {value.strip()[:30]!r} is not a barcode (8, 12, 13 or 14 digits)"
        )
    return text


def iso_date(value: object, *, what: str) -> datetime.date | None:
    """The date an ISO date or timestamp writes ("2021-01-19T00:00:00+01:00" is 19 January,
    whatever the offset); "0001-01-01..." is a placeholder for "unknown"."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ParseError(f"{what}: {value!r} is not a date")
    try:
        day = datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ParseError(f"{what}: {value.strip()[:40]!r} is not a date") from None
    return None if day.year < 1800 else day


# --- Formats -------------------------------------------------------------------------------

_FORMATS = {
    "dvd": EditionFormat.DVD,
    "blu-ray": EditionFormat.BLU_RAY,
    "bluray": EditionFormat.BLU_RAY,
    "bd": EditionFormat.BLU_RAY,
    "uhd": EditionFormat.UHD,
    "4k": EditionFormat.UHD,
    "4k uhd": EditionFormat.UHD,
    "uhd blu-ray": EditionFormat.UHD,
    "4k uhd blu-ray": EditionFormat.UHD,
    "vhs": EditionFormat.VHS,
    "laserdisc": EditionFormat.LASERDISC,
    "laser disc": EditionFormat.LASERDISC,
}
# A release of several formats is known by its best one: a 4K set holds a Blu-ray too.
FORMAT_RANK = {
    EditionFormat.VHS: 0,
    EditionFormat.LASERDISC: 1,
    EditionFormat.DVD: 2,
    EditionFormat.BLU_RAY: 3,
    EditionFormat.UHD: 4,
    EditionFormat.DIGITAL: -1,
}


def edition_format(value: object, *, what: str) -> str:
    """The site's format for a source's spelling of it; an unknown one refuses the release."""
    text = value.strip().casefold().replace("_", " ") if isinstance(value, str) else ""
    found = _FORMATS.get(text)
    if found is None:
        shown = value.strip()[:30] if isinstance(value, str) else value
        raise ParseError(f"{what}: unknown format {shown!r} (DVD, Blu-ray, UHD, VHS, LaserDisc)")
    return str(found)


def best_format(formats: list[str]) -> str:
    return max(formats, key=lambda f: FORMAT_RANK[EditionFormat(f)])


# --- Features ------------------------------------------------------------------------------

# TheDiscDb's item types (and their German names on German-language entries) as what the
# item is: the film itself, an episode of it, or an extra of a kind (None: decided by title).
MAIN, EPISODE = "main", "episode"
ITEM_TYPES: dict[str, str | None] = {
    "mainmovie": MAIN,
    "hauptfilm": MAIN,
    "episode": EPISODE,
    "folge": EPISODE,
    "extra": None,
    "extras": None,
    "bonus": None,
    "bonusmaterial": None,
    "featurette": None,
    "interview": FeatureKind.INTERVIEW,
    "trailer": FeatureKind.TRAILER,
    "vorschau": FeatureKind.TRAILER,
    "deletedscene": FeatureKind.DELETED_SCENES,
    "deletedscenes": FeatureKind.DELETED_SCENES,
    "entfalleneszene": FeatureKind.DELETED_SCENES,
    "entfalleneszenen": FeatureKind.DELETED_SCENES,
    "geschnitteneszenen": FeatureKind.DELETED_SCENES,
    "scene": FeatureKind.OTHER,
    "szene": FeatureKind.OTHER,
    "music": FeatureKind.OTHER,
    "musik": FeatureKind.OTHER,
    "short": FeatureKind.SHORT,
    "kurzfilm": FeatureKind.SHORT,
    "other": FeatureKind.OTHER,
    "sonstiges": FeatureKind.OTHER,
    "andere": FeatureKind.OTHER,
}

# Words of a title that say what an extra is, in English and German, checked in this order.
_TITLE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"\bcommentary\b|\bkommentar\b", FeatureKind.COMMENTARY),
        (r"\btv[- ]spots?\b", FeatureKind.TV_SPOTS),
        (r"\bdeleted scenes?\b|\bentfallene szenen?\b", FeatureKind.DELETED_SCENES),
        (r"\binterview\b|\bconversation with\b|\bq ?& ?a\b", FeatureKind.INTERVIEW),
        (r"\b(photo|still|image)? ?galler(y|ie)\b|\bscrapbook\b", FeatureKind.STILL_GALLERY),
        (r"\bdocumentary\b|\bdokumentation\b", FeatureKind.DOCUMENTARY),
        (r"\bmusi[ck] ?video\b|\bsing-along\b", FeatureKind.OTHER),
        (r"\banimated short\b|\bshort film\b|\bkurzfilm\b", FeatureKind.SHORT),
        (r"\bfeaturette\b|\bmaking[- ]of\b", FeatureKind.FEATURETTE),
    )
)
# What a disc plays that is not a feature: studio logos, warnings, menus, blanks.
_FURNITURE = re.compile(
    r"^(\w+ )?(logo|ident|warning|disclaimer|copyright|blank|background|menu|main menu"
    r"|main menu loop|menu loop)( \w+)?$",
    re.IGNORECASE,
)


def item_type(value: object, *, what: str) -> str | None:
    """A TheDiscDb item type as MAIN, EPISODE, a FeatureKind, or None ("by its title"); an
    unknown type refuses the release."""
    key = re.sub(r"[\s_-]", "", value.casefold()) if isinstance(value, str) else ""
    if key not in ITEM_TYPES:
        raise ParseError(f"{what}: unknown item type {value!r}")
    return ITEM_TYPES[key]


def feature_kind(title: str, *, default: str) -> str:
    """The kind an extra's title names, else `default`."""
    for pattern, kind in _TITLE_KINDS:
        if pattern.search(title):
            return kind
    return default


def is_furniture(title: str) -> bool:
    """A logo, a warning, a menu: played by the disc, not an extra."""
    return bool(_FURNITURE.match(title.strip()))


# --- Places and languages ------------------------------------------------------------------


@cache
def _territories() -> dict[str, str]:
    names = {name.casefold(): code for code, name in Locale("en").territories.items()}
    names.update({"uk": "GB", "great britain": "GB", "usa": "US", "america": "US"})
    return {name: code for name, code in names.items() if re.fullmatch(r"[A-Z]{2}", code)}


def country_code(territory: object) -> str:
    """ "United Kingdom" -> "GB"; an unknown or empty territory is ""."""
    if not isinstance(territory, str):
        return ""
    return _territories().get(territory.strip().casefold(), "")


def locale_country(locale: object) -> str:
    """The country of a locale ("en-us" -> "US", "en-GB" -> "GB"); a bare language ("de")
    names none."""
    if not isinstance(locale, str):
        return ""
    match = re.fullmatch(r"[A-Za-z]{2,3}[-_]([A-Za-z]{2})", locale.strip())
    return match[1].upper() if match else ""


# ISO 639-2 has two codes for some languages (B and T): both are used ("fre" on DVDs, "fra"
# on Blu-rays), so one language is counted once.
_BIBLIOGRAPHIC = {
    "fre": "fra",
    "ger": "deu",
    "dut": "nld",
    "chi": "zho",
    "cze": "ces",
    "gre": "ell",
    "ice": "isl",
    "per": "fas",
    "rum": "ron",
    "slo": "slk",
    "tib": "bod",
    "wel": "cym",
    "arm": "hye",
    "baq": "eus",
    "bur": "mya",
    "geo": "kat",
    "mac": "mkd",
    "may": "msa",
    "alb": "sqi",
}
UNDETERMINED = {"und", "mis", "mul", "zxx"}


def language_key(code: object, name: object) -> str:
    """One key per language whichever ISO 639-2 code or name a track gives."""
    if isinstance(code, str) and code.strip():
        code = code.strip().casefold()
        return _BIBLIOGRAPHIC.get(code, code)
    return clean_text(name, max_length=SHORT_MAX).casefold()
