"""Backups under load (issue 17): `manage.py backup` taken while members vote through the real
server restores to a database in which `recount --check` finds no drift and every vote
acknowledged before the backup began is present. A plain `cp` of the SQLite file under load
lacked 8 of 146 acknowledged messages (they were still in the WAL).

On PostgreSQL the backup is `pg_dump --format=custom` and the restore `pg_restore`; the case
skips when they are not on PATH. Also: the commands refuse bad input with a clear message.
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.faults.server import Database, _postgres_admin, manage, site_env, start

MEMBERS = 40
TITLES = 5

SEED = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from cinemeter.accounts.models import User
from cinemeter.catalog.services import title_create
titles = [title_create(kind="movie", title=f"Backup film {{n}}").slug for n in range({titles})]
sessions = []
for n in range({members}):
    member = User.objects.create_user(
        username=f"voter{{n}}", email=f"voter{{n}}@example.org", password="x" * 12,
        is_active=True, email_verified=True,
    )
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "cinemeter.accounts.backends.UsernameOrEmailBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    sessions.append([member.username, session.session_key])
print(json.dumps({{"titles": titles, "sessions": sessions}}))
"""

VOTES = """
import json
from cinemeter.community.models import Vote
print(json.dumps([[v.user.username, v.title.slug, str(v.value)]
                  for v in Vote.objects.select_related("user", "title")]))
"""


def _vote(url: str, session: str, slug: str, value: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    csrf = "c" * 32
    try:
        connection.request(
            "POST",
            f"/title/{slug}/vote/",
            body=f"value={value}",
            headers={
                "Cookie": f"sessionid={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        response = connection.getresponse()
        return response.status == 200 and json.loads(response.read())["ok"] is True
    except (OSError, http.client.HTTPException, ValueError):
        return False
    finally:
        connection.close()


def _restore_target(tmp: Path, db: Database) -> tuple[dict[str, str], Database]:
    env = site_env(tmp / "restored")
    if db.kind == "postgres":
        name = f"cm_restore_{uuid.uuid4().hex[:10]}"
        _postgres_admin(f'CREATE DATABASE "{name}"')
        return env, Database(
            db.url.rsplit("/", 1)[0] + "/" + name,
            "postgres",
            _drop=f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        )
    return env, Database(f"sqlite:///{tmp / 'restored' / 'var' / 'cinemeter.sqlite3'}", "sqlite")


def test_a_backup_under_write_load_restores_without_drift_or_loss(site, servers, tmp_path):
    env, db = site
    if db.kind == "postgres" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not on PATH (apt-get install postgresql-client)")
    seeded = manage(env, db.url, "-c", SEED.format(titles=TITLES, members=MEMBERS))
    assert seeded.returncode == 0, seeded.stderr
    plan = json.loads(seeded.stdout.splitlines()[-1])
    (tmp_path / "var" / "media").mkdir(exist_ok=True)
    (tmp_path / "var" / "media" / "poster.jpg").write_bytes(b"not really a jpeg")
    server = start(2, env, db.url)
    servers.append(server)

    acknowledged: list[tuple[float, str, str, str]] = []  # (answered at, member, title, value)
    halt = threading.Event()

    def voter(chunk: list[list[str]]) -> None:
        step = 0
        while not halt.is_set():
            for username, session in chunk:
                step += 1
                slug = plan["titles"][step % TITLES]
                value = str(1 + step % 9 / 2)
                if _vote(server.url, session, slug, value):
                    acknowledged.append((time.time(), username, slug, value))

    chunks = [plan["sessions"][n::4] for n in range(4)]
    threads = [threading.Thread(target=voter, args=(chunk,), daemon=True) for chunk in chunks]
    for thread in threads:
        thread.start()
    time.sleep(2)
    began = time.time()
    dest = tmp_path / "backup"
    done = manage(env, db.url, "backup", str(dest))
    time.sleep(1)
    halt.set()
    for thread in threads:
        thread.join(timeout=20)
    server.stop()
    assert done.returncode == 0, done.stderr
    writes_during = [a for a in acknowledged if began <= a[0]]
    assert writes_during, "no votes were written while the backup ran"
    manifest = json.loads((dest / "manifest.json").read_text())
    assert {"secret_key", "media/poster.jpg"} <= set(manifest["files"])

    restored_env, restored = _restore_target(tmp_path, db)
    try:
        done = manage(restored_env, restored.url, "restore", str(dest))
        assert done.returncode == 0, done.stderr
        check = manage(restored_env, restored.url, "recount", "--check")
        assert check.returncode == 0, check.stdout + check.stderr
        listed = manage(restored_env, restored.url, "-c", VOTES)
        assert listed.returncode == 0, listed.stderr
        present = {
            (user, slug): value for user, slug, value in json.loads(listed.stdout.splitlines()[-1])
        }
        # The last vote each member had acknowledged on each title before the backup began.
        expected: dict[tuple[str, str], str] = {}
        for answered, user, slug, value in sorted(acknowledged):
            if answered < began:
                expected[(user, slug)] = value
        assert expected
        missing = {pair: value for pair, value in expected.items() if pair not in present}
        assert not missing, f"{len(missing)} acknowledged votes missing from the backup"
        key = Path(restored_env["DJANGO_SECRET_KEY_FILE"]).read_text()
        assert key == Path(env["DJANGO_SECRET_KEY_FILE"]).read_text()
        assert (
            Path(restored_env["MEDIA_ROOT"]) / "poster.jpg"
        ).read_bytes() == b"not really a jpeg"
    finally:
        restored.drop()


def test_backup_and_restore_refuse_bad_input_clearly(site, tmp_path):
    env, db = site
    full = tmp_path / "full"
    full.mkdir()
    (full / "something").write_text("x")
    done = manage(env, db.url, "backup", str(full))
    assert done.returncode != 0
    assert "is not an empty folder" in done.stderr
    done = manage(env, db.url, "restore", str(full))
    assert done.returncode != 0
    assert "has no manifest.json" in done.stderr
    if db.kind == "sqlite":  # a restore over a database with data needs --force
        backup = tmp_path / "backup"
        assert manage(env, db.url, "backup", str(backup)).returncode == 0
        done = manage(env, db.url, "restore", str(backup))
        assert "pass --force" in done.stderr
        assert manage(env, db.url, "restore", "--force", str(backup)).returncode == 0
