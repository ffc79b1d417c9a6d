"""Streaming readers for the delimited files the sources publish (TSV, CSV, gzipped or not).

Rows are yielded one at a time with their line number, so memory stays flat whatever the
file's size. Every way a file can be broken becomes a SourceFileError naming the file.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Literal, NamedTuple, TypedDict, Unpack

from cinemeter.ingest.errors import SourceFileError

# Some sources (TMDb's JSON columns) hold cells far larger than csv's 128 KB default.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class Row(NamedTuple):
    """A data row: its line number and its cells by column name (a tuple: millions are made)."""

    line: int
    values: dict[str, str]


def open_text(path: Path, *, encoding: str = "utf-8") -> IO[str]:
    """The file as text (UTF-8 unless told otherwise), un-gzipped when it ends in .gz."""
    if not path.is_file():
        raise SourceFileError(path, "no such file")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def _encoding_label(encoding: str) -> str:
    """ "UTF-8" for every spelling of it (with or without a BOM), else the codec's own name."""
    name = codecs.lookup(encoding).name
    return "UTF-8" if name in ("utf-8", "utf-8-sig") else name


class FileFormat(TypedDict, total=False):
    """How a file is written, as `read_fields` takes it (its defaults: IMDb's TSV)."""

    delimiter: str
    quoting: Literal[0, 1, 2, 3]
    encoding: str
    fieldnames: Sequence[str] | None


def read_rows(path: Path, *, required: Sequence[str], **form: Unpack[FileFormat]) -> Iterator[Row]:
    """Yield each data row of a delimited file as a dict keyed by the header's names.

    The header must contain every `required` column. A row with the wrong number of fields is
    yielded with the extra key "__error__" so the caller can reject it with its line number.
    A file without a header row (MovieLens 100K's u.data) is read with `fieldnames`: the rows
    are keyed by those names and the first line is data.
    """
    rows = read_fields(path, required=required, **form)
    _, header = next(rows)
    width = len(header)
    for line, fields in rows:
        if len(fields) != width:
            yield Row(line, {"__error__": width_error(width, fields)})
        else:
            yield Row(line, dict(zip(header, fields, strict=True)))


def width_error(width: int, fields: Sequence[str]) -> str:
    return f"expected {width} fields, found {len(fields)}"


def read_fields(
    path: Path,
    *,
    required: Sequence[str],
    delimiter: str = "\t",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_NONE,
    encoding: str = "utf-8",
    fieldnames: Sequence[str] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """The file's header, then each data row, as (line number, fields) pairs.

    Plain lists, no dicts: the set-based importers pick cells by position. A row whose length
    differs from the header's is yielded as it is; the caller rejects it. `required` and
    `fieldnames` as in `read_rows`.
    """
    line = 1 if fieldnames is None else 0
    try:
        with open_text(path, encoding=encoding) as handle:
            reader = csv.reader(handle, delimiter=delimiter, quoting=quoting, strict=True)
            if fieldnames is None:
                header = next(reader, None)
                if header is None:
                    raise SourceFileError(path, "the file is empty (no header row)")
            else:
                header = list(fieldnames)
            missing = [name for name in required if name not in header]
            if missing:
                raise SourceFileError(
                    path,
                    f"the header lacks {', '.join(missing)} (found: {', '.join(header)})",
                    line=1,
                )
            yield line, header
            for fields in reader:
                line = reader.line_num
                if fields:
                    yield line, fields
    except UnicodeDecodeError as error:
        raise SourceFileError(
            path, f"not valid {_encoding_label(encoding)} ({error.reason})", line=line + 1
        ) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise SourceFileError(
            path, f"the gzip data is truncated or corrupt ({error})", line=line + 1
        ) from None
    except csv.Error as error:
        raise SourceFileError(path, f"malformed row ({error})", line=line + 1) from None
