"""Reading MusicBrainz files: one ws/2 JSON lookup, JSON Lines (one entity per line, as in
MusicBrainz's JSON dumps, read line by line) or one ws/2 XML lookup, any of them gzipped.
Each document is handed to `documents.parse_document`; what cannot be read becomes the
`DocumentError` that refuses it.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cinemeter.ingest.readers import open_text
from cinemeter.ingest.sources.musicbrainz.documents import RELEASE, RELEASE_GROUP, parse_document
from cinemeter.ingest.sources.musicbrainz.values import DocumentError
from cinemeter.ingest.sources.musicbrainz.ws2_xml import XmlDocumentError, xml_document
from cinemeter.releases.music.records import AlbumBundle

JSON_SUFFIXES, LINES_SUFFIXES, XML_SUFFIXES = (".json",), (".jsonl", ".ndjson"), (".xml",)
SUFFIXES = (*JSON_SUFFIXES, *LINES_SUFFIXES, *XML_SUFFIXES)


def file_kind(path: Path) -> str | None:
    """ "json", "jsonl" or "xml" by the file's name (plain or .gz), else None."""
    name = path.name.lower().removesuffix(".gz")
    for kind, suffixes in (("json", JSON_SUFFIXES), ("jsonl", LINES_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return "xml" if name.endswith(XML_SUFFIXES) else None


def entity_hint(path: Path) -> str | None:
    """What the path says the file holds: a ws/2 folder (`release-group/<mbid>.json`) or a
    dump's file name (`mbdump/release`). The document's own keys come first."""
    stem = path.name.lower().split(".", 1)[0]
    for name in (path.parent.name.lower(), stem):
        if name in (RELEASE, RELEASE_GROUP):
            return name
    return None


def documents(path: Path, *, limit: int | None = None) -> Iterator[AlbumBundle | DocumentError]:
    """Every document of the file (up to `limit`), parsed or refused."""
    kind, hint = file_kind(path), entity_hint(path)
    if kind == "json":
        try:
            data = _read_json(path)
        except DocumentError as error:
            yield error
            return
        yield _parse_or_error(data, line=1, hint=hint)
    elif kind == "jsonl":
        yield from _json_lines(path, hint=hint, limit=limit)
    elif kind == "xml":
        yield _xml(path)
    else:
        yield DocumentError(
            "not a file ingest_musicbrainz reads (ws/2 lookups as .json or .xml, JSON Lines "
            "as .jsonl; any of them .gz)"
        )


def _parse_or_error(data: Any, *, line: int, hint: str | None) -> AlbumBundle | DocumentError:
    try:
        return parse_document(data, line=line, hint=hint)
    except DocumentError as error:
        error.line = line
        return error


def _read_json(path: Path) -> Any:
    try:
        with open_text(path) as handle:
            return json.load(handle)
    except UnicodeDecodeError as error:
        raise DocumentError(f"not valid UTF-8 ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            line=error.lineno,
        ) from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DocumentError(f"the gzip data is truncated or corrupt ({error})") from None
    except RecursionError:
        raise DocumentError("not valid JSON: nested too deeply") from None


def _json_lines(
    path: Path, *, hint: str | None, limit: int | None
) -> Iterator[AlbumBundle | DocumentError]:
    """One entity per line, read line by line: a dump's size never sits in memory."""
    number = 0
    try:
        with open_text(path) as handle:
            for number, text in enumerate(handle, start=1):
                if limit is not None and number > limit:
                    return
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as error:
                    yield DocumentError(f"not valid JSON: {error.msg}", line=number)
                    continue
                except RecursionError:
                    yield DocumentError("not valid JSON: nested too deeply", line=number)
                    continue
                yield _parse_or_error(data, line=number, hint=hint)
    except UnicodeDecodeError as error:
        yield DocumentError(f"not valid UTF-8 ({error.reason})", line=number + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield DocumentError(f"the gzip data is truncated or corrupt ({error})", line=number + 1)


def _xml(path: Path) -> AlbumBundle | DocumentError:
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read()
        else:
            data = path.read_bytes()
        entity, tree = xml_document(data)
    except XmlDocumentError as error:
        return DocumentError(str(error))
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        return DocumentError(f"the gzip data is truncated or corrupt ({error})")
    return _parse_or_error(tree, line=1, hint=entity)
