"""Related-reading benchmark: the related articles of every article at once, and brought up
to date after one publication, edit or withdrawal, on a generated database.

    .venv/bin/python bench/related.py [--preset moviemeter|small] [--database PATH|URL]
                                      [--repeat 5] [--smoke]

- **Full rebuild** (`related_rebuild`), from scratch (every stored list deleted first, so
  every list is written) and again with every list already right (only computed): wall time,
  the process's CPU time and its peak resident memory (the kernel's high-water mark, Django
  and the corpus included). The corpus load (the published articles' texts and tags, and
  their TF-IDF) is also timed alone: both paths start with it.
- **Incremental** (`related_update`) after (a) a new article published (a copy of a random
  article's text and tags under a new slug: it is like its original and its neighbours),
  (b) an article edited (a paragraph about another film added, with its tag) and (c) an
  article withdrawn; `--repeat` times each, on different articles, median reported.
- **Quality**: the share of articles whose first related article shares a tag with it, and
  of articles with a list at all.

Nothing is kept: on SQLite everything runs on a copy of the database file (deleted
afterwards), on PostgreSQL in one transaction that is rolled back; each incremental run is
in a transaction (a savepoint) of its own, rolled back too, so each starts from the same
lists.
Full runs write bench/results/<date>-related.md and .json; `--smoke` (CI) uses the small
preset's smoke database, one repetition, into var/bench/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import web_site

ROOT = web_site.ROOT
RESULTS = ROOT / "bench" / "results"


def say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - the benchmark reports on stdout


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="moviemeter", help="var/bench/<preset>.sqlite3")
    parser.add_argument("--seed", type=int, default=1, help="when the database is generated")
    parser.add_argument("--database", help="a SQLite file or a postgres:// URL instead")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="CI: the smoke database, once")
    parser.add_argument("--tag", default="", help="added to the results' file names")
    args = parser.parse_args()
    if args.smoke:
        args.preset, args.repeat = "small", 1
    return args


def database_url(args: argparse.Namespace) -> str:
    if args.database and "://" in args.database:
        return str(args.database)
    if args.database:
        return f"sqlite:///{Path(args.database).resolve()}"
    name = f"smoke-{args.preset}" if args.smoke else args.preset
    path = web_site.VAR / f"{name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class _UndoError(Exception):
    """Raised at the end of a measured block: what it wrote is undone."""


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timed:
    seconds: float
    cpu_seconds: float
    changed: int

    def as_dict(self) -> dict[str, float]:
        return {
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "lists_changed": self.changed,
        }


def timed(work: Callable[[], int]) -> Timed:
    started, cpu = time.monotonic(), time.process_time()
    changed = work()
    return Timed(time.monotonic() - started, time.process_time() - cpu, changed)


def _corpus_counts() -> dict[str, int]:
    from cinemeter.editorial.articles.models import Article, ArticleStatus, ArticleTag

    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    return {
        "articles": published.count(),
        "tags": ArticleTag.objects.filter(article__status=ArticleStatus.PUBLISHED).count(),
        "words": sum(len(body.split()) for body in published.values_list("body", flat=True)),
    }


def rebuild() -> dict[str, object]:
    """The full rebuild from scratch, then again with nothing to change."""
    from cinemeter.editorial.articles.models import ArticleRelated
    from cinemeter.editorial.articles.related import corpus_load, related_rebuild

    rss_before = _peak_rss_mb()
    load = timed(lambda: corpus_load().size)
    say(f"corpus load: {load.seconds:.1f} s for {load.changed:,} articles")
    ArticleRelated.objects.all().delete()
    scratch = timed(lambda: related_rebuild()[1])
    say(
        f"full rebuild from scratch: {scratch.seconds:.1f} s "
        f"(CPU {scratch.cpu_seconds:.1f} s), {scratch.changed:,} lists written"
    )
    peak = _peak_rss_mb()
    again = timed(lambda: related_rebuild()[1])
    say(f"full rebuild, every list already right: {again.seconds:.1f} s, {again.changed} changed")
    return {
        "corpus_load": load.as_dict(),
        "from_scratch": scratch.as_dict(),
        "unchanged": again.as_dict(),
        "peak_rss_mb": round(peak, 1),
        "rss_before_mb": round(rss_before, 1),
    }


def _publish_copy(pick: random.Random, article_ids: list[int]) -> int:
    """A new published article: a random article's text and tags under a new slug."""
    from cinemeter.editorial.articles.models import Article, ArticleTag

    original = Article.objects.get(pk=pick.choice(article_ids))
    tags = list(ArticleTag.objects.filter(article=original))
    copy = Article.objects.create(
        slug=f"bench-new-{pick.randrange(10**9)}",
        headline=f"{original.headline}, again",
        standfirst=original.standfirst,
        body=original.body,
        body_html=original.body_html,
        language=original.language,
        author_id=original.author_id,
        status=original.status,
        published_at=datetime.datetime.now(datetime.UTC),
        tag_refs=original.tag_refs,
    )
    for tag in tags:
        tag.pk, tag.article = None, copy
    ArticleTag.objects.bulk_create(tags)
    return copy.pk


