"""Consistent backups of a running site and their restore (`manage.py backup` / `restore`).

A backup is a folder: the database (SQLite through its online backup API, which copies a
consistent snapshot, the WAL included, while the site keeps writing; PostgreSQL through
`pg_dump --format=custom`), the task queue file (the same API), the secret key, the media
folder and `manifest.json` with each file's size and SHA-256. A plain `cp` of a live SQLite
file misses what is still in its WAL (house style, dangerous construct 10).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "cinemeter.sqlite3"
POSTGRES_FILE = "cinemeter.pgdump"
TASKS_FILE = "tasks.sqlite3"
SECRET_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
MEDIA_DIR = "media"


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


def _engine() -> str:
    engine = str(settings.DATABASES["default"]["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"no backup for the database engine {engine}")


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database, live or not, through SQLite's online backup API.

    One step (pages=-1) reads the whole database in one read transaction: a consistent
    snapshot that includes the WAL, while writers carry on (WAL readers do not block them).
    Writing into an existing target replaces its content through SQLite, its WAL included.
    """
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", str(db["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH: install PostgreSQL's client tools (Debian: "
            f"`apt-get install postgresql-client`) or run {name} with --format=custom yourself"
        )
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(dest: Path) -> dict[str, dict[str, Any]]:
    return {
        str(path.relative_to(dest)): {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(dest.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _queue_file() -> Path | None:
    filename = settings.HUEY.get("filename") if settings.TASKS_EMBEDDED else None
    return Path(str(filename)) if filename else None


def backup_create(dest: Path) -> dict[str, Any]:
    """Write a backup of the running site into `dest` (new or empty); returns the manifest."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty folder: choose a new one")
    engine = _engine()
    dest.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if engine == "sqlite":
        sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), dest / SQLITE_FILE)
    else:
        args, env = _postgres_env()
        subprocess.run(  # noqa: S603 - pg_dump from PATH with our own arguments
            [_tool("pg_dump"), "--format=custom", "--file", str(dest / POSTGRES_FILE), *args],
            env=env,
            check=True,
            capture_output=True,
            timeout=24 * 3600,
        )
    database_seconds = time.monotonic() - started
    queue = _queue_file()
    if queue is not None and queue.is_file():
        sqlite_copy(queue, dest / TASKS_FILE)
    secret = Path(settings.SECRET_KEY_FILE)
    if secret.is_file():
        shutil.copy2(secret, dest / SECRET_FILE)
        (dest / SECRET_FILE).chmod(0o600)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, dest / MEDIA_DIR)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": engine,
        "database_seconds": round(database_seconds, 3),
        "tasks_queue": "file" if queue is not None else "redis (not in this backup)",
        "files": _files(dest),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _manifest(src: Path) -> dict[str, Any]:
    path = src / MANIFEST
    if not path.is_file():
        raise BackupError(f"{src} has no {MANIFEST}: not a folder written by `manage.py backup`")
    manifest: dict[str, Any] = json.loads(path.read_text())
    for name, facts in manifest["files"].items():
        file = src / name
        if not file.is_file() or _sha256(file) != facts["sha256"]:
            raise BackupError(f"{file} is missing or differs from the manifest: damaged backup")
    return manifest


def _sqlite_has_tables(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size == 0:
        return False
    connection = sqlite3.connect(path)
    try:
        return bool(connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone())
    finally:
        connection.close()


def backup_restore(src: Path, *, force: bool) -> dict[str, Any]:
    """Put a backup back into this site's database, queue, secret key and media.

    Stop the site first. An existing database with tables is only replaced with `force`.
    """
    manifest = _manifest(src)
    engine = _engine()
    if manifest["database"] != engine:
        raise BackupError(
            f"the backup holds a {manifest['database']} database; this site uses {engine}"
        )
    if engine == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        if _sqlite_has_tables(target) and not force:
            raise BackupError(f"{target} holds data; stop the site and pass --force to replace it")
        target.parent.mkdir(parents=True, exist_ok=True)
        sqlite_copy(src / SQLITE_FILE, target)
    else:
        args, env = _postgres_env()
        # --clean replaces what a restore meets (only with --force); --no-owner lets another
        # role own the restored objects.
        clean = ["--clean", "--if-exists"] if force else []
        done = subprocess.run(  # noqa: S603 - pg_restore from PATH with our own arguments
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", *clean, *args],
            input=(src / POSTGRES_FILE).read_bytes(),
            env=env,
            capture_output=True,
            timeout=24 * 3600,
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(
                "pg_restore failed (pass --force to replace existing tables): "
                + done.stderr.decode(errors="replace")[-1000:]
            )
    queue = _queue_file()
    if queue is not None and (src / TASKS_FILE).is_file():
        queue.parent.mkdir(parents=True, exist_ok=True)
        sqlite_copy(src / TASKS_FILE, queue)
    if (src / SECRET_FILE).is_file():
        secret = Path(settings.SECRET_KEY_FILE)
        secret.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / SECRET_FILE, secret)
        secret.chmod(0o600)
    if (src / MEDIA_DIR).is_dir():
        shutil.copytree(src / MEDIA_DIR, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest
