"""Search benchmark (issue 20): quality on an evaluation set from the real samples, latency
under wrk at two scales, and the full rebuild's time and memory, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                      # everything: eval, small, moviemeter
    .venv/bin/python bench/search.py --only eval          # the evaluation set alone
    .venv/bin/python bench/search.py --only latency --presets small --dbs sqlite

Each database runs in a child process of this script (Django is configured once per
process); the parent gathers their figures and writes bench/results/<date>-search.md and
.json. See bench/README.md, "Search (issue 20)".

- **Quality**: the catalogue of the demo and the samples in ../shared/data (`search_eval`)
  is built once per database (var/bench/search-eval.sqlite3, or `--eval-postgres-url`); the
  query set is generated on the first database and asked of every one; success@1,
  success@10 and MRR per category, and how many queries' first ten results differ between
  the databases.
- **Latency**: a generated database per preset (`manage.py generate_scale`, shared with
  bench/web.py) with AKAs added (`search_scale.akas_add`), its index rebuilt when empty or on
  `--rebuild` (timed, peak RSS), then the real server (gunicorn, one sync worker per core)
  with caching off (`CACHE_URL=dummycache://`), and wrk with 8 connections walking a mix of
  distinct queries in order, for the trivial view, the suggest endpoint and the results
  page; also each category's time per query in process (the selector alone).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.parse
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
QUERIES_FILE = VAR / "search-eval-queries.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/cinemeter_bench"
DEFAULT_EVAL_PG = "postgres://postgres@127.0.0.1:5432/cinemeter_search_eval"


def say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - the benchmark reports on stdout


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("eval", "latency"), help="one part only")
    parser.add_argument("--presets", nargs="+", default=["small", "moviemeter"])
    parser.add_argument("--dbs", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--eval-postgres-url", default=DEFAULT_EVAL_PG)
    parser.add_argument("--no-generate", action="store_true", help="skip a missing scale DB")
    parser.add_argument("--rebuild", action="store_true", help="rebuild (and time) every index")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--queries", type=int, default=6000, help="distinct queries in the mix")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8105")))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--merge", action="store_true", help="add to today's report")
    # A child's own work (run by the parent).
    parser.add_argument("--child", choices=("eval", "latency"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--preset", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def postgres_url_for(args: argparse.Namespace, preset: str) -> str:
    """The moviemeter preset lives in the web benchmark's database; others beside it."""
    return str(args.postgres_url) if preset == "moviemeter" else f"{args.postgres_url}_{preset}"


def reachable(url: str) -> bool:
    script = ROOT / "scripts" / "db_reachable.py"
    return subprocess.run([sys.executable, str(script), url], check=False).returncode == 0  # noqa: S603


def postgres_database_exists(url: str) -> bool:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return row.fetchone() is not None


# --- Children --------------------------------------------------------------------------------


def child_eval(args: argparse.Namespace) -> dict[str, Any]:
    import web_site

    web_site.configure(args.database_url)
    import search_eval
    from django.core.management import call_command

    from cinemeter.core.models import SiteCounter

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    if not SiteCounter.objects.filter(name__startswith=search_eval.ORIGINS_MARKER).exists():
        say("building the evaluation catalogue from the demo and ../shared/data")
        search_eval.catalogue_build(search_eval.FULL_STEPS, say)
    built = time.monotonic() - started
    if QUERIES_FILE.exists():
        queries = [search_eval.EvalQuery(**q) for q in json.loads(QUERIES_FILE.read_text())]
    else:
        queries = search_eval.generate(search_eval.FULL)
        QUERIES_FILE.write_text(json.dumps(search_eval.as_json(queries), indent=1) + "\n")
    started = time.monotonic()
    outcomes = search_eval.evaluate(queries)
    seconds = time.monotonic() - started
    from cinemeter.search.models import SearchDocument

    known = set()
    for kind, url, title in SearchDocument.objects.values_list("kind", "url", "title"):
        known.add(search_eval.ident_of(kind, url, title))
    return {
        "build_seconds": round(built, 1),
        "documents": SearchDocument.objects.count(),
        "eval_seconds": round(seconds, 1),
        "scores": search_eval.scores(outcomes),
        "expected_missing": sum(q.expected not in known for q in queries),
        "outcomes": [
            {**dataclasses.asdict(o.query), "rank": o.rank, "top": o.top} for o in outcomes
        ],
    }


