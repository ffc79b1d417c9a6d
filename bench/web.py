"""Web benchmark: the real server (gunicorn, one sync worker per core) against a generated
database, loaded by wrk from a separate process; every figure beside a trivial view.

    .venv/bin/python bench/web.py [--preset moviemeter] [--db sqlite|postgres] [--smoke]

Cases: the trivial view (`/health/`: a tiny 200 through the same middleware), the heaviest
title (most credits and votes), random titles, the home page with its counters, the cast &
crew page of the heaviest title, the person page of the most credited actor, random edition,
compare and album pages and their uncached variants (`web_releases.py`), random article
pages and the articles index (when the database has articles), and vote writes by
many members on random titles (through the real vote view), after which `recount` must find
no drift. Also queries per page (test client) and the workers' peak RSS.
Full runs write bench/results/<date>-<db>.md and .json; `--smoke` (CI) runs every case for
a second at the small preset into var/bench/ and only checks that it all works.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import web_load
import web_releases
import web_shared
import web_site
from web_load import Request

ROOT = web_site.ROOT
RESULTS = ROOT / "bench" / "results"
ANONYMOUS = {"Accept-Language": "en"}


def say(text: str) -> None:
    print(text)  # noqa: T201 - the benchmark reports on stdout


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default=os.environ.get("BENCH_PRESET", "moviemeter"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench"),
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8600")))
    parser.add_argument("--smoke", action="store_true", help="CI: small preset, 1 s per case")
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    parser.add_argument("--only", nargs="*", help="run only these cases (by name prefix)")
    parser.add_argument("--tag", default="", help="added to the results' file names")
    parser.add_argument(
        "--paired",
        type=int,
        default=0,
        help="measure each case in N slices alternating with the trivial view (web_shared.py)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.preset, args.seconds, args.connections = "small", 1, 4
    return args


def database_url(args: argparse.Namespace) -> str:
    if args.db == "postgres":
        web_site.postgres_database_create(args.postgres_url, fresh=args.fresh)
        return str(args.postgres_url)
    name = f"smoke-{args.preset}" if args.smoke else args.preset
    path = web_site.VAR / f"{name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.fresh or args.smoke:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def start_server(args: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GUNICORN_ACCESS_LOG": "/dev/null", "DJANGO_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--config",
            str(ROOT / "config" / "gunicorn.py"),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health/", timeout=2)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not answer on /health/")


def worker_peak_rss_mb(master: int) -> float:
    """The largest VmHWM (peak resident set) among the master's worker processes."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


# Sent in order, each request a title no earlier request asked for: the page as rendered
# when no cache holds it (a crawler's visit), beside the cached cases.
UNCACHED = "title, uncached"
# The trivial view that also loads the session and the member: members' pages' line.
MEMBER_TRIVIAL = "trivial view, member"


def page_cases(targets: web_site.Targets, uncached: list[str]) -> dict[str, list[Request]]:
    def get(path: str) -> Request:
        return Request("GET", path, ANONYMOUS)

    member_trivial, member_titles = web_site.member_requests(targets.random_titles)
    # A database generated before articles existed has none: those cases are left out.
    articles = (
        {
            "article, random": [get(f"/articles/{slug}/") for slug in targets.articles],
            "articles index": [get("/articles/"), get("/articles/?page=2")],
        }
        if targets.articles
        else {}
    )
    return {
        "trivial view": [get("/health/")],
        MEMBER_TRIVIAL: member_trivial,
        "title, member": member_titles,
        "title, heaviest": [get(f"/title/{targets.heaviest_title}/")],
        "title, random": [get(f"/title/{slug}/") for slug in targets.random_titles],
        UNCACHED: [get(f"/title/{slug}/") for slug in uncached],
        "home": [get("/")],
        "cast & crew, heaviest": [get(f"/title/{targets.heaviest_title}/cast/")],
        "person, most credited actor": [get(f"/person/{targets.top_actor}/")],
        **articles,
    }


def measure_case(
    name: str,
    requests: list[Request],
    base: str,
    args: argparse.Namespace,
    *,
    use_wrk: bool,
    trivial: list[Request],
    server: int,
) -> web_load.Result:
    """The measured run after a warm-up. Cached cases are measured in their steady state:
    every page is asked for several times first, each time on a new connection, so each
    worker's cache most likely holds it (p = 1 - 0.5**rounds with two workers), then 1 s of
    load fills the connections. The uncached case warms up on the second half of its titles
    and is measured on the first, which no request has asked for."""
    in_order = name.endswith("uncached")
    half = len(requests) // 2
    warm, measured = (requests[half:], requests[:half]) if in_order else (requests, requests)
    if not in_order:
        web_load.ask_each(base, requests, rounds=1 if args.smoke else 5)
    load = partial(
        web_load.run, base, connections=args.connections, use_wrk=use_wrk, in_order=in_order
    )
    load(warm, seconds=1)

    def timed(part: list[Request], seconds: float) -> web_load.Result:
        return web_shared.with_server_cpu(lambda: load(part, seconds=seconds), server)

    if args.paired > 1 and requests is not trivial:
        return web_shared.measure(
            timed, measured, trivial, seconds=args.seconds, count=args.paired, in_order=in_order
        )
    return timed(measured, args.seconds)


