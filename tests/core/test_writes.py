"""Write transactions (`core.writes`): one lock order, retried races, refused writes.

- The order: a vote and a message post take the member's row before the title's, then the
  counters, then every page version in one sorted statement, last (the SQL they run, read).
- Retries: two transactions that lock two page versions in opposite orders deadlock for real
  on PostgreSQL; run through `write_run`, both finish, the loser after a retry.
- Refused writes: with the database read-only (SQLite `query_only`, PostgreSQL
  `default_transaction_read_only`) the message form answers 503 with the text in the form,
  a vote answers the 503 page, and `/health/ready` answers 503; the CSRF failure page gives
  the text back too.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cinemeter.community.messages.services import Draft, message_post
from cinemeter.community.votes.services import vote_cast
from cinemeter.core import writes
from cinemeter.core.page_cache import versions_bump, versions_read
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory

# The rows every writer shares, in the global lock order (docs/architecture.md).
SHARED = ["accounts_user", "catalog_titlescore", "core_sitecounter", "core_pageversion"]
TEXT = "Twenty minutes of typing that must come back."


def _tables(queries: list[dict[str, str]]) -> list[str]:
    """Which shared table each writing statement touched, in order."""
    order = []
    for query in queries:
        sql = re.sub(r"^\d+ times: ", "", query["sql"].lstrip())  # an executemany
        if not sql.upper().startswith(("INSERT", "UPDATE")):
            continue
        target = sql.split(" SET ")[0].split(" VALUES ")[0]
        order += [table for table in SHARED if f'"{table}"' in target or f" {table} " in target]
    return order


@pytest.mark.parametrize("write", ["vote", "message"])
def test_writers_take_shared_rows_in_one_global_order(write: str) -> None:
    film = TitleFactory.create(title="Escape from L.A.")
    other = TitleFactory.create(title="Assault on Precinct 13")
    member = MemberFactory.create()
    message_post(author=member, title=other, draft=Draft(source="Earlier words"))
    member.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        if write == "vote":
            vote_cast(user=member, title=film, value=Decimal("4.0"))
        else:
            message_post(author=member, title=film, draft=Draft(source="New words"))
    order = _tables(captured.captured_queries)
    assert order == sorted(order, key=SHARED.index), order
    # The page versions: one statement, at the very end, for every key the write changed.
    assert order.count("core_pageversion") == 1
    assert order[-1] == "core_pageversion"
    if write == "vote":
        assert order.count("core_sitecounter") == 1  # the "votes" counter, once


def test_a_write_unit_applies_nothing_when_it_rolls_back() -> None:
    before = versions_read(["rolled-back"])

    def failing() -> None:
        versions_bump(["rolled-back"])
        raise ZeroDivisionError  # the body fails after gathering a key

    with pytest.raises(ZeroDivisionError):
        writes.write_run(failing)
    assert versions_read(["rolled-back"]) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deadlocks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_retried_and_both_writers_finish() -> None:
    versions_bump(["deadlock-a", "deadlock-b"])  # the rows exist: both writers lock them
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    tries: list[str] = []

    def locker(first: str, second: str) -> None:
        def body() -> None:
            tries.append(first)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE core_pageversion SET version = version + 1 WHERE key = %s", [first]
                )
                if tries.count(first) == 1:  # only the first try meets the other writer
                    barrier.wait(timeout=30)
                cursor.execute(
                    "UPDATE core_pageversion SET version = version + 1 WHERE key = %s", [second]
                )

        try:
            writes.write_run(body)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    before = writes.retries_seen
    threads = [
        threading.Thread(target=locker, args=("deadlock-a", "deadlock-b")),
        threading.Thread(target=locker, args=("deadlock-b", "deadlock-a")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert writes.retries_seen > before  # PostgreSQL chose a victim; it ran again
    assert len(tries) == 3
    assert versions_read(["deadlock-a", "deadlock-b"]) == [3, 3]


def test_a_lost_race_that_never_ends_gives_up_after_the_bounded_attempts(settings) -> None:
    settings.WRITE_RETRY_BACKOFF = 0.001
    calls = []

    def always_locked() -> None:
        calls.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError):
        writes.write_run(always_locked)
    # Inside the test's transaction a writer never retries (a savepoint cannot be retried)...
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_attempts_are_bounded(settings) -> None:
    settings.WRITE_RETRY_BACKOFF = 0.001
    calls = []

    def always_locked() -> None:
        calls.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError):
        writes.write_run(always_locked)
    assert len(calls) == settings.WRITE_ATTEMPTS


@contextmanager
def read_only() -> Iterator[None]:
    """The database refuses writes from the next transaction on, as a read-only one does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION default_transaction_read_only = on")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        # PostgreSQL: the refused write closed the connection, the new one writes. SQLite in
        # memory keeps its one connection (Django never closes it): switch it back.
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_answers_503_and_gives_the_text_back() -> None:
    film = TitleFactory.create(title="Escape from L.A.")
    member = MemberFactory.create()
    client = Client(raise_request_exception=False)
    client.force_login(member)
    with read_only():
        page = client.post(reverse("community:message-new", args=[film.slug]), {"body": TEXT})
    assert page.status_code == 503
    assert page["Retry-After"]
    # The form again, holding every character, with the reason.
    assert re.search(r"<textarea[^>]*name=\"body\"[^>]*>\s*" + re.escape(TEXT), page.text)
    assert "read-only for a moment" in page.text
    with read_only():
        vote = client.post(reverse("community:vote", args=[film.slug]), {"value": "4.0"})
    assert vote.status_code == 503
    assert "read-only for a moment" in vote.text
    with read_only():
        ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert "database: FAIL (read-only" in ready.text
    # Writable again: the same client writes at once.
    again = client.post(reverse("community:message-new", args=[film.slug]), {"body": TEXT})
    assert again.status_code == 302
    assert client.get("/health/ready").status_code == 200


def test_the_503_page_of_another_form_keeps_the_text(rf) -> None:
    request = rf.post("/anything/", {"body": TEXT})
    try:
        raise OperationalError("attempt to write a readonly database")
    except OperationalError:
        from cinemeter.core.errors import server_error

        page = server_error(request)
    assert page.status_code == 503
    assert TEXT in page.content.decode()


def test_an_expired_form_gives_the_text_back() -> None:
    film = TitleFactory.create(title="Escape from L.A.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(MemberFactory.create())
    page = client.post(reverse("community:message-new", args=[film.slug]), {"body": TEXT})
    assert page.status_code == 403
    assert re.search(r'<textarea id="kept-text"[^>]*readonly>' + re.escape(TEXT), page.text)


def test_health_ready_reports_the_database_and_the_queue(client) -> None:
    page = client.get("/health/ready")
    assert page.status_code == 200
    assert "database: ok (accepts writes)" in page.text
    assert "queue: ok" in page.text
    assert page["Cache-Control"] == "no-store"
