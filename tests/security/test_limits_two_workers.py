"""The limits hold across workers: the real server, as `make run` starts it (gunicorn with its
config and two sync workers, default settings: local-memory cache, no Redis), on a fresh
database, driven over HTTP by concurrent clients; the answers are counted.

On SQLite (a temporary file) always; on PostgreSQL too when the suite runs there (a
database of its own, dropped afterwards). The gunicorn access log names the worker of each
request, so the test also proves that both workers answered.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import psycopg
import pytest
from django.conf import settings

from tests.accounts.factories import PASSWORD
from tests.manage_subprocess import ROOT, run_manage

T = TypeVar("T")
# Creates the members and a title in the server's database, through the site's own code.
SETUP = """
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
MemberFactory.create(username="ann", email="ann@example.org")
MemberFactory.create(username="bea", email="bea@example.org")
print(TitleFactory.create(title="Escape from L.A.").slug)
"""


@dataclass
class Server:
    url: str
    access_log: Path
    title_slug: str

    def workers_that_answered(self, path: str) -> set[str]:
        lines = self.access_log.read_text().splitlines()
        return {line.split()[0] for line in lines if f'"POST {path} ' in line}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_database() -> Iterator[str]:
    url = str(os.environ["DATABASE_URL"])
    server = url.rsplit("/", 1)[0]
    name = f"cm_two_workers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'site.sqlite3'}"
    elif "postgresql" not in engine:
        pytest.skip("the PostgreSQL run of the suite covers this (DATABASE_URL=postgres://...)")
    else:
        yield from _postgres_database()


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per database for the module's tests: each test uses its own accounts."""
    tmp_path = tmp_path_factory.mktemp("server")
    env = {
        "DJANGO_SECRET_KEY": "two-workers-test-key-" + "x" * 40,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # The default set-up: no shared cache, each worker its own local memory.
        "CACHE_URL": "",
        "REDIS_URL": "",
    }
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        done = run_manage(*command, env=env)
        assert done.returncode == 0, done.stderr
    made = run_manage("shell", "-c", SETUP, env=env)
    assert made.returncode == 0, made.stderr
    port, access_log = _free_port(), tmp_path / "access.log"
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE", "CACHE_URL", "REDIS_URL"))
    }
    process = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv, our arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logformat",
            '%(p)s "%(r)s" %(s)s',
        ],
        cwd=ROOT,
        env={
            **inherited,
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "GUNICORN_ACCESS_LOG": str(access_log),
        },
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s for the workers to boot; it is usually under 2
            try:
                if httpx.get(f"{url}/health/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None:
                pytest.fail((tmp_path / "server.log").read_text())
            time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        yield Server(url, access_log, made.stdout.strip().splitlines()[-1])
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing left to finish
        process.wait(timeout=30)


def _client(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=60, follow_redirects=False)


def _form(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def _concurrently(count: int, attempt: Callable[[int], T]) -> list[T]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(attempt, range(count)))


def _log_in(server: Server, username: str, password: str) -> httpx.Response:
    with _client(server.url) as client:
        token = _form(client, "/account/login/")
        return client.post(
            "/account/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )


def test_failed_log_ins_are_counted_exactly_across_two_workers(server: Server) -> None:
    def attempt(_number: int) -> str:
        response = _log_in(server, "ann", "wrong")
        assert response.status_code == 200
        if "do not match an active account" in response.text:
            return "checked"
        assert "Log-in to this account is paused" in response.text
        return "paused"

    answers = Counter(_concurrently(12, attempt))
    # 5 allowed failures, not 5 per worker; and the pause holds on both workers.
    assert answers == {"checked": 5, "paused": 7}
    assert len(server.workers_that_answered("/account/login/")) == 2
    # Later attempts, one by one, land on either worker and are all refused.
    assert {attempt(n) for n in range(4)} == {"paused"}
    # The pause is the account's, not the address's: another member logs in from here.
    assert _log_in(server, "bea", PASSWORD).status_code == 302


def test_registrations_are_counted_exactly_across_two_workers(server: Server) -> None:
    def attempt(number: int) -> int:
        with _client(server.url) as client:
            token = _form(client, "/account/register/")
            response = client.post(
                "/account/register/",
                data={
                    "username": f"newcomer{number}",
                    "email": f"newcomer{number}@example.org",
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "accept_terms": "on",
                    "csrfmiddlewaretoken": token,
                },
            )
            return response.status_code

    assert Counter(_concurrently(8, attempt)) == {302: 5, 429: 3}
    assert len(server.workers_that_answered("/account/register/")) == 2


def test_a_new_members_messages_are_counted_exactly_across_two_workers(server: Server) -> None:
    with _client(server.url) as client:
        token = _form(client, "/account/login/")
        logged_in = client.post(
            "/account/login/",
            data={"username": "bea", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert logged_in.status_code == 302
        cookies = dict(client.cookies)
    path = f"/title/{server.title_slug}/messages/new/"

    def attempt(number: int) -> str:
        with httpx.Client(base_url=server.url, timeout=60, cookies=cookies) as client:
            token = _form(client, path)
            # The language given, so no worker loads the detector's models in the middle.
            data = {"body": f"Note number {number}.", "language": "en"}
            response = client.post(path, data={**data, "csrfmiddlewaretoken": token})
        if response.status_code == 302:
            return "posted"
        assert response.status_code == 200, response.text[-2000:]
        assert "New members may post at most 10 messages an hour." in response.text
        assert f"Note number {number}.</textarea>" in response.text  # the text is kept
        return "refused"

    assert Counter(_concurrently(15, attempt)) == {"posted": 10, "refused": 5}
    assert len(server.workers_that_answered(path)) == 2