def _edit(pick: random.Random, article_ids: list[int]) -> int:
    """A paragraph about another film added to a random article, with the film's tag."""
    from cinemeter.catalog.models import Title
    from cinemeter.community.messages.rendering import message_render
    from cinemeter.editorial.articles.models import Article, ArticleTag, TagKind

    article = Article.objects.get(pk=pick.choice(article_ids))
    other_id = ArticleTag.objects.filter(article_id=pick.choice(article_ids), title__isnull=False)
    other = Title.objects.filter(pk__in=other_id.values("title_id")).exclude(
        pk__in=ArticleTag.objects.filter(article=article).values("title_id")
    )[:1]
    film = other[0] if other else None
    paragraph = "The same questions come back in a later film."
    if film is not None:
        paragraph = f"The same questions come back in [[title:{film.slug}]] ({film.year})."
        ArticleTag.objects.create(article=article, kind=TagKind.TITLE, title=film, order=9)
    article.body = f"{article.body}\n\n{paragraph}"
    article.body_html = message_render(article.body)
    article.version += 1
    article.save(update_fields=["body", "body_html", "version"])
    return article.pk


def _withdraw(pick: random.Random, article_ids: list[int]) -> int:
    from cinemeter.editorial.articles.models import Article, ArticleStatus

    article_id = pick.choice(article_ids)
    Article.objects.filter(pk=article_id).update(status=ArticleStatus.UNPUBLISHED)
    return article_id


CHANGES: dict[str, Callable[[random.Random, list[int]], int]] = {
    "publish": _publish_copy,
    "edit": _edit,
    "withdraw": _withdraw,
}


def incremental(repeat: int) -> dict[str, object]:
    from django.db import transaction

    from cinemeter.editorial.articles.models import Article, ArticleStatus
    from cinemeter.editorial.articles.related import related_update

    article_ids = list(
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pick = random.Random(3)  # noqa: S311 - which articles to change, the same every run
    results: dict[str, object] = {}
    for name, change in CHANGES.items():
        runs: list[Timed] = []
        for _ in range(repeat):
            try:
                with transaction.atomic():
                    article_id = change(pick, article_ids)
                    runs.append(timed(partial(related_update, [article_id])))
                    raise _UndoError
            except _UndoError:
                pass
        median = statistics.median(r.seconds for r in runs)
        say(
            f"incremental, {name}: median {median:.2f} s "
            f"({', '.join(f'{r.seconds:.2f}' for r in runs)}); lists changed "
            f"{', '.join(str(r.changed) for r in runs)}"
        )
        results[name] = {
            "median_seconds": round(median, 3),
            "median_cpu_seconds": round(statistics.median(r.cpu_seconds for r in runs), 3),
            "runs": [r.as_dict() for r in runs],
        }
    return results


def _with_a_tag_partner() -> set[int]:
    """The published articles with a tag that another published article has too."""
    from cinemeter.editorial.articles.models import TAG_COLUMNS, ArticleStatus, ArticleTag

    columns = [f"{column}_id" for column in TAG_COLUMNS.values()]
    holders: dict[tuple[object, ...], set[int]] = {}
    rows = ArticleTag.objects.filter(article__status=ArticleStatus.PUBLISHED).values_list(
        "article_id", *columns
    )
    for article_id, *subject in rows:
        holders.setdefault(tuple(subject), set()).add(article_id)
    return {pk for held_by in holders.values() if len(held_by) > 1 for pk in held_by}


def quality() -> dict[str, object]:
    """Share of articles whose first related article shares a tag, and an example."""
    from cinemeter.editorial.articles.models import Article, ArticleRelated, ArticleStatus

    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED).count()
    firsts = ArticleRelated.objects.filter(rank=1)
    with_list = firsts.count()
    shared_by = dict(firsts.order_by("article_id").values_list("article_id", "shared"))
    sharing = sum(1 for shared in shared_by.values() if shared)
    # The example: the first article whose list starts with one about the same things.
    example = next((pk for pk, shared in shared_by.items() if shared), None)
    shown: dict[str, object] = {}
    if example is not None:
        rows = ArticleRelated.objects.filter(article_id=example).select_related("related")[:5]
        shown = {
            "article": Article.objects.get(pk=example).headline,
            "related": [
                {"headline": r.related.headline, "score": round(r.score, 2), "shared": r.shared}
                for r in rows
            ],
        }
    share = sharing / articles if articles else 0.0
    possible = _with_a_tag_partner()
    when_possible = sharing / len(possible) if possible else 0.0
    say(
        f"quality: {share:.1%} of the articles' first related article shares a tag "
        f"({when_possible:.1%} of the {len(possible):,} that share one with any article)"
    )
    return {
        "first_shares_a_tag": round(share, 4),
        "could_share_a_tag": len(possible),
        "first_shares_a_tag_when_possible": round(when_possible, 4),
        "with_a_list": round(with_list / articles if articles else 0.0, 4),
        "example": shown,
    }


