"""The paste guard: is a long message mostly a copy of a text the site already knows?

Texts become sets of word shingles (runs of `SHINGLE_WORDS` words), and each set a MinHash
signature: for each of `NUM_PERM` fixed hash functions, the smallest hash of any
shingle. Two signatures agree in a slot with probability equal to the sets' Jaccard
similarity. Locality-sensitive hashing then cuts the signature into `BANDS` bands of `ROWS`
slots and stores one hash per band in `TextBand`; texts sharing a band hash are candidates,
found with one indexed query whatever the number of known texts, and only those candidates'
signatures are compared. With 40 bands of 3 rows a pair at Jaccard 0.4 is a candidate 94% of
the time, a pair at 0.1 about 4%.

The hash functions are SHAKE-128 with a fixed salt, so results are the same on every run and
in every process.
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from cinemeter.community.messages.models import Message, MessageStatus
from cinemeter.community.paste_guard.models import TextBand, TextFingerprint, TextSourceKind

SHINGLE_WORDS = 4
BANDS = 40
ROWS = 3
NUM_PERM = BANDS * ROWS
# Fixed, so signatures stored by one process compare with those any other process makes.
_SALT = b"cinemeter-paste-guard-1:"
_SIGNATURE = struct.Struct(f">{NUM_PERM}I")
_WORD = re.compile(r"\w+")
if array("I").itemsize != 4:  # pragma: no cover  (true on every platform Python supports)
    raise ImportError("the paste guard needs 4-byte unsigned ints")


def shingles(text: str) -> set[bytes]:
    """The text's runs of SHINGLE_WORDS words, case and punctuation ignored."""
    words = _WORD.findall(text.casefold())
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(found: set[bytes]) -> tuple[int, ...]:
    """The MinHash signature of a shingle set: NUM_PERM unsigned 32-bit values.

    SHAKE-128 stretches each shingle into NUM_PERM independent 32-bit hashes in one C call,
    an array reads them all at once, and each slot's minimum is a C-level slice and min: a
    1,700-word message takes about 12 ms, a Python loop over (a·x + b) mod p per slot ~80.
    """
    values = array("I", b"".join([_hashes(shingle) for shingle in found]))
    if sys.byteorder == "little":
        values.byteswap()  # read as big-endian, so every machine computes the same numbers
    return tuple(min(values[slot::NUM_PERM]) for slot in range(NUM_PERM))


def _hashes(shingle: bytes) -> bytes:
    return hashlib.shake_128(_SALT + shingle).digest(_SIGNATURE.size)


