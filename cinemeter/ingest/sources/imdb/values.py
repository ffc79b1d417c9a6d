"""The cells of an IMDb row: `\\N` for no value, ids, whole numbers, years, text cut to its
column's length, array cells and the JSON list of characters, each checked or refused with a
`_RowError` that the parser turns into a `Rejected`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from cinemeter.catalog.bulk import Ref

SOURCE = "imdb"
NULL = "\\N"

# Field lengths of the catalogue's columns: longer values are cut, not refused.
TITLE_LENGTH = 300
NAME_LENGTH = 200
JOB_LENGTH = 100
CHARACTER_LENGTH = 500
AKA_KIND_LENGTH = 40
REGION_LENGTH = 4
LANGUAGE_LENGTH = 8

# Years the catalogue accepts (Title's check constraint; a person's year is a small integer).
TITLE_YEARS = (1870, 2200)
PERSON_YEARS = (0, 2200)
SMALL_INT_MAX = 32767  # season numbers are PositiveSmallIntegerField
INT_MAX = 2_147_483_647


class _RowError(Exception):
    """A cell is unusable; the parser turns it into a `Rejected`."""


def _values(cells: Sequence[str]) -> list[str | None]:
    if "\x00" in "".join(cells):
        raise _RowError("the row contains a NUL character")
    return [None if value == NULL else value for value in cells]


# 620,000 ids in the sample's seven files: one C-level match each, and the Ref built without
# the named tuple's Python-level __new__ (it only packs the two values).
_TITLE_ID = re.compile(r"tt[0-9]+").fullmatch
_NAME_ID = re.compile(r"nm[0-9]+").fullmatch
_new_tuple = tuple.__new__


def _id_error(value: str | None, column: str) -> _RowError:
    if not value:
        return _RowError(f"{column} is empty")
    return _RowError(f"{column} {value!r} is not an IMDb id")


def _checked_id(value: str | None, match: Callable[[str], object], column: str) -> str:
    """The id itself (for a staged row), if it is one."""
    if value and match(value):
        return value
    raise _id_error(value, column)


def _title_id(value: str | None, column: str = "tconst") -> Ref:
    if value and _TITLE_ID(value):
        return _new_tuple(Ref, (SOURCE, value))
    raise _id_error(value, column)


def _name_id(value: str | None, column: str = "nconst") -> Ref:
    if value and _NAME_ID(value):
        return _new_tuple(Ref, (SOURCE, value))
    raise _id_error(value, column)


def _int(value: str | None, column: str, low: int = 0, high: int = INT_MAX) -> int | None:
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit():
        raise _RowError(f"{column} {value!r} is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise _RowError(f"{column} {number} is outside {low}–{high}")
    return number


def _year(value: str | None, column: str, years: tuple[int, int]) -> int | None:
    if value is not None and (not value.isascii() or not value.isdigit()):
        raise _RowError(f"{column} {value!r} is not a year")
    return _int(value, column, *years)


def _text(value: str | None, length: int) -> str:
    if not value:
        return ""
    value = value.strip()
    return value if len(value) <= length else value[: length - 1] + "…"


def _required_text(value: str | None, column: str, length: int) -> str:
    text = _text(value, length)
    if not text:
        raise _RowError(f"{column} is empty")
    return text


def _list(value: str | None) -> list[str]:
    """An IMDb array cell ("Crime,Drama"); duplicates dropped, order kept."""
    if not value:
        return []
    items = value.split(",")
    if " " in value:
        items = [item.strip() for item in items]
    unique = dict.fromkeys(items)
    unique.pop("", None)
    return list(unique)


def _job(text: str | None) -> str:
    text = _text(text, JOB_LENGTH)
    return text[:1].upper() + text[1:]


def parse_characters(value: str | None) -> str:
    """IMDb's JSON list of characters (`["Maya","Herself"]`) as "Maya / Herself".

    Some copies of the file were re-written CSV-style (`"[""Self""]"`); that quoting is undone
    first. Anything that is not a JSON list of names is an error.
    """
    if not value:
        return ""
    text = value
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    try:
        names = json.loads(text)
    except json.JSONDecodeError as error:
        raise _RowError(f"characters is not valid JSON ({error.msg}): {value[:80]!r}") from None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise _RowError(f"characters is not a JSON list of names: {value[:80]!r}")
    unique = dict.fromkeys(name.strip() for name in names if name.strip())
    return _text(" / ".join(unique), CHARACTER_LENGTH)
