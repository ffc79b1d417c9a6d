"""Import benchmark: Cinemeter's importers against a plain sqlite3 executemany of the same rows.

    .venv/bin/python bench/ingest.py [--data ../shared/data] [--repeat N]

For each case it migrates a fresh SQLite file, runs the real `ingest_*` command in a child
process, and reports rows/s (over the import's own time, as the command reports it: its
ImportRun rows' start to finish), the child's CPU seconds and its peak RSS. Beside it stands the
CPU time a bare sqlite3 `executemany` takes to insert the same rows into plain tables, twice:
keyless (the physical limit of this machine) and keyed, each table with its file's natural
unique key (tconst, nconst, (tconst, ordering)...) and inserting with ON CONFLICT DO NOTHING,
the least an idempotent import has to do. A third line re-inserts the rows the import left in
the catalogue's tables into a freshly migrated database (same schema, indexes, constraints):
the least any importer over this schema must do to write what it writes (per source row; the
fastest of the runs). It also runs the IMDb import at 10k rows per file
to show that peak memory does not grow with the file's size. Results go to stdout as a
Markdown table and to bench/results/ingest-<date>.json. On a shared machine `--repeat N`
keeps each case's fastest of N runs (other work only ever makes a run slower).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMDB_FILES = (
    "name.basics.tsv",
    "title.basics.tsv",
    "title.episode.tsv",
    "title.akas.tsv",
    "title.ratings.tsv",
    "title.crew.tsv",
    "title.principals.tsv",
)


def data_rows(path: Path, delimiter: str) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        if delimiter == "\t":
            reader = csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(handle, delimiter=delimiter)
        next(reader)
        yield from reader


# The columns that identify a row of each source file: what an idempotent import must keep
# unique (IMDb's ids, with `ordering` in akas and principals; TMDb's movie id).
NATURAL_KEY_COLUMNS = ("tconst", "nconst", "titleId", "ordering", "id")


def header(path: Path, delimiter: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))


def baseline(
    files: list[Path], delimiter: str, limit: int | None, *, keyed: bool = False
) -> tuple[int, float, float]:
    """Rows, seconds and CPU seconds for sqlite3 to executemany every row of `files` into
    plain tables; `keyed`: each with its file's natural unique key."""
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "plain.sqlite3")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        rows_total = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for index, path in enumerate(files):
            names = header(path, delimiter)
            width = len(names)
            columns = ", ".join(f"c{n}" for n in range(width))
            key = ", ".join(f"c{n}" for n, name in enumerate(names) if name in NATURAL_KEY_COLUMNS)
            unique, conflict = (
                (f", UNIQUE ({key})", " ON CONFLICT DO NOTHING") if keyed else ("", "")
            )
            # Table and column names are generated here, never read from the input.
            create = f"CREATE TABLE t{index} (id INTEGER PRIMARY KEY, {columns}{unique})"
            marks = ", ".join("?" * width)
            insert = f"INSERT INTO t{index} ({columns}) VALUES ({marks}){conflict}"  # noqa: S608
            db.execute(create)
            batch: list[list[str]] = []
            for count, row in enumerate(data_rows(path, delimiter), start=1):
                if limit and count > limit:
                    break
                if len(row) == width:
                    batch.append(row)
                if len(batch) == 2000:
                    with db:
                        db.executemany(insert, batch)
                    rows_total += len(batch)
                    batch = []
            with db:
                db.executemany(insert, batch)
            rows_total += len(batch)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        db.close()
    return rows_total, elapsed, cpu


