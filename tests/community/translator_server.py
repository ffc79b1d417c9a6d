"""A real HTTP server in a thread that answers like a translation API, for the translator
tests: the backends talk HTTP to it exactly as they would to LibreTranslate or DeepL.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (status, JSON body) for one request's (path, headers, JSON body).
Answer = Callable[[str, dict[str, str], dict[str, Any]], tuple[int, Any]]


@dataclass
class FakeApi:
    url: str
    requests: list[tuple[str, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    answer: Answer = lambda path, headers, body: (500, {"error": "no answer set"})
    delay: float = 0.0


@contextmanager
def fake_api() -> Iterator[FakeApi]:
    api = FakeApi(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            headers = {k.lower(): v for k, v in self.headers.items()}
            api.requests.append((self.path, headers, body))
            if api.delay:
                time.sleep(api.delay)
            status, payload = api.answer(self.path, headers, body)
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                pass

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read `api.requests` instead."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def libretranslate_serving(settings: Any, phrases: dict[str, str]) -> Iterator[FakeApi]:
    """The site configured for LibreTranslate at a server that translates by a phrase book
    (an unknown text is a 400, as the real API answers a bad request)."""
    settings.TRANSLATOR_BACKEND = "libretranslate"
    settings.TRANSLATOR_TIMEOUT = 0.5
    settings.TRANSLATOR_RETRIES = 1
    settings.TRANSLATOR_BACKOFF = 0.01
    with fake_api() as api:
        settings.LIBRETRANSLATE_URL = api.url

        def answer(path: str, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
            if path != "/translate" or body.get("q") not in phrases:
                return 400, {"error": "Invalid request"}
            return 200, {"translatedText": phrases[body["q"]]}

        api.answer = answer
        yield api