def band_hashes(sig: tuple[int, ...]) -> list[int]:
    """One signed 64-bit hash per band (it fits a BigIntegerField on every database)."""
    packed = _SIGNATURE.pack(*sig)
    width = ROWS * 4
    return [
        int.from_bytes(
            hashlib.blake2b(packed[i * width : (i + 1) * width], digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(BANDS)
    ]


def jaccard(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """The share of agreeing slots: an estimate of the two texts' Jaccard similarity."""
    return sum(1 for x, y in zip(first, second, strict=True) if x == y) / NUM_PERM


@dataclass(frozen=True)
class Fingerprint:
    sig: tuple[int, ...]
    size: int  # shingles in the text

    @classmethod
    def of(cls, text: str) -> Fingerprint | None:
        hashes = shingles(text)
        return cls(signature(hashes), len(hashes)) if hashes else None


@dataclass(frozen=True)
class Match:
    source_kind: str
    source_id: int
    jaccard: float
    shared: float  # estimated shingles in common
    overlap: float  # shared / the smaller text's shingles


def compare(text: Fingerprint, known: Fingerprint, kind: str = "", source_id: int = 0) -> Match:
    """How much two texts share. From the Jaccard estimate J and both sizes, the shared part is
    J(|A| + |B|) / (1 + J); dividing by the smaller size also catches a short source pasted
    into a longer message, or a part of a long source pasted alone, where J stays low.
    """
    j = jaccard(text.sig, known.sig)
    shared = j * (text.size + known.size) / (1 + j)
    return Match(kind, source_id, j, shared, shared / min(text.size, known.size))


def is_copy(match: Match) -> bool:
    return match.jaccard >= settings.PASTE_GUARD_SIMILARITY or (
        match.overlap >= settings.PASTE_GUARD_SIMILARITY
        and match.shared >= settings.PASTE_GUARD_MIN_SHARED_SHINGLES
    )


@cache
def _candidates_sql(vendor: str) -> str:
    """The candidate query, built once: compiling a 40-branch OR through the ORM on every
    check costs more than running it. Only quoted table names are formatted in.
    """
    ops = connections[DEFAULT_DB_ALIAS].ops
    bands = " OR ".join(["(band_no = %s AND band_hash = %s)"] * BANDS)
    return (
        f"SELECT source_kind, source_id, signature, shingle_count, owner_id"  # noqa: S608
        f" FROM {ops.quote_name(TextFingerprint._meta.db_table)} WHERE id IN"
        f" (SELECT fingerprint_id FROM {ops.quote_name(TextBand._meta.db_table)}"
        f" WHERE {bands})"
    )


def fingerprint_matches(mine: Fingerprint, *, exclude_owner_id: int | None = None) -> list[Match]:
    """Every indexed text sharing a band with this fingerprint, compared with it. One query:
    the candidates through the (band_no, band_hash) index, their signatures included.
    """
    params = [value for pair in enumerate(band_hashes(mine.sig)) for value in pair]
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(_candidates_sql(connection.vendor), params)
        rows = cursor.fetchall()
    return [
        compare(mine, Fingerprint(_SIGNATURE.unpack(bytes(packed)), size), kind, source_id)
        for kind, source_id, packed, size, owner_id in rows
        # Texts without an owner (plots) always count.
        if exclude_owner_id is None or owner_id != exclude_owner_id
    ]


def find_copies(
    text: str, *, exclude_owner_id: int | None = None, also: Iterable[tuple[str, int, str]] = ()
) -> list[Match]:
    """The known texts this text copies, best first: the indexed candidates, compared exactly.

    `also` names extra (kind, id, text) sources compared directly, such as the plot of the
    title the message is about, which may have changed since it was indexed.
    """
    mine = Fingerprint.of(text)
    if mine is None:
        return []
    matches = fingerprint_matches(mine, exclude_owner_id=exclude_owner_id)
    seen = {(m.source_kind, m.source_id) for m in matches}
    for kind, source_id, other in also:
        known = Fingerprint.of(other)
        if known is not None and (kind, source_id) not in seen:
            matches.append(compare(mine, known, kind, source_id))
    return sorted((m for m in matches if is_copy(m)), key=lambda m: -m.overlap)


@transaction.atomic
def fingerprint_store(
    *, source_kind: str, source_id: int, text: str, owner_id: int | None = None
) -> bool:
    """Index (or re-index) one known text; False when it is too short to fingerprint."""
    fingerprint_remove(source_kind=source_kind, source_id=source_id)
    found = Fingerprint.of(text)
    if found is None:
        return False
    row = TextFingerprint.objects.create(
        source_kind=source_kind,
        source_id=source_id,
        owner_id=owner_id,
        signature=_SIGNATURE.pack(*found.sig),
        shingle_count=found.size,
    )
    TextBand.objects.bulk_create(
        TextBand(fingerprint=row, band_no=band_no, band_hash=band_hash)
        for band_no, band_hash in enumerate(band_hashes(found.sig))
    )
    return True


def fingerprint_remove(*, source_kind: str, source_id: int) -> None:
    """Forget one text; its bands go with it (CASCADE)."""
    TextFingerprint.objects.filter(source_kind=source_kind, source_id=source_id).delete()


def message_fingerprint_update(message: Message) -> None:
    """Published messages are known texts for the paste guard; held, hidden or deleted ones
    are not (a held message is exactly the suspected copy).
    """
    if message.status == MessageStatus.PUBLISHED and message.deleted_at is None:
        fingerprint_store(
            source_kind=TextSourceKind.MESSAGE,
            source_id=message.pk,
            text=message.source,
            owner_id=message.author_id,
        )
    else:
        fingerprint_remove(source_kind=TextSourceKind.MESSAGE, source_id=message.pk)
