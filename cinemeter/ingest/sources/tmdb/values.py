"""Values of a TMDb row or document: text, numbers, ids, dates, a language, countries and
image paths, each cleaned (text cut to its column's length) or refused with the `RowError`
that names the field; and that error itself.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any

# Field lengths of the catalogue's columns: longer text is cut, never sent to the database.
TITLE_MAX, TAGLINE_MAX, NAME_MAX, JOB_MAX, CHARACTER_MAX, NOTE_MAX = 300, 300, 200, 100, 500, 200
LANGUAGE_MAX = 8
INTEGER_MAX, SMALL_MAX = 2_147_483_647, 32_767  # PostgreSQL's integer and smallint

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")


class RowError(ValueError):
    """A row or document that cannot be imported; the message is the reason."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


def _json_cell(text: str, column: str) -> list[dict[str, Any]]:
    """A CSV cell holding a JSON array of objects; an empty cell is an empty list."""
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise RowError(f"{column}: not valid JSON: {error.msg} (character {error.pos})") from None
    except RecursionError:
        raise RowError(f"{column}: not valid JSON: nested too deeply") from None
    return _items(value, column)


def _items(value: Any, what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RowError(f"{what}: expected a list of objects")
    return value


def _names(items: list[dict[str, Any]], what: str) -> list[str]:
    return [name for item in items if (name := _text(item.get("name"), what, max_length=NAME_MAX))]


def _clean(text: str) -> str:
    """Text the databases accept: no NUL characters, no lone surrogates from JSON escapes."""
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text.strip()


def _cut(text: str, max_length: int) -> str:
    return text if len(text) <= max_length else text[: max_length - 1].rstrip() + "…"


def _text(value: Any, what: str, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(f"{what}: expected text, found {json.dumps(value)[:40]}")
    text = _clean(value)
    return _cut(text, max_length) if max_length else text


def _title(value: Any, what: str) -> str:
    text = _text(value, what)
    if not text:
        raise RowError(f"{what} is empty")
    if len(text) > TITLE_MAX:
        raise RowError(f"{what} is longer than {TITLE_MAX} characters")
    return text


def _number(value: Any, what: str) -> float | None:
    """A JSON number or the text of one; empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RowError(f"{what}: {json.dumps(value)[:40]} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{what}: {value!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise RowError(f"{what}: {value!r} is not a positive number")
    return number


def _count(value: Any, what: str, *, maximum: int = INTEGER_MAX) -> int | None:
    """A whole number of something (votes, an order, a season number) its column can hold."""
    number = _number(value, what)
    if number is None:
        return None
    if number != int(number):
        raise RowError(f"{what}: {value!r} is not a whole number")
    if number > maximum:
        raise RowError(f"{what}: {value!r} is more than {maximum:,}")
    return int(number)


def _minutes(value: Any, what: str) -> int | None:
    number = _number(value, what)
    if number is None or round(number) == 0:
        return None  # TMDb writes 0 for "unknown"
    if number > 10_000:
        raise RowError(f"{what}: {value!r} minutes is not a runtime")
    return round(number)


def _tmdb_id(value: Any, what: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
        return str(int(value))
    if value in (None, ""):
        raise RowError(f"{what} is empty")
    raise RowError(f"{what}: {json.dumps(value)[:40]} is not a TMDb id")


def _date(value: Any, what: str) -> datetime.date | None:
    """An ISO date, or the date part of an ISO timestamp ("2014-10-22T16:00:01.000Z")."""
    text = _text(value, what)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(f"{what}: {text[:40]!r} is not a date") from None


def _year(date: datetime.date | None, what: str) -> int | None:
    if date is None:
        return None
    if not 1870 <= date.year <= 2200:
        raise RowError(f"{what}: {date.year} is not a plausible year")
    return date.year


def _language(value: Any) -> str:
    text = _text(value, "original_language")
    if text and not _LANGUAGE.match(text):
        raise RowError(f"original_language: {text[:20]!r} is not a language code")
    return text


def _countries(value: Any) -> tuple[tuple[str, str], ...]:
    countries: dict[str, str] = {}
    for item in _items(value, "production_countries"):
        code = _text(item.get("iso_3166_1"), "production_countries iso_3166_1")
        if not _COUNTRY.match(code):
            raise RowError(f"production_countries: {code!r} is not an ISO 3166-1 country code")
        countries.setdefault(
            code, _text(item.get("name"), "production_countries name", max_length=100)
        )
    return tuple(countries.items())


def _image_path(value: Any, what: str) -> str:
    path = _text(value, what, max_length=400)
    if path and not path.startswith("/"):
        raise RowError(f"{what}: {path[:40]!r} is not a TMDb image path")
    return path