def _sqlite_copy() -> Path:
    """Move the connection to a copy of the SQLite database (checkpointed first, so the file
    is all of it), next to it: the full rebuild then writes as it does in production, in a
    transaction of its own. In one rolled back it would not: SQLite keeps a savepoint's undo
    in memory (temp_store=MEMORY), which more than triples the process's peak memory."""
    import shutil

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    original = Path(connection.settings_dict["NAME"])
    copy = original.with_name(f"{original.stem}.related-bench{original.suffix}")
    connection.close()
    started = time.monotonic()
    shutil.copyfile(original, copy)
    connection.settings_dict["NAME"] = str(copy)
    say(f"measuring on a copy: {copy} ({time.monotonic() - started:.0f} s to copy)")
    return copy


def main() -> int:
    args = parse()
    url = database_url(args)
    web_site.configure(url)
    if not args.database:
        say(f"database: {web_site.prepare(args.preset, args.seed)}")
    from django.db import connection, transaction

    counts = _corpus_counts()
    if not counts["articles"]:
        raise SystemExit("The database has no published articles: generate it first.")
    say(f"{counts['articles']:,} published articles, {counts['tags']:,} tags ({connection.vendor})")
    report: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "db": connection.vendor,
        "database": url.rsplit("@", 1)[-1],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "corpus": counts,
        "repeat": args.repeat,
    }
    copy = _sqlite_copy() if connection.vendor == "sqlite" else None
    report["measured_on"] = "a copy" if copy else "a transaction rolled back"
    try:
        with transaction.atomic() if copy is None else nullcontext():
            report["quality"] = quality()  # the lists as the generator stored them
            report["rebuild"] = rebuild()
            report["incremental"] = incremental(args.repeat)
            if copy is None:
                raise _UndoError
    except _UndoError:
        pass
    finally:
        if copy is not None:
            connection.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
    write(report, smoke=args.smoke, tag=args.tag)
    return 0


# The word for a full rebuild: "minutes, not hours".
REBUILD_TARGET_SECONDS = 600


def markdown(report: dict[str, Any]) -> str:
    corpus, rebuilt, quality_ = report["corpus"], report["rebuild"], report["quality"]
    scratch = rebuilt["from_scratch"]
    met = "met" if scratch["seconds"] <= REBUILD_TARGET_SECONDS else "**not met**"
    lines = [
        f"# Related reading, {report['db']}, {report['date']}",
        "",
        f"Machine: {report['machine']}. Database: {report['database']}, measured on "
        f"{report['measured_on']}.",
        "",
        f"Corpus: {corpus['articles']:,} published articles, {corpus['tags']:,} tags, "
        f"{corpus['words']:,} words of body.",
        "",
        "| full rebuild | wall s | CPU s | lists written |",
        "|---|---:|---:|---:|",
        f"| corpus load alone | {rebuilt['corpus_load']['seconds']:.1f} | "
        f"{rebuilt['corpus_load']['cpu_seconds']:.1f} | |",
        f"| from scratch | {scratch['seconds']:.1f} | {scratch['cpu_seconds']:.1f} | "
        f"{scratch['lists_changed']:,} |",
        f"| every list already right | {rebuilt['unchanged']['seconds']:.1f} | "
        f"{rebuilt['unchanged']['cpu_seconds']:.1f} | {rebuilt['unchanged']['lists_changed']} |",
        "",
        f"Peak RSS of the process: {rebuilt['peak_rss_mb']:.0f} MB "
        f"({rebuilt['rss_before_mb']:.0f} MB before the rebuild, Django loaded). "
        f'Target ("minutes, not hours", {REBUILD_TARGET_SECONDS // 60} min): {met}.',
        "",
        f"| incremental (`related_update`), {report['repeat']} runs | median s | median CPU s "
        "| lists changed |",
        "|---|---:|---:|---|",
    ]
    for name, result in report["incremental"].items():
        changed = ", ".join(str(r["lists_changed"]) for r in result["runs"])
        lines.append(
            f"| {name} | {result['median_seconds']:.2f} | {result['median_cpu_seconds']:.2f} "
            f"| {changed} |"
        )
    lines += [
        "",
        f"Quality: {quality_['first_shares_a_tag']:.1%} of the articles' first related article"
        f" shares a tag with it; {quality_['first_shares_a_tag_when_possible']:.1%} of the "
        f"{quality_['could_share_a_tag']:,} articles that share a tag with any other; "
        f"{quality_['with_a_list']:.1%} have a list.",
        "",
    ]
    example = quality_.get("example") or {}
    if example:
        lines += [f"Example: *{example['article']}*", ""]
        lines += [
            f"- {r['headline']} ({r['score']:.2f}; {', '.join(r['shared']) or 'text only'})"
            for r in example["related"]
        ]
        lines.append("")
    return "\n".join(lines)


def write(report: dict[str, Any], *, smoke: bool, tag: str = "") -> None:
    folder = web_site.VAR if smoke else RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{'smoke-' if smoke else ''}{str(report['date'])[:10]}-related"
    stem += f"-{tag}" if tag else ""
    (folder / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    (folder / f"{stem}.md").write_text(markdown(report))
    say(f"results: {folder / stem}.md")


if __name__ == "__main__":
    sys.exit(main())
