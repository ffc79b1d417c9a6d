"""A real site for the write-fault tests: gunicorn with config/gunicorn.py as `make run` starts
it, against a database of the test's own (a fresh PostgreSQL database when DATABASE_URL names
PostgreSQL, else a temporary SQLite file), seeded with members who have written on shared
titles, and an HTTP client per member.

A local helper: the fault suite's shared `tests/faults/server.py` is written on another
branch; once both are merged this module may use it instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PASSWORD = "fault-test-password-17"
START_TIMEOUT = 60.0
# The tests' own settings for the server: the site's settings plus the SQLite "read-only
# switch" (see readonly_settings.py).
SETTINGS = "tests.faults.readonly_settings"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_admin(sql: str) -> None:
    import psycopg

    admin = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


@dataclass
class Site:
    """A migrated, seeded database, its environment, and (once started) a server."""

    tmp: Path
    env: dict[str, str]
    db_url: str
    kind: str  # "postgres" or "sqlite"
    db_name: str = ""
    url: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def readonly_flag(self) -> Path:
        return self.tmp / "read-only"

    def manage(self, *args: str, timeout: float = 120) -> str:
        command = ["shell", "-c", args[1]] if args[:1] == ("-c",) else list(args)
        done = subprocess.run(  # noqa: S603 - our own manage.py
            [str(BIN / "python"), "manage.py", *command],
            cwd=ROOT,
            env={**self.env, "DATABASE_URL": self.db_url},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-4000:]}")
        return done.stdout

    def seed(self, members: int, titles: int) -> dict[str, list[str]]:
        """`members` active members, `titles` films; every member has a message on two of
        them (so each vote also bumps the reviews panels of the titles they wrote on)."""
        code = f"""
import json
from cinemeter.accounts.models import User
from cinemeter.catalog.services import title_create
from cinemeter.community.messages.services import Draft, message_post
films = [title_create(kind="movie", title=f"Shared film {{n}}", year=1990 + n)
         for n in range({titles})]
names = []
for n in range({members}):
    member = User.objects.create_user(username=f"writer{{n}}", password={PASSWORD!r})
    for film in (films[n % len(films)], films[(n + 1) % len(films)]):
        message_post(author=member, title=film, draft=Draft(source=f"First words {{n}}"))
    names.append(member.username)
print(json.dumps({{"members": names, "titles": [film.slug for film in films]}}))
"""
        seeded: dict[str, list[str]] = json.loads(self.manage("-c", code).strip().splitlines()[-1])
        return seeded

    def start(self, workers: int) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        log = (self.tmp / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [
                str(BIN / "gunicorn"),
                "--config",
                str(ROOT / "config" / "gunicorn.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env={**self.env, "DATABASE_URL": self.db_url},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the test run's signals do not reach the workers
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.logs()[-4000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health/", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise TimeoutError(f"no answer from {self.url}/health/ within {START_TIMEOUT} s")

    def logs(self) -> str:
        path = self.tmp / "gunicorn.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (by its own process id) and wait for it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: its workers
                self.process.wait(timeout=10)

    def member(self, username: str) -> Member:
        client = httpx.Client(base_url=self.url, timeout=60, follow_redirects=False)
        page = client.get("/account/login/")
        token = _form_token(page.text)
        answer = client.post(
            "/account/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert answer.status_code == 302, (username, answer.status_code, answer.text[:500])
        return Member(client)

    def member_by_session(self, username: str) -> Member:
        """A member's client with a session made in the database beforehand, for a server
        that cannot write one (a log-in writes the session)."""
        code = f"""
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from cinemeter.accounts.models import User
member = User.objects.get(username={username!r})
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(member.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = member.get_session_auth_hash()
store.create()
print(store.session_key)
"""
        key = self.manage("-c", code).strip().splitlines()[-1]
        client = httpx.Client(base_url=self.url, timeout=60, follow_redirects=False)
        client.cookies.set("sessionid", key)
        return Member(client)


def _form_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@dataclass
class Member:
    """A logged-in member's HTTP client; each write returns the status code."""

    client: httpx.Client

    def _post(self, path: str, data: dict[str, str]) -> int:
        if "csrftoken" not in self.client.cookies:
            self.client.get("/")  # every page has a form (log-out, language): the CSRF cookie
        token = self.client.cookies.get("csrftoken") or ""
        headers = {"X-CSRFToken": token}
        return self.client.post(path, data=data, headers=headers).status_code

    def vote(self, slug: str, value: str) -> int:
        return self._post(f"/title/{slug}/vote/", {"value": value})

    def unvote(self, slug: str) -> int:
        return self._post(f"/title/{slug}/vote/", {"remove": "1"})

    def write(self, slug: str, text: str) -> int:
        return self._post(f"/title/{slug}/messages/new/", {"body": text})


@contextlib.contextmanager
def site(tmp: Path, **env: str) -> Iterator[Site]:
    """A migrated database of the suite's kind and the server's environment; cleaned up."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "REDIS_", "CACHE_", "TRANSLAT"))
    }
    var = tmp / "var"
    var.mkdir(parents=True, exist_ok=True)
    environment.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_SECRET_KEY="fault-test-" + uuid.uuid4().hex,
        MEDIA_ROOT=str(var / "media"),
        STATIC_ROOT=str(var / "static"),
        NEW_MEMBER_DAYS="0",  # the members are minutes old: no new-member limits
        GUNICORN_ACCESS_LOG="-",
        PYTHONUNBUFFERED="1",
        READ_ONLY_FLAG=str(tmp / "read-only"),
        **env,
    )
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://")):
        name = f"cm_writes_fault_{uuid.uuid4().hex[:10]}"
        _postgres_admin(f'CREATE DATABASE "{name}"')
        made = Site(tmp, environment, suite_url.rsplit("/", 1)[0] + "/" + name, "postgres", name)
    else:
        made = Site(tmp, environment, f"sqlite:///{var / 'cinemeter.sqlite3'}", "sqlite")
    try:
        made.manage("migrate", "--no-input", "-v", "0")
        made.manage("collectstatic", "--no-input", "-v", "0")
        yield made
    finally:
        made.stop()
        if made.kind == "postgres":
            _postgres_admin(f'DROP DATABASE IF EXISTS "{made.db_name}" WITH (FORCE)')