def migrated_db(folder: str, name: str) -> tuple[Path, dict[str, str]]:
    """A freshly migrated SQLite file in `folder`, and the environment that names it."""
    path = Path(folder) / name
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "bench",
        "DATABASE_URL": f"sqlite:///{path}",
        "INGEST_REJECTS_DIR": folder,
    }
    manage = [sys.executable, "manage.py", "migrate", "-v", "0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True)  # noqa: S603
    return path, env


def _written_tables(imported: sqlite3.Connection, fresh: sqlite3.Connection) -> list[str]:
    """The tables an import filled: rows there, none in a freshly migrated database (whose
    data migrations fill content types and the like), the run's own bookkeeping left out."""
    names = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    tables = []
    for (name,) in imported.execute(names).fetchall():
        if name in ("ingest_importrun", "core_sitecounter", "core_pageversion"):
            continue
        has_rows = f"SELECT EXISTS (SELECT 1 FROM {name})"  # noqa: S608 - names from the file
        if imported.execute(has_rows).fetchone()[0] and not fresh.execute(has_rows).fetchone()[0]:
            tables.append(name)
    return tables


def _regexp(pattern: str | None, value: object) -> bool | None:
    """SQLite's REGEXP as Django defines it."""
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def schema_baseline(imported: Path) -> tuple[float, float]:
    """Seconds and CPU seconds for sqlite3 to executemany the rows a finished import left in
    the catalogue's tables into a freshly migrated database: the same tables, indexes,
    constraints and foreign keys, 2,000 rows per executemany, no Python but the loop.

    This is what "equivalent tables" means for an importer that normalises its files: the
    least any importer over this schema must do to write what this one writes (it still
    skips resolving ids and writing the rejects file). One transaction: the foreign keys are
    checked at commit, so the tables' order does not matter."""
    with tempfile.TemporaryDirectory() as folder:
        path, _ = migrated_db(folder, "schema.sqlite3")
        source, db = sqlite3.connect(imported), sqlite3.connect(path)
        tables = {
            name: source.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()  # noqa: S608
            for name in _written_tables(source, db)
        }
        source.close()
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        # The schema's check constraints call REGEXP, which Django registers on its connections.
        db.create_function("REGEXP", 2, _regexp, deterministic=True)
        started, cpu_started = time.perf_counter(), time.process_time()
        with db:
            for name, rows in tables.items():
                insert = f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})"  # noqa: S608
                for start in range(0, len(rows), 2000):
                    db.executemany(insert, rows[start : start + 2000])
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        db.close()
    return elapsed, cpu


def _schema_seconds(imported: Path) -> tuple[float, float]:
    """`schema_baseline`'s seconds and CPU seconds, measured in a child process: the rows it
    holds would grow this process, and a child started later reports this process's size at
    its fork as its own peak RSS (Linux keeps the pre-exec high-water mark)."""
    command = [sys.executable, __file__, "--schema-line", str(imported)]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)  # noqa: S603
    measured = json.loads(done.stdout)
    return float(measured["seconds"]), float(measured["cpu_seconds"])


def run_import(
    command: list[str], limit: int | None, *, schema_line: bool = False
) -> dict[str, float]:
    """Run one importer in a fresh SQLite file; its rows read, seconds, CPU seconds (its
    own, from `wait4`: on a shared machine wall time also counts other people's work) and
    peak RSS, and the runs' own seconds (from their ImportRun rows); with `schema_line`,
    also `schema_baseline`'s seconds and CPU seconds for what it wrote."""
    with tempfile.TemporaryDirectory() as folder:
        path, env = migrated_db(folder, "bench.sqlite3")
        manage = [sys.executable, "manage.py"]
        extra = ["--limit", str(limit)] if limit else []
        started = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 - our own manage.py
            [*manage, *command, *extra], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
        )
        # wait4 gives this one child's own peak RSS, not the largest of all children.
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(command)} failed")
        peak_kb = usage.ru_maxrss
        db = sqlite3.connect(path)
        read = db.execute("SELECT SUM(read) FROM ingest_importrun").fetchone()[0] or 0
        # The runs' own time, as the command reports it: without the interpreter's and
        # Django's start-up, which no plain-sqlite3 line pays either.
        own = db.execute(
            "SELECT SUM(julianday(finished_at) - julianday(started_at)) FROM ingest_importrun"
        ).fetchone()[0]
        db.close()
        schema_seconds, schema_cpu = _schema_seconds(path) if schema_line else (0.0, 0.0)
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "rows": read,
        "seconds": elapsed,
        "import_seconds": own * 86400,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak_kb / 1024,
        "schema_seconds": schema_seconds,
        "schema_cpu_seconds": schema_cpu,
    }


