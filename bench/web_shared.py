"""Measuring on a machine shared with other work, where requests per second say as much
about the neighbours as about the pages:

- **Server CPU per request** (every run): the gunicorn workers' own CPU time (user + system,
  from /proc/<pid>/stat) over the measured run, divided by the requests answered. Other
  processes do not add to it, so its ratio to the trivial view's holds whatever the load.
  It leaves out what the load generator and the kernel's networking spend per request, which
  weigh most on the trivial view: as a throughput ratio it errs low (conservative).
- **Paired slices** (`bench/web.py --paired N`): a case's run is cut into N slices, each right
  after a slice of the trivial view of the same length, and the case's ratio is the median
  of the N slice ratios, so load that comes and goes moves both sides of each ratio alike.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from statistics import median

from web_load import Request, Result

TICKS = os.sysconf("SC_CLK_TCK")


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU seconds of the master's worker processes (all their threads)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command's ")": state, ppid, ... utime and stime are the 12th and 13th.
        if fields[1] == str(master):
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def with_server_cpu(load: Callable[[], Result], master: int) -> Result:
    """Run `load` and add the workers' CPU milliseconds per request it answered."""
    before = workers_cpu_seconds(master)
    result = load()
    spent = workers_cpu_seconds(master) - before
    return replace(result, server_cpu_ms=spent * 1000 / result.requests if result.requests else 0)


Load = Callable[[list[Request], float], Result]


def slices_of(requests: list[Request], count: int, *, in_order: bool) -> list[list[Request]]:
    """What each slice sends: the same pages for the random cases; for an in-order walk
    (uncached) a part of it each, so no slice repeats a page another asked for."""
    if not in_order:
        return [requests] * count
    size = max(1, len(requests) // count)
    return [requests[n * size : (n + 1) * size] or requests for n in range(count)]


def measure(
    load: Load,
    requests: list[Request],
    trivial: list[Request],
    *,
    seconds: float,
    count: int,
    in_order: bool,
) -> Result:
    """The case over `count` slices of `seconds / count` each, alternating with the trivial
    view. Requests per second over all slices; p50 the median of the slices' p50; p99 the
    worst slice's p99 (slices are short: their p99 is a noisy estimate, so the worst is
    reported rather than a flattering middle); `paired_ratio` the median slice ratio."""
    length = max(1.0, seconds / count)
    pairs = [
        (load(trivial, length), load(part, length))
        for part in slices_of(requests, count, in_order=in_order)
    ]
    cases = [case for _base, case in pairs]
    total = sum(case.requests for case in cases)
    elapsed = sum(case.seconds for case in cases)
    cpu = [case.server_cpu_ms or 0.0 for case in cases]
    return Result(
        requests=total,
        seconds=elapsed,
        rps=total / elapsed if elapsed else 0.0,
        p50_ms=median(case.p50_ms for case in cases),
        p99_ms=max(case.p99_ms for case in cases),
        errors=sum(case.errors for case in cases),
        tool=cases[0].tool,
        paired_ratio=median(case.rps / base.rps if base.rps else 0.0 for base, case in pairs),
        paired_trivial_rps=sum(base.requests for base, _case in pairs)
        / (sum(base.seconds for base, _case in pairs) or 1),
        server_cpu_ms=sum(c * case.requests for c, case in zip(cpu, cases, strict=True))
        / (total or 1),
    )