def child_latency(args: argparse.Namespace) -> dict[str, Any]:
    import search_scale
    import web
    import web_load
    import web_site
    from web_load import Request

    web_site.configure(args.database_url)
    started = time.monotonic()
    state = web_site.prepare(args.preset, args.seed)
    generated = time.monotonic() - started
    akas = search_scale.akas_add(args.seed)
    from django.db import connections

    from cinemeter.search.models import SearchDocument

    rebuild_file = VAR / f"search-rebuild-{args.preset}-{args.db}.json"
    if args.rebuild or not SearchDocument.objects.exists():
        connections.close_all()
        rebuilt: dict[str, Any] = {
            **search_scale.rebuild_measure(args.database_url).as_dict(),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        rebuild_file.write_text(json.dumps(rebuilt) + "\n")
    rebuild = json.loads(rebuild_file.read_text()) if rebuild_file.exists() else {}
    mix = search_scale.query_mix(args.queries, args.seed)
    in_process = per_category_times(mix[:600])
    counts = corpus_counts()
    connections.close_all()
    os.environ["CACHE_URL"] = "dummycache://"  # nothing cached: every query is computed
    server = web.start_server(args)
    base = f"http://127.0.0.1:{args.port}"
    headers = {"Accept-Language": "en"}

    def gets(path: str) -> list[Request]:
        return [Request("GET", path + urllib.parse.quote(q.text), headers) for q in mix]

    cases = {
        "trivial view": [Request("GET", "/health/", headers)],
        "suggest": gets("/search/suggest?q="),
        "results page": gets("/search/?q="),
    }
    results: dict[str, Any] = {}
    try:
        for name, requests in cases.items():
            half = len(requests) // 2
            warm, measured = (requests[half:], requests[:half]) if half else (requests, requests)
            run = partial(
                web_load.run, base, connections=args.connections, use_wrk=True, in_order=True
            )
            run(warm, seconds=1)
            result = run(measured, seconds=args.seconds)
            results[name] = {**result.as_dict(), "distinct": len(measured)}
            say(
                f"{args.preset} {args.db} {name}: {result.rps:,.0f} req/s, p50 "
                f"{result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, errors {result.errors}"
            )
        rss = web.worker_peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "database": state,
        "generate_seconds": round(generated, 1),
        "akas_added": akas,
        "counts": counts,
        "rebuild": rebuild,
        "mix": {c: sum(q.category == c for q in mix) for c in search_scale.MIX},
        "in_process": in_process,
        "results": results,
        "worker_peak_rss_mb": round(rss, 1),
    }


def corpus_counts() -> dict[str, int]:
    from django.db.models import Count

    from cinemeter.catalog.models import AlternativeTitle
    from cinemeter.search.models import SearchDocument

    by_kind = dict(
        SearchDocument.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return {**by_kind, "akas": AlternativeTitle.objects.count()}


def per_category_times(mix: list[Any]) -> dict[str, dict[str, float]]:
    """Milliseconds per query of the selector alone (no HTTP, no template), per category."""
    from cinemeter.search.selectors import search

    times: dict[str, list[float]] = {}
    for query in mix:
        started = time.perf_counter()
        search(query.text)
        times.setdefault(query.category, []).append((time.perf_counter() - started) * 1000)
    return {
        category: {
            "queries": len(values),
            "p50_ms": round(statistics.median(values), 2),
            "p99_ms": round(sorted(values)[min(len(values) - 1, int(0.99 * len(values)))], 2),
        }
        for category, values in times.items()
    }


# --- The parent ------------------------------------------------------------------------------


def run_child(args: argparse.Namespace, part: str, db: str, url: str, preset: str = "") -> Any:
    out = VAR / f"search-{part}-{preset or 'eval'}-{db}.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable, __file__, "--child", part, "--database-url", url, "--out", str(out),
        "--dbs", db, "--seed", str(args.seed), "--seconds", str(args.seconds),
        "--connections", str(args.connections), "--queries", str(args.queries),
        "--port", str(args.port), "--workers", str(args.workers),
    ]  # fmt: skip
    if preset:
        command += ["--preset", preset]
    if args.rebuild:
        command.append("--rebuild")
    say(f"== {part} {preset} on {db}")
    load = os.getloadavg()[0]
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    if subprocess.run(command, check=False).returncode != 0:  # noqa: S603 - this script
        say(f"   {part} {preset} on {db}: FAILED (see above)")
        return None
    result = json.loads(out.read_text())
    result["started"] = started
    result["load_average"] = [load, os.getloadavg()[0]]
    return result


def database_urls(args: argparse.Namespace, preset: str | None) -> dict[str, str]:
    urls: dict[str, str] = {}
    for db in args.dbs:
        if db == "sqlite":
            name = f"{preset}.sqlite3" if preset else "search-eval.sqlite3"
            urls[db] = f"sqlite:///{VAR / name}"
            continue
        url = postgres_url_for(args, preset) if preset else str(args.eval_postgres_url)
        if not reachable(url.rsplit("/", 1)[0] + "/postgres"):
            say(f"== SKIPPED: PostgreSQL (no server for {url})")
        elif preset and args.no_generate and not postgres_database_exists(url):
            say(f"== SKIPPED: PostgreSQL at {preset} ({url} does not exist; --no-generate)")
        else:
            import web_site

            web_site.postgres_database_create(url, fresh=False)
            urls[db] = url
    return urls


def main() -> int:
    args = parse()
    if args.child:
        args.db = args.dbs[0]
        result = child_eval(args) if args.child == "eval" else child_latency(args)
        args.out.write_text(json.dumps(result, indent=1) + "\n")
        return 0
    VAR.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "load_average": os.getloadavg(),
        "connections": args.connections,
        "seconds": args.seconds,
        "eval": {},
        "latency": {},
    }
    if args.only in (None, "eval"):
        QUERIES_FILE.unlink(missing_ok=True)  # generated afresh on the first database
        for db, url in database_urls(args, None).items():
            report["eval"][db] = run_child(args, "eval", db, url)
    if args.only in (None, "latency"):
        for preset in args.presets:
            for db, url in database_urls(args, preset).items():
                report["latency"][f"{preset} {db}"] = run_child(args, "latency", db, url, preset)
    report["load_average_after"] = os.getloadavg()
    import search_report

    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{report['date'][:10]}-search"
    if args.merge and Path(f"{stem}.json").exists():
        # Parts run separately the same day go into one report; this run's parts replace theirs.
        earlier = json.loads(Path(f"{stem}.json").read_text())
        for part in ("eval", "latency"):
            report[part] = {**earlier.get(part, {}), **report[part]}
        report["load_average"] = earlier.get("load_average", report["load_average"])
    Path(f"{stem}.json").write_text(json.dumps(report, indent=1) + "\n")
    Path(f"{stem}.md").write_text(search_report.markdown(report))
    say(f"results: {stem}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
