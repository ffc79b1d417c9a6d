"""No translation task is lost (issue 17): N Dutch posts give N English translations on a
freshly started server, across a restart with tasks still queued, with a task running at the
stop (finished within the grace) and with one that outlives the grace (killed, journalled and
run again after the restart). Before the fix 9 of 10 were lost on a fresh server.

The translator is a LibreTranslate-compatible HTTP server on loopback that this test starts
(tests/community/translator_server.py); the posts are written through the message service
in a `manage.py shell`, which queues their translations on commit exactly as the view does.
Runs on the suite's database (SQLite file or PostgreSQL); the queue is the embedded SQLite
one in both cases, as on a one-machine site.
"""

from __future__ import annotations

import re
import signal
import time

import pytest

from tests.community.translator_fixtures import DUTCH_REVIEW
from tests.community.translator_server import fake_api
from tests.faults.server import manage, start

WAIT = 90.0  # seconds a test waits for the translations before it fails

SEED = """
from cinemeter.accounts.models import User
from cinemeter.catalog.services import title_create
from cinemeter.catalog.models import Title
from cinemeter.community.messages.services import Draft, message_post
title = Title.objects.first() or title_create(kind="movie", title="Escape from L.A.")
for n in range({first}, {first} + {count}):
    author = User.objects.create_user(
        username=f"poster{{n}}", email=f"poster{{n}}@example.org", password="x" * 12,
        is_active=True, email_verified=True,
    )
    message_post(author=author, title=title, draft=Draft(source=f"Bericht {{n}}. {review}"))
"""

COUNT = """
from cinemeter.community.models import Message
from cinemeter.community.translation.models import MessageTranslation
print(Message.objects.filter(language="nl").count(),
      MessageTranslation.objects.filter(backend="libretranslate", language="en").count())
"""


@pytest.fixture
def translator():
    with fake_api() as api:
        api.answer = lambda path, headers, body: (200, {"translatedText": "EN " + body["q"]})
        yield api


@pytest.fixture
def translating_site(site, translator):
    env, db = site
    env.update(
        TRANSLATOR_BACKEND="libretranslate",
        LIBRETRANSLATE_URL=translator.url,
        TRANSLATOR_TIMEOUT="30",
        TRANSLATION_TASK_RETRY_DELAY="1",
    )
    return env, db


def post(env, db, first: int, count: int) -> None:
    code = SEED.format(first=first, count=count, review=repr(DUTCH_REVIEW)[1:-1])
    done = manage(env, db.url, "-c", code)
    assert done.returncode == 0, done.stderr


def counts(env, db) -> tuple[int, int]:
    done = manage(env, db.url, "-c", COUNT)
    assert done.returncode == 0, done.stderr
    dutch, translated = (int(n) for n in done.stdout.splitlines()[-1].split())
    return dutch, translated


def wait_for_translations(env, db, expected: int) -> int:
    deadline = time.monotonic() + WAIT
    translated = 0
    while time.monotonic() < deadline:
        dutch, translated = counts(env, db)
        assert dutch == expected  # every post was detected as Dutch: each asks for one task
        if translated >= expected:
            return translated
        time.sleep(0.5)
    return translated


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def failed_tasks(env, db) -> str:
    done = manage(env, db.url, "tasks")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_n_posts_on_a_fresh_server_give_n_translations(translating_site, servers):
    env, db = translating_site
    server = start(2, env, db.url)
    servers.append(server)
    post(env, db, 0, 10)
    assert wait_for_translations(env, db, 10) == 10
    server.stop(signal.SIGTERM)
    assert "not found in TaskRegistry" not in server.logs()
    assert "failed: 0" in failed_tasks(env, db)


def test_tasks_queued_at_a_stop_run_after_the_restart(translating_site, translator, servers):
    env, db = translating_site
    # Each worker's consumer is inside one 3 s translation at the stop; the rest are queued.
    translator.delay = 3.0
    server = start(2, env, db.url)
    servers.append(server)
    post(env, db, 0, 12)
    wait_for(lambda: len(translator.requests) >= 1)
    server.stop(signal.SIGTERM)
    _, translated = counts(env, db)
    report = re.search(r"queued: (\d+)", manage(env, db.url, "tasks").stdout)
    assert report is not None
    queued = int(report[1])
    assert queued > 0  # the restart has work to do
    assert translated + queued == 12  # the running ones finished within the grace
    translator.delay = 0
    servers.append(start(2, env, db.url))
    assert wait_for_translations(env, db, 12) == 12


def test_a_task_running_at_the_stop_finishes_within_the_grace(
    translating_site, translator, servers
):
    env, db = translating_site
    translator.delay = 2.0
    server = start(2, env, db.url)
    servers.append(server)
    post(env, db, 0, 1)
    wait_for(lambda: len(translator.requests) >= 1)  # the task is running now
    seconds = server.stop(signal.SIGTERM)
    assert seconds < 9  # within gunicorn's 10 s grace, not killed at its end
    assert counts(env, db) == (1, 1)  # stored before the worker left, no restart needed


def test_a_task_that_outlives_the_grace_runs_again_after_the_restart(
    translating_site, translator, servers
):
    env, db = translating_site
    env["GUNICORN_GRACEFUL_TIMEOUT"] = "3"  # the worker is killed while the translator works
    translator.delay = 6.0
    server = start(2, env, db.url)
    servers.append(server)
    post(env, db, 0, 1)
    wait_for(lambda: len(translator.requests) >= 1)
    server.stop(signal.SIGTERM)
    assert counts(env, db) == (1, 0)  # cut off: nothing stored
    translator.delay = 0
    again = start(2, env, db.url)
    servers.append(again)
    assert wait_for_translations(env, db, 1) == 1
    assert "queued again" in again.logs()
