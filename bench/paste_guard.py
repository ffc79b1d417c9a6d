"""Paste-guard benchmark: how long does checking one message take against N known texts?

    .venv/bin/python bench/paste_guard.py [--texts 100000] [--database-url postgres://…]

Migrates a fresh SQLite file (or the database named), stores N synthetic texts (60 words
each from a 50,000-word vocabulary) with signatures from the real fingerprinting code, then
times `paste_guard.find_copies` (signature, the one indexed candidate query, the comparisons)
for messages that copy a stored text and for original ~1,500-character ones, and the lookup
alone (query and comparisons for a ready signature). Prints medians and 95th percentiles.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = [f"w{n:05d}" for n in range(50_000)]
BATCH = 5_000
rng = random.Random(7)  # noqa: S311  (reproducible synthetic text)


def text(words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def fill(count: int) -> list[str]:
    """Store `count` texts (plain executemany: the ORM's bulk_create would dominate the run);
    return every thousandth text, to copy later.
    """
    from django.db import connection, transaction

    from cinemeter.community.models import TextBand, TextFingerprint
    from cinemeter.community.paste_guard import guard as paste_guard

    TextFingerprint.objects.all().delete()
    prints_table = connection.ops.quote_name(TextFingerprint._meta.db_table)
    bands_table = connection.ops.quote_name(TextBand._meta.db_table)
    kept: list[str] = []
    for start in range(0, count, BATCH):
        prints: list[tuple[int, str, int, bytes, int]] = []
        bands: list[tuple[int, int, int]] = []
        for n in range(start, min(start + BATCH, count)):
            body = text(60)
            if n % 1000 == 0:
                kept.append(body)
            found = paste_guard.Fingerprint.of(body)
            if found is None:
                raise SystemExit("a synthetic text was too short")
            prints.append(
                (n + 1, "article", n, paste_guard._SIGNATURE.pack(*found.sig), found.size)
            )
            bands.extend(
                (n + 1, band_no, band_hash)
                for band_no, band_hash in enumerate(paste_guard.band_hashes(found.sig))
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {prints_table} (id, source_kind, source_id, signature,"  # noqa: S608
                " shingle_count) VALUES (%s, %s, %s, %s, %s)",
                prints,
            )
            cursor.executemany(
                f"INSERT INTO {bands_table} (fingerprint_id, band_no, band_hash)"  # noqa: S608
                " VALUES (%s, %s, %s)",
                bands,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return kept


def timed(function: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    begin = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - begin) * 1000, result


def measure(kept: list[str], runs: int) -> dict[str, list[float]]:
    from cinemeter.community.paste_guard import guard as paste_guard

    copies = [body + " " + text(10) for body in kept]
    originals = [text(250) for _ in kept]
    report: dict[str, list[float]] = {"copy": [], "original": [], "lookup only": []}
    for run in range(runs):
        elapsed, found = timed(paste_guard.find_copies, copies[run % len(copies)])
        if not found:
            raise SystemExit("a copy of a stored text was not found")
        report["copy"].append(elapsed)
        elapsed, found = timed(paste_guard.find_copies, originals[run % len(originals)])
        if found:
            raise SystemExit("an original text was reported as a copy")
        report["original"].append(elapsed)
        ready = paste_guard.Fingerprint.of(copies[run % len(copies)])
        elapsed, found = timed(paste_guard.fingerprint_matches, ready)
        if not found:
            raise SystemExit("the lookup missed a copy")
        report["lookup only"].append(elapsed)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{folder.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    kept = fill(options.texts)
    filled = time.perf_counter() - started
    report = measure(kept, options.runs)
    print(f"{connection.vendor}: {options.texts:,} texts stored in {filled:.1f} s")  # noqa: T201
    print("| check | median ms | p95 ms |")  # noqa: T201
    print("|---|---:|---:|")  # noqa: T201
    for name, times in report.items():
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"| {name} | {statistics.median(times):.2f} | {p95:.2f} |")  # noqa: T201
    folder.cleanup()


if __name__ == "__main__":
    main()
