"""gunicorn's signal contract with the embedded task queue (issue 17): TERM stops accepting at
once, finishes what is in flight and exits ("Worker exiting" for each worker); HUP replaces
the workers. Before the fix huey's consumer took the workers' signals: a stop took 10.3 s
even idle, workers answered for 10 s after the signal and old workers outlived a reload.

Runs on the database the suite runs on (SQLite file or PostgreSQL): the workers' signal
handling is the same, but their connections and the exit path are not.
The bounds are generous (CI machines are slow); the measured times go in the bench report.
"""

from __future__ import annotations

import http.client
import signal
import threading
import time

from tests.faults.server import start

WORKERS = 2
# gunicorn's graceful_timeout is 10 s: workers that ignored TERM were killed at its end (a
# stop took 10.3 s). A busy CI machine has taken 6.6 s for a sound stop, so the bound only
# tells the two apart; "Worker exiting" from each worker shows none was killed.
STOP_BOUND = 9.5


def _get(url: str, path: str = "/health/", method: str = "GET") -> int:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request(method, path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_sigterm_on_an_idle_server_exits_promptly_with_each_worker(site, servers):
    env, db = site
    server = start(WORKERS, env, db.url)
    servers.append(server)
    # An uptime monitor's HEAD requests, before the idle stop: answered, and no log warning.
    assert [_get(server.url, path, "HEAD") for path in ("/", "/health/")] == [200, 200]
    seconds = server.stop(signal.SIGTERM)
    logs = server.logs()
    assert '"HEAD / HTTP/1.1" 200' in logs
    assert "no-body response" not in logs
    assert server.process.returncode == 0, logs[-2000:]
    assert seconds < STOP_BOUND, f"idle stop took {seconds:.1f} s"
    assert logs.count("Worker exiting") == WORKERS, logs[-2000:]
    assert "Shutting down: Master" in logs


def test_sigterm_under_load_finishes_in_flight_and_accepts_nothing_after(site, servers):
    env, db = site
    server = start(WORKERS, env, db.url)
    servers.append(server)
    outcomes: list[tuple[float, str]] = []  # (time the request was sent, outcome)
    halt = threading.Event()

    def load() -> None:
        while not halt.is_set():
            sent = time.time()
            try:
                outcome = str(_get(server.url, "/"))
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            outcomes.append((sent, outcome))

    threads = [threading.Thread(target=load, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    seconds = server.stop(signal.SIGTERM)
    halt.set()
    for thread in threads:
        thread.join(timeout=10)
    signalled = server.stopped_at
    assert signalled is not None
    before = [outcome for sent, outcome in outcomes if sent < signalled]
    # The master passes the signal on within milliseconds; half a second is generous.
    after = [outcome for sent, outcome in outcomes if sent > signalled + 0.5]
    assert before.count("200") > 10
    assert after
    assert "200" not in after, f"{after.count('200')} requests answered after the signal"
    assert seconds < STOP_BOUND, f"stop under load took {seconds:.1f} s"
    assert server.logs().count("Worker exiting") == WORKERS
    # In flight at the signal: answered in full, never cut (a cut shows as a broken answer).
    cut = [o for s, o in outcomes if signalled - 0.5 < s < signalled and o != "200"]
    assert not [o for o in cut if o in ("RemoteDisconnected", "IncompleteRead")], cut


def test_sighup_replaces_the_workers_and_the_old_ones_exit(site, servers):
    env, db = site
    server = start(WORKERS, env, db.url)
    servers.append(server)
    old = set(server.workers())
    assert len(old) == WORKERS
    server.send(signal.SIGHUP)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = set(server.workers())
        if len(now) == WORKERS and not now & old:
            break
        time.sleep(0.2)
    now = set(server.workers())
    assert not now & old, "old workers still running after the reload"
    assert len(now) == WORKERS
    assert _get(server.url) == 200
    assert server.logs().count("Worker exiting") >= WORKERS
    assert server.stop(signal.SIGTERM) < STOP_BOUND
