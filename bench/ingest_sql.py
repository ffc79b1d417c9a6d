"""Where an IMDb import's time goes: inside SQLite, per statement and table, or in Python.

    .venv/bin/python bench/ingest_sql.py [--data ../shared/data] [--limit N]

Migrates a fresh SQLite file, runs `ingest_imdb` on the `head-50k-2025` sample in this
process with a wrapper around every statement the import sends, and prints the seconds spent
in each kind of statement per table, beside the whole run's. What is left is Python: parsing,
matching records to rows, building parameters. The SQL part is the floor the catalogue's
schema (its indexes, constraints and foreign keys) sets for any importer written over it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_TABLE = re.compile(r'(?:INTO|FROM|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def _label(sql: str, many: bool) -> str:
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    table = _TABLE.search(sql)
    return f"{verb}{' (executemany)' if many else ''} {table.group(1) if table else ''}".strip()


def _profile(data: Path, limit: int | None) -> tuple[float, dict[str, list[float]]]:
    """The import's seconds and, per statement label, [count, seconds]."""
    import django  # only once the environment names the database
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    spent: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = spent[_label(sql, many)]
            entry[0] += 1
            entry[1] += time.perf_counter() - started

    extra = ["--limit", str(limit)] if limit else []
    with Path(os.devnull).open("w") as quiet, connection.execute_wrapper(timed):
        started = time.perf_counter()
        call_command("ingest_imdb", str(data), *extra, stdout=quiet)
        total = time.perf_counter() - started
    return total, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    imdb = args.data / "imdb-sample" / "head-50k-2025"
    if not imdb.is_dir():
        sys.exit(f"The benchmark reads the IMDb sample under {args.data}.")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.base",
                "DJANGO_SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
                "INGEST_REJECTS_DIR": folder,
            }
        )
        manage = [sys.executable, "manage.py", "migrate", "-v", "0"]
        subprocess.run(manage, cwd=ROOT, env=os.environ, check=True)  # noqa: S603
        sys.path.insert(0, str(ROOT))
        total, spent = _profile(imdb, args.limit)
    in_sql = sum(seconds for _, seconds in spent.values())
    print("| statement | count | seconds |")  # noqa: T201
    print("|---|---:|---:|")  # noqa: T201
    for label, (count, seconds) in sorted(spent.items(), key=lambda item: -item[1][1]):
        if seconds >= 0.01:  # the bookkeeping statements are noise
            print(f"| {label} | {count:,.0f} | {seconds:.2f} |")  # noqa: T201
    print(  # noqa: T201
        f"\nImport {total:.2f} s: {in_sql:.2f} s in SQL statements, "
        f"{total - in_sql:.2f} s in Python."
    )


if __name__ == "__main__":
    main()
