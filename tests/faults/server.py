"""The real server for fault tests: gunicorn with config/gunicorn.py, as `make run` starts it,
on a free loopback port, against a database of the test's own (a temp SQLite file, or a fresh
PostgreSQL database when DATABASE_URL names PostgreSQL).

    db = database(tmp_path)                       # migrated; dropped by db.drop()
    server = start(workers=2, env=site_env(tmp_path), db_url=db.url)
    server.url, server.pid, server.workers()      # the base URL, the master, its workers
    server.send(signal.SIGHUP)                    # a signal to the master
    seconds = server.stop(signal.SIGTERM)         # waits for the master to exit
    server.logs()                                 # everything gunicorn and Django wrote

`manage(env, db_url, *args)` runs a manage.py command (or `-c` code through `shell`) with
the same settings, for seeding and checking.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
GUNICORN = BIN / "gunicorn"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def site_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a one-machine site whose var/ files live under `tmp`."""
    var = tmp / "var"
    var.mkdir(parents=True, exist_ok=True)
    key_file = var / "secret_key"
    key_file.write_text("fault-test-secret-key-" + uuid.uuid4().hex)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "REDIS_", "CACHE_", "TRANSLAT"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY_FILE=str(key_file),
        TASKS_QUEUE_FILE=str(var / "tasks.sqlite3"),
        MEDIA_ROOT=str(var / "media"),
        STATIC_ROOT=str(var / "static"),
        INGEST_REJECTS_DIR=str(var / "ingest"),
        GUNICORN_ACCESS_LOG="-",
        PYTHONUNBUFFERED="1",
        NEW_MEMBER_DAYS="0",
    )
    env.update(extra)
    return env


def manage(
    env: dict[str, str], db_url: str, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`manage.py ARGS` with the site's settings; `("-c", code)` runs code in Django's shell."""
    command = ["shell", "-c", args[1]] if args[:1] == ("-c",) else list(args)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [str(BIN / "python"), "manage.py", *command],
        cwd=ROOT,
        env={**env, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Database:
    url: str
    kind: str
    _drop: str = ""

    def drop(self) -> None:
        if self.kind == "postgres":
            _postgres_admin(self._drop)


def _postgres_admin(sql: str) -> None:
    import psycopg

    admin = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


def database(tmp: Path, env: dict[str, str]) -> Database:
    """A migrated, empty database of the kind the suite runs on (DATABASE_URL)."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://")):
        name = f"cm_fault_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _postgres_admin(f'CREATE DATABASE "{name}"')
        db = Database(
            suite_url.rsplit("/", 1)[0] + "/" + name,
            "postgres",
            _drop=f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        )
    else:
        db = Database(f"sqlite:///{tmp / 'var' / 'cinemeter.sqlite3'}", "sqlite")
    done = manage(env, db.url, "migrate", "--no-input", "-v", "0")
    if done.returncode != 0:
        db.drop()
        raise RuntimeError(f"migrate failed:\n{done.stderr}")
    return db


@dataclass
class Server:
    url: str
    pid: int
    process: subprocess.Popen[bytes]
    log_path: Path
    stopped_at: float | None = field(default=None)

    def workers(self) -> list[int]:
        """The master's current worker processes (Linux /proc)."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.pid):
                found.append(int(status.parent.name))
        return sorted(found)

    def send(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 30) -> float:
        """Send `signum` to the master and wait for it to exit; the seconds it took."""
        started = time.monotonic()
        self.stopped_at = time.time()
        self.send(signum)
        self.process.wait(timeout=timeout)
        return time.monotonic() - started

    def kill(self) -> None:
        """Last resort of a test's clean-up: the master and its workers, by their ids."""
        if self.process.poll() is None:
            for pid in [*self.workers(), self.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_until_up(url: str, timeout: float = START_TIMEOUT, process: object = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:  # type: ignore[attr-defined]
            raise RuntimeError("gunicorn exited while starting")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"no answer from {url}/health/ within {timeout} s")


def start(workers: int, env: dict[str, str], db_url: str, *, log: Path | None = None) -> Server:
    """gunicorn with config/gunicorn.py and `workers` workers, answering on /health/."""
    if not GUNICORN.exists():
        raise FileNotFoundError(f"{GUNICORN} is missing: run `make install`")
    port = free_port()
    log = log or Path(env["TASKS_QUEUE_FILE"]).parent / f"gunicorn-{port}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own server
            [
                str(GUNICORN),
                "--config",
                str(ROOT / "config" / "gunicorn.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env={**env, "DATABASE_URL": db_url},
            stdout=out,
            stderr=subprocess.STDOUT,
            # Its own session: a signal to the test run does not reach the server's workers.
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process.pid, process, log)
    try:
        wait_until_up(server.url, process=process)
        # Every worker has booted and runs its task consumer, not only the first to answer.
        deadline = time.monotonic() + START_TIMEOUT
        embedded = not env.get("REDIS_URL")
        while embedded and server.logs().count("task consumer started") < workers:
            if time.monotonic() > deadline:
                raise TimeoutError("the workers' task consumers did not start")
            time.sleep(0.1)
    except Exception:
        server.kill()
        sys.stderr.write(server.logs()[-4000:])
        raise
    return server