def _print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table on stdout (numbers right-aligned), then an empty line."""
    print(f"| {' | '.join(header)} |")  # noqa: T201
    print(f"|---|{'---:|' * (len(header) - 1)}")  # noqa: T201
    for row in rows:
        print(f"| {' | '.join(str(cell) for cell in row)} |")  # noqa: T201
    print()  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=1, metavar="N")
    parser.add_argument("--schema-line", type=Path, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.schema_line:
        seconds, cpu = schema_baseline(args.schema_line)
        print(json.dumps({"seconds": seconds, "cpu_seconds": cpu}))  # noqa: T201
        return
    imdb = args.data / "imdb-sample" / "head-50k-2025"
    tmdb = args.data / "tmdb-5000" / "tmdb_5000_movies.csv"
    if not imdb.is_dir() or not tmdb.is_file():
        sys.exit(f"The benchmark reads the IMDb and TMDb samples under {args.data}.")
    imdb_files = [imdb / name for name in IMDB_FILES]
    cases = [
        ("IMDb head-50k, 10k rows per file", ["ingest_imdb", str(imdb)], imdb_files, "\t", 10_000),
        ("IMDb head-50k, all 7 files", ["ingest_imdb", str(imdb)], imdb_files, "\t", None),
        ("TMDB 5000 movies", ["ingest_tmdb", str(tmdb)], [tmdb], ",", None),
    ]
    results = []
    for label, command, files, delimiter, limit in cases:
        runs = range(max(args.repeat, 1))
        imports = [run_import(command, limit, schema_line=True) for _ in runs]
        measured = min(imports, key=lambda m: m["seconds"])
        schema_cpu = min(m["schema_cpu_seconds"] for m in imports)
        schema_seconds = min(m["schema_seconds"] for m in imports)
        plain_rows, plain_seconds, plain_cpu = min(
            (baseline(files, delimiter, limit) for _ in runs), key=lambda b: b[1]
        )
        keyed_rows, keyed_seconds, keyed_cpu = min(
            (baseline(files, delimiter, limit, keyed=True) for _ in runs), key=lambda b: b[1]
        )
        rows_per_s = measured["rows"] / measured["seconds"]
        import_seconds = min(m["import_seconds"] for m in imports)
        rows_per_cpu_s = measured["rows"] / measured["cpu_seconds"]
        results.append(
            {
                "case": label,
                "rows": measured["rows"],
                "seconds": round(measured["seconds"], 2),
                "rows_per_s": round(rows_per_s),
                "import_seconds": round(import_seconds, 2),
                "import_rows_per_s": round(measured["rows"] / import_seconds),
                "import_ratio_to_keyed_sqlite3": round(import_seconds / keyed_seconds, 1),
                "import_ratio_to_schema_sqlite3": round(import_seconds / schema_seconds, 1),
                "cpu_seconds": round(measured["cpu_seconds"], 2),
                "rows_per_cpu_s": round(rows_per_cpu_s),
                "peak_rss_mb": round(measured["peak_rss_mb"], 1),
                "sqlite3_rows_per_s": round(plain_rows / plain_seconds),
                "sqlite3_rows_per_cpu_s": round(plain_rows / plain_cpu),
                "keyed_sqlite3_rows_per_s": round(keyed_rows / keyed_seconds),
                "keyed_sqlite3_rows_per_cpu_s": round(keyed_rows / keyed_cpu),
                # Ratios of CPU seconds: on a shared machine wall time counts others' work.
                "cpu_ratio_to_sqlite3": round((plain_rows / plain_cpu) / rows_per_cpu_s, 1),
                "cpu_ratio_to_keyed_sqlite3": round((keyed_rows / keyed_cpu) / rows_per_cpu_s, 1),
                # The rows the import wrote, re-inserted into the same schema (per source row).
                "schema_sqlite3_rows_per_cpu_s": round(measured["rows"] / schema_cpu),
                "cpu_ratio_to_schema_sqlite3": round(measured["cpu_seconds"] / schema_cpu, 1),
            }
        )
    _print_table(
        (
            "case",
            "rows",
            "import s",
            "rows/s",
            "process s",
            "CPU s",
            "rows per CPU s",
            "peak RSS MB",
        ),
        [
            (
                r["case"],
                f"{r['rows']:,}",
                r["import_seconds"],
                f"{r['import_rows_per_s']:,}",
                r["seconds"],
                r["cpu_seconds"],
                f"{r['rows_per_cpu_s']:,}",
                r["peak_rss_mb"],
            )
            for r in results
        ],
    )
    _print_table(
        (
            "case",
            "sqlite3 keyless per CPU s",
            "×",
            "sqlite3 keyed per CPU s",
            "×",
            "× keyed, import s",
            "sqlite3 same schema per CPU s",
            "×",
            "× same schema, import s",
        ),
        [
            (
                r["case"],
                f"{r['sqlite3_rows_per_cpu_s']:,}",
                r["cpu_ratio_to_sqlite3"],
                f"{r['keyed_sqlite3_rows_per_cpu_s']:,}",
                r["cpu_ratio_to_keyed_sqlite3"],
                r["import_ratio_to_keyed_sqlite3"],
                f"{r['schema_sqlite3_rows_per_cpu_s']:,}",
                r["cpu_ratio_to_schema_sqlite3"],
                r["import_ratio_to_schema_sqlite3"],
            )
            for r in results
        ],
    )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y-%m-%d")
    (out / f"ingest-{stamp}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
