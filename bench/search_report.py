"""The search benchmark's Markdown report: quality per category, latency as ratios of the
trivial view, the rebuild, each beside its target (issue 20)."""

from __future__ import annotations

from typing import Any

CATEGORIES = (
    "exact", "punctuation", "accent", "aka", "person", "character", "prefix", "typo-1", "typo-2",
    "all",
)  # fmt: skip
# success@1 targets per category, and success@10 over all queries.
AT1_TARGETS = {"exact": 0.95, "punctuation": 0.95, "accent": 0.95, "typo-1": 0.85}
AT10_TARGET = 0.97
SUGGEST_P99_MS, RESULTS_P99_MS = 30, 80


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _quality(report: dict[str, Any]) -> list[str]:
    evals = {db: e for db, e in report["eval"].items() if e}
    if not evals:
        return []
    dbs = list(evals)
    lines = [
        "## Quality: the evaluation set",
        "",
        " · ".join(
            f"{db}: {e['documents']:,} documents, catalogue built in {e['build_seconds']:g} s"
            f" (0 when reused), {len(e['outcomes'])} queries asked in {e['eval_seconds']:g} s"
            + (f", {e['expected_missing']} targets missing" if e["expected_missing"] else "")
            for db, e in evals.items()
        ),
        "",
        "| category | queries | "
        + " | ".join(f"{db} s@1 | {db} s@10 | {db} MRR" for db in dbs)
        + " | target |",
        "|---|---:|" + "---:|---:|---:|" * len(dbs) + "---|",
    ]
    for category in CATEGORIES:
        rows = [evals[db]["scores"].get(category) for db in dbs]
        if not rows[0]:
            continue
        cells = " | ".join(
            f"{r['success@1']:.3f} | {r['success@10']:.3f} | {r['mrr']:.3f}" if r else "– | – | –"
            for r in rows
        )
        target = ""
        if category in AT1_TARGETS:
            ok = all(r and r["success@1"] >= AT1_TARGETS[category] for r in rows)
            target = f"s@1 ≥ {AT1_TARGETS[category]}: {_verdict(ok)}"
        elif category == "all":
            ok = all(r and r["success@10"] >= AT10_TARGET for r in rows)
            target = f"s@10 ≥ {AT10_TARGET}: {_verdict(ok)}"
        lines.append(f"| {category} | {rows[0]['queries']} | {cells} | {target} |")
    lines.append("")
    if len(dbs) == 2:
        first, second = (evals[db]["outcomes"] for db in dbs)
        top1 = sum(a["top"][:1] != b["top"][:1] for a, b in zip(first, second, strict=True))
        top10 = sum(a["top"] != b["top"] for a, b in zip(first, second, strict=True))
        lines += [
            f"Between {dbs[0]} and {dbs[1]}: the first result differs for **{top1}** of "
            f"{len(first)} queries, the first ten for {top10}.",
            "",
        ]
    for db in dbs:
        misses = [o for o in evals[db]["outcomes"] if o["rank"] != 1]
        if misses:
            lines.append(f"Misses at 1 on {db} (query → place of the expected result):")
            lines.append("")
            for o in misses[:40]:
                lines.append(
                    f"- {o['category']}{' ' + o['detail'] if o['detail'] else ''}: "
                    f"`{o['text']}` → {o['rank'] or 'not found'} (expected {o['expected']};"
                    f" first: {o['top'][0] if o['top'] else 'nothing'})"
                )
            lines.append("")
    return lines


def _latency(report: dict[str, Any]) -> list[str]:
    runs = {name: r for name, r in report["latency"].items() if r}
    if not runs:
        return []
    lines = [
        "## Latency: wrk, 8 connections, nothing cached",
        "",
        "| preset, db | documents | case | req/s | × trivial | p50 ms | p99 ms | errors | target |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, run in runs.items():
        results = run["results"]
        trivial = results["trivial view"]["rps"]
        documents = sum(v for k, v in run["counts"].items() if k != "akas")
        for case, result in results.items():
            target = ""
            if case == "suggest":
                target = (
                    f"p99 ≤ {SUGGEST_P99_MS} ms: {_verdict(result['p99_ms'] <= SUGGEST_P99_MS)}"
                )
            elif case == "results page":
                target = (
                    f"p99 ≤ {RESULTS_P99_MS} ms: {_verdict(result['p99_ms'] <= RESULTS_P99_MS)}"
                )
            lines.append(
                f"| {name} | {documents:,} | {case} | {result['rps']:,.0f} | "
                f"{result['rps'] / trivial:.3f} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f}"
                f" | {result['errors']} | {target} |"
            )
    lines += ["", "The selector alone, in process, per category (ms per query, p50 / p99):", ""]
    categories = sorted({c for run in runs.values() for c in run["in_process"]})
    lines.append("| preset, db | " + " | ".join(categories) + " |")
    lines.append("|---|" + "---:|" * len(categories))
    for name, run in runs.items():
        cells = [
            f"{run['in_process'][c]['p50_ms']:.1f} / {run['in_process'][c]['p99_ms']:.1f}"
            if c in run["in_process"]
            else "–"
            for c in categories
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Index and rebuild (`manage.py search_index --rebuild`, its own process):", ""]
    lines.append("| preset, db | documents by kind | AKAs | rebuild s | CPU s | peak RSS MB |")
    lines.append("|---|---|---:|---:|---:|---:|")
    for name, run in runs.items():
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(run["counts"].items()) if k != "akas")
        rebuild = run["rebuild"] or {}
        lines.append(
            f"| {name} | {kinds} | {run['counts']['akas']:,} | {rebuild.get('seconds', '–')} | "
            f"{rebuild.get('cpu_seconds', '–')} | {rebuild.get('peak_rss_mb', '–')} |"
        )
    lines.append("")
    return lines


def markdown(report: dict[str, Any]) -> str:
    before = ", ".join(f"{x:.1f}" for x in report["load_average"])
    after = ", ".join(f"{x:.1f}" for x in report["load_average_after"])
    lines = [
        f"# Search benchmark, {report['date']}",
        "",
        f"Machine: {report['machine']}; load average {before} at the start, {after} at the end"
        " (each part's own, 1 minute, before and after it, is in the .json).",
        f"wrk: {report['connections']} connections, {report['seconds']:g} s per case after 1 s"
        " of warm-up on other queries; every query of a case distinct and sent once.",
        "",
        *_quality(report),
        *_latency(report),
    ]
    return "\n".join(lines) + "\n"
