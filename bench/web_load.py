"""Load generators for the web benchmark: wrk (Debian's `apt-get install wrk`), run as a
separate process, or a small pure-Python fallback for the CI smoke pass when wrk is absent.

Each run returns requests per second, p50 and p99 latency in milliseconds and how many answers
were not 2xx/3xx.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str
    # `--paired`: the median ratio to the trivial view over alternating slices, and the
    # trivial view's rate over those slices (`web_shared.py`).
    paired_ratio: float | None = None
    paired_trivial_rps: float | None = None
    # The server's workers' CPU milliseconds per request answered (`web_shared.py`).
    server_cpu_ms: float | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def wrk_path() -> str | None:
    return shutil.which("wrk")


# wrk picks one of the prepared requests at random for every request it sends, or, with
# `in_order`, each thread walks through its own share of them (request i goes to thread
# i mod threads), so no request is sent twice before all have been sent once.
_LUA = """
local requests = {}
for i, r in ipairs(cases) do
  requests[i] = wrk.format(r.method, r.path, r.headers, r.body)
end
local in_order, threads = %s, %d
local started = 0
function setup(thread)
  thread:set("id", started)
  started = started + 1
end
function init(args)
  position = id
end
-- each wrk thread has its own Lua state: seed each differently (a table's address differs)
local address = tonumber(string.match(tostring({}), "0x(%%x+)") or "0", 16)
math.randomseed(%d + address %% 1000003)
request = function()
  if in_order then
    local r = requests[position %% #requests + 1]
    position = position + threads
    return r
  end
  return requests[math.random(#requests)]
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for ASCII text


def _lua_cases(requests: list[Request]) -> str:
    parts = []
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
        parts.append(
            f"{{method = {_lua_string(r.method)}, path = {_lua_string(r.path)}, "
            f"headers = {{{headers}}}, body = {_lua_string(r.body)}}}"
        )
    return "cases = {\n" + ",\n".join(parts) + "\n}\n"


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(
    base: str,
    requests: list[Request],
    *,
    seconds: float,
    connections: int,
    in_order: bool = False,
    threads: int = 2,
) -> Result:
    threads = min(threads, connections)
    settings = ("true" if in_order else "false", threads, random.randrange(1 << 30))  # noqa: S311
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua_cases(requests) + _LUA % settings)
    command = [
        wrk_path() or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        script.name,
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    Path(script.name).unlink()
    total = int(re.search(r"(\d+) requests in ([\d.]+)(m?s)", output).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    # wrk pads values of a second or more ("1.22s "): the trailing space is not part of it.
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if not latency:  # no request finished in time: wrk prints no distribution
        latency = {"50": f"{seconds}s", "99": f"{seconds}s"}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return Result(
        requests=total,
        seconds=seconds,
        rps=rps,
        p50_ms=_milliseconds(latency["50"]),
        p99_ms=_milliseconds(latency["99"]),
        errors=failed,
        tool="wrk",
    )


def run_python(
    base: str,
    requests: list[Request],
    *,
    seconds: float,
    connections: int,
    in_order: bool = False,
) -> Result:
    """The fallback: `connections` threads with one keep-alive connection each. It measures
    less precisely than wrk (the GIL); the smoke pass only asserts that every page answers."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        pick = random.Random(seed)  # noqa: S311 - load, not secrets
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine: list[float] = []
        failed = 0
        position = seed
        while time.monotonic() < deadline:
            if in_order:
                r = requests[position % len(requests)]
                position += connections
            else:
                r = pick.choice(requests)
            started = time.perf_counter()
            connection.request(r.method, r.path, body=r.body or None, headers=r.headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            failed += response.status >= 400
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def quantile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] if latencies else 0

    return Result(
        requests=len(latencies),
        seconds=elapsed,
        rps=len(latencies) / elapsed,
        p50_ms=quantile(0.5),
        p99_ms=quantile(0.99),
        errors=errors[0],
        tool="python",
    )


def ask_each(base: str, requests: list[Request], *, rounds: int) -> None:
    """Send every request `rounds` times, one after another, each on a new connection (so the
    server's workers, which accept connections in turn, each get their share)."""
    host, port = base.removeprefix("http://").split(":")
    for _ in range(rounds):
        for r in requests:
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request(r.method, r.path, body=r.body or None, headers=r.headers)
            connection.getresponse().read()
            connection.close()


def run(
    base: str,
    requests: list[Request],
    *,
    seconds: float,
    connections: int,
    use_wrk: bool,
    in_order: bool = False,
) -> Result:
    """Load the server with these requests: picked at random, or `in_order` (each sent once
    before any is repeated)."""
    if use_wrk:
        return run_wrk(base, requests, seconds=seconds, connections=connections, in_order=in_order)
    return run_python(base, requests, seconds=seconds, connections=connections, in_order=in_order)