def result_line(name: str, result: web_load.Result) -> str:
    paired = f", {result.paired_ratio:.2f} × trivial (paired)" if result.paired_ratio else ""
    return (
        f"{name}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms,"
        f" p99 {result.p99_ms:.1f} ms, errors {result.errors},"
        f" server CPU {result.server_cpu_ms or 0:.2f} ms/request{paired}"
    )


def page_queries(
    cases: dict[str, list[Request]],
    targets: web_site.Targets,
    releases: web_releases.ReleaseTargets,
) -> dict[str, dict[str, int]]:
    """Queries per page (test client) of the heaviest page of each kind."""
    return web_site.queries_per_page(
        {
            "title, heaviest": cases["title, heaviest"][0].path,
            "title, fewest credits": f"/title/{targets.light_title}/",
            "home": "/",
            "cast & crew, heaviest": cases["cast & crew, heaviest"][0].path,
            "person, most credited actor": cases["person, most credited actor"][0].path,
            **releases.heaviest,
            **web_site.article_paths(),
        }
    )


def main() -> int:
    args = parse()
    url = database_url(args)
    web_site.configure(url)
    started = time.monotonic()
    state = web_site.prepare(args.preset, args.seed)
    state += web_releases.ensure(args.seed)
    generated = time.monotonic() - started
    say(f"database {args.db}: {state} ({generated:.0f} s)")
    targets = web_site.targets()
    use_wrk = web_load.wrk_path() is not None
    if not use_wrk:
        if not args.smoke:
            raise SystemExit("wrk is missing: apt-get install wrk (Debian's package).")
        say("wrk is missing (apt-get install wrk): the smoke pass uses the Python loader.")
    uncached = 20 if args.smoke else 40_000
    releases = web_releases.targets()
    cases = page_cases(targets, web_site.titles_sample(uncached, seed=2)) | web_releases.cases(
        releases, sample=20 if args.smoke else 200, uncached=uncached
    )
    queries = page_queries(cases, targets, releases)
    votes = web_site.voter_requests(targets.random_titles)
    from django.db import connections

    connections.close_all()
    server = start_server(args)
    # A stopped benchmark stops its server too (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    base = f"http://127.0.0.1:{args.port}"
    results: dict[str, dict[str, object]] = {}
    try:
        for name, requests in cases.items():
            if args.only and not any(name.startswith(prefix) for prefix in args.only):
                continue
            result = measure_case(
                name,
                requests,
                base,
                args,
                use_wrk=use_wrk,
                trivial=cases["trivial view"],
                server=server.pid,
            )
            results[name] = result.as_dict()
            say(result_line(name, result))
        votes_started = datetime.datetime.now(datetime.UTC)
        result = web_load.run(
            base,
            votes,
            seconds=args.seconds,
            connections=args.connections,
            use_wrk=use_wrk,
            in_order=True,  # every vote post creates or changes a vote
        )
        results["vote writes"] = result.as_dict()
        vote_result = result
        say(
            f"vote writes: {result.rps:,.0f} votes/s, p99 {result.p99_ms:.1f} ms,"
            f" errors {result.errors}",
        )
        rss = worker_peak_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    written = web_site.votes_written_since(votes_started)
    results["vote writes"]["written_per_s"] = written / vote_result.seconds
    say(f"votes created or changed by the vote writes: {written:,}")
    drift = web_site.recount_drift()
    say(f"recount after the vote writes: {'DRIFT' if drift else 'no drift'}")
    say(f"worker peak RSS: {rss:.0f} MB")
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "db": args.db,
        "preset": args.preset,
        "database": state,
        "generate_seconds": round(generated, 1),
        "workers": args.workers,
        "connections": args.connections,
        "seconds": args.seconds,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "targets": targets.__dict__,
        "releases": releases.summary(),
        "results": results,
        "queries": queries,
        "worker_peak_rss_mb": round(rss, 1),
        "recount_drift": drift,
        "votes_written": written,
    }
    write(report, smoke=args.smoke, tag=args.tag)
    failed = drift or not written or any(r["errors"] for r in results.values())
    return 1 if failed else 0


def write(report: dict[str, object], *, smoke: bool, tag: str = "") -> None:
    import web_report

    folder = web_site.VAR if smoke else RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{'smoke-' if smoke else ''}{str(report['date'])[:10]}-{report['db']}"
    stem += f"-{tag}" if tag else ""
    (folder / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    (folder / f"{stem}.md").write_text(web_report.markdown(report))
    say(f"results: {folder / stem}.md")


if __name__ == "__main__":
    sys.exit(main())
