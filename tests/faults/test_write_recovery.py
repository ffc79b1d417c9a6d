"""A write succeeds again once the database accepts writes, without restarting the server.

Issue 17: with the database made read-only, votes answered a generic 500, and after write
access came back the workers kept failing every write until restarted, while `/health/`
answered 200 throughout. Here, against gunicorn as `make run` starts it:

- PostgreSQL: `ALTER DATABASE ... SET default_transaction_read_only = on` and the workers'
  sessions ended (as a failover or restart of the database does), so they reconnect
  read-only; then `... = off`, leaving the read-only sessions be.
- SQLite: the workers start while the database "file is read-only" (readonly_settings.py),
  so their connections are opened read-only; then the file is writable again.

While read-only a vote and a message answer 503 with the typed text kept, and
`/health/ready` answers 503 naming the database; afterwards the next writes succeed on the
same workers and `/health/ready` says the database accepts writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.faults.writes_site import PASSWORD, Member, Site, _postgres_admin, site

WORKERS = 2
TEXT = "A long review I typed for twenty minutes; it must not be lost."


def _read_only(running: Site, on: bool) -> None:
    if running.kind == "postgres":
        value = "on" if on else "off"
        _postgres_admin(
            f'ALTER DATABASE "{running.db_name}" SET default_transaction_read_only = {value}'
        )
        if on:
            # The workers' open sessions end, as in a database restart: they reconnect
            # under the new default.
            _postgres_admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"  # noqa: S608 - our name
                f" WHERE datname = '{running.db_name}' AND pid <> pg_backend_pid()"
            )
    elif on:
        running.readonly_flag.touch()
    else:
        running.readonly_flag.unlink()


def _connected(running: Site, member: Member) -> Member:
    member.client.base_url = httpx.URL(running.url)  # the server's port is known only now
    return member


def test_writes_recover_without_a_restart(tmp_path: Path) -> None:
    with site(tmp_path) as running:
        seeded = running.seed(2, 2)
        slug = seeded["titles"][0]
        member = running.member_by_session(seeded["members"][0])
        if running.kind == "sqlite":
            _read_only(running, on=True)  # the workers open their connections read-only
        running.start(workers=WORKERS)
        member = _connected(running, member)
        if running.kind == "postgres":
            _read_only(running, on=True)
        # A log-in writes the session and the last log-in time: refused as well, as a 503.
        with httpx.Client(base_url=running.url, timeout=60) as visitor:
            form = visitor.get("/account/login/").text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
            assert token is not None
            login = visitor.post(
                "/account/login/",
                data={
                    "username": seeded["members"][1],
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1),
                },
            )
            assert login.status_code == 503

        # Read-only: every write refused with a 503, the text given back, the monitor told.
        refused = [member.vote(slug, "4.0") for _ in range(WORKERS * 3)]
        assert refused == [503] * len(refused)
        csrf = member.client.cookies.get("csrftoken") or ""
        page = member.client.post(
            f"/title/{slug}/messages/new/", data={"body": TEXT}, headers={"X-CSRFToken": csrf}
        )
        assert page.status_code == 503
        assert page.headers["Retry-After"]
        assert TEXT in page.text  # the form again, holding the text
        assert "read-only for a moment" in page.text
        ready = httpx.get(f"{running.url}/health/ready", timeout=30)
        assert ready.status_code == 503
        assert "database: FAIL (read-only" in ready.text
        # The cheap liveness answer stays 200: the process is up.
        assert httpx.get(f"{running.url}/health/", timeout=30).status_code == 200

        # Writable again: the same workers write at once, no restart.
        _read_only(running, on=False)
        server_pid = running.process.pid if running.process else None
        accepted = [member.vote(slug, value) for value in ("3.0", "3.5", "4.0", "4.5", "5.0")]
        assert accepted == [302] * len(accepted)
        assert member.write(slug, TEXT) == 302
        ready = httpx.get(f"{running.url}/health/ready", timeout=30)
        assert "database: ok (accepts writes)" in ready.text
        assert running.process is not None
        assert running.process.pid == server_pid
        assert running.process.poll() is None
        stored = running.manage(
            "-c",
            "from cinemeter.community.messages.models import Message;"
            f"print(Message.objects.filter(source={TEXT!r}).count())",
        )
        assert stored.strip().splitlines()[-1] == "1"
