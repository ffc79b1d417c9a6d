"""The web benchmark's Markdown report: each case as a ratio of the trivial view's req/s."""

from __future__ import annotations

from typing import Any

# Targets (issue 6) for the pages they apply to.
RATIO_TARGET, P99_TARGET_MS, QUERIES_TARGET, RSS_TARGET_MB, VOTES_TARGET = 0.5, 50, 17, 300, 500
HELD_TO_TARGET = (
    "title, heaviest",
    "title, random",
    "home",
    # Issue 18: the cached edition, compare and album pages, held to the title page's target.
    "edition, random",
    "compare, random",
    "album, random",
    # Issue 19: the cached article page and articles index, held to the same target.
    "article, random",
    "articles index",
)
# Issue 14: (case, its baseline, ratio, p99 ms).
PANEL_TARGETS = {
    "title, member": ("trivial view, member", 0.5, 25),
    "title, uncached": ("trivial view", 0.15, 40),
}


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _releases_line(report: dict[str, Any]) -> list[str]:
    counts = report.get("releases", {}).get("counts")
    if not counts:
        return []
    return [
        "Releases: " + ", ".join(f"{name} {value:,}" for name, value in counts.items()) + ".",
        "",
    ]


def _ratio(result: dict[str, Any], trivial: float) -> float:
    """The case's ratio to the trivial view: paired when measured so (`--paired`)."""
    if result.get("paired_ratio"):
        return float(result["paired_ratio"])
    return float(result["rps"] / trivial) if trivial else 0.0


def _paired_note(results: dict[str, dict[str, Any]]) -> list[str]:
    if not any(r.get("paired_ratio") for r in results.values()):
        return []
    return [
        "Paired run (`--paired`): each case in slices alternating with the trivial view; its"
        " × trivial is the median of the slices' ratios, its p99 the worst slice's.",
        "",
    ]


CPU_NOTE = (
    "Server CPU ms/req: the gunicorn workers' own CPU time over the measured run per request"
    " answered, which other work on the machine does not add to; × trivial by CPU is the"
    " trivial view's figure over the case's (conservative as a throughput ratio: it leaves out"
    " the load generator's and the kernel's share, largest on the trivial view)."
)


def markdown(report: dict[str, Any]) -> str:
    results: dict[str, dict[str, Any]] = report["results"]
    trivial = results["trivial view"]["rps"]
    t = report["targets"]
    lines = [
        f"# Web benchmark, {report['date']} — {report['db']}, preset {report['preset']}",
        "",
        f"Machine: {report['machine']}. gunicorn with {report['workers']} sync workers; "
        f"load: {results['trivial view']['tool']}, {report['connections']} connections, "
        f"{report['seconds']:g} s per case after a 1 s warm-up (cached cases: every page asked"
        " for five times before it; the uncached one warmed on other titles). Database"
        f" {report['database']}"
        f" ({report['generate_seconds']:g} s).",
        "",
        f"Heaviest title `{t['heaviest_title']}`: {t['heaviest_credits']} credits, "
        f"{t['heaviest_votes']:,} votes; most credited actor `{t['top_actor']}` "
        f"({t['top_actor_credits']} credits); {len(t['random_titles'])} random titles.",
        "",
        *_releases_line(report),
        *_paired_note(results),
        CPU_NOTE,
        "",
        "| case | req/s | × trivial | server CPU ms/req | × trivial by CPU | p50 ms | p99 ms"
        " | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    trivial_cpu = results["trivial view"].get("server_cpu_ms")
    for name, r in results.items():
        ratio = _ratio(r, trivial)
        cpu = r.get("server_cpu_ms")
        by_cpu = trivial_cpu / cpu if cpu and trivial_cpu and name != "vote writes" else None
        target = ""
        if name in HELD_TO_TARGET:
            ok = ratio >= RATIO_TARGET and r["p99_ms"] <= P99_TARGET_MS
            target = f"≥ {RATIO_TARGET} × and p99 ≤ {P99_TARGET_MS} ms: {_verdict(ok)}"
            if by_cpu is not None:
                target += f"; ≥ {RATIO_TARGET} × by CPU: {_verdict(by_cpu >= RATIO_TARGET)}"
        elif name in PANEL_TARGETS and PANEL_TARGETS[name][0] in results:
            base_name, wanted, p99 = PANEL_TARGETS[name]
            base = _ratio(results[base_name], trivial)
            ratio_to_base = ratio / base if base else 0
            ok = ratio_to_base >= wanted and r["p99_ms"] <= p99
            target = (
                f"{ratio_to_base:.2f} × {base_name}; ≥ {wanted} × and p99 ≤ {p99} ms:"
                f" {_verdict(ok)}"
            )
        elif name == "vote writes":
            written = r.get("written_per_s", 0)
            target = f"{written:,.0f} votes written/s"
            if report["db"] == "sqlite":
                target += f"; ≥ {VOTES_TARGET}/s: {_verdict(written >= VOTES_TARGET)}"
        cpu_cells = (
            f"{cpu:.2f} | {by_cpu:.2f}"
            if by_cpu is not None
            else (f"{cpu:.2f} | " if cpu else " | ")
        )
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {ratio:.2f} | {cpu_cells} | {r['p50_ms']:.1f}"
            f" | {r['p99_ms']:.1f} | {r['errors']} | {target} |"
        )
    lines += [
        "",
        "Queries per page (test client; anonymous and a logged-in member on a cold cache, and"
        " the member again with the page's panels cached):",
        "",
        "| page | anonymous | member | member, warm |",
        "|---|---:|---:|---:|",
    ]
    for name, q in report["queries"].items():
        warm = q.get("member, warm", "")
        lines.append(f"| {name} | {q['anonymous']} | {q['member']} | {warm} |")
    worst = max(max(q.values()) for q in report["queries"].values())
    rss = report["worker_peak_rss_mb"]
    lines += [
        "",
        f"- Queries: at most {worst} per page (target ≤ {QUERIES_TARGET}: "
        f"{_verdict(worst <= QUERIES_TARGET)}).",
        f"- Worker peak RSS: {rss:.0f} MB (target ≤ {RSS_TARGET_MB} MB: "
        f"{_verdict(rss <= RSS_TARGET_MB)}).",
        f"- Vote writes: {report.get('votes_written', 0):,} votes created or changed through the"
        " vote view (the form's post, as a logged-in member, on random titles).",
        f"- Recount after the vote writes: {'DRIFT' if report['recount_drift'] else 'no drift'}.",
        "",
    ]
    return "\n".join(lines)
