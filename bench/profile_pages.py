"""Where an uncached page's time goes: the title page through the test client, cold (no
whole page and no panel cached) and, for a member, with warm panels; or, with --page, an
edition, compare, album or article page (random among the generated ones) cold.

    .venv/bin/python bench/profile_pages.py [--preset moviemeter] [--count 200] [--profile]
        [--page title|edition|compare|album|article]

Reads the database `bench/web.py` generated (var/bench/<preset>.sqlite3, or --database-url).
Prints the mean CPU milliseconds per page for each case, and with --profile (pyinstrument,
a dev dependency) the profiles of the visitor's cold page and the member's warm one.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import web_site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="moviemeter")
    parser.add_argument("--database-url")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--page", choices=("title", "edition", "compare", "album", "article"), default="title"
    )
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{web_site.VAR / f'{args.preset}.sqlite3'}"
    os.environ.setdefault("DEBUG", "false")
    web_site.configure(url)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from cinemeter.accounts.models import User

    call_command("migrate", verbosity=0, interactive=False)
    paths = _paths(args.page, args.count)
    member = User.objects.filter(vote_count__gt=0, is_active=True).order_by("pk")[0]
    visitor, logged_in = Client(), Client()
    logged_in.force_login(member)

    def run(client: Client, *, cold: bool) -> float:
        started = time.process_time()
        for path in paths:
            if cold:
                cache.clear()
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, path  # noqa: S101 - a benchmark's own check
        return (time.process_time() - started) * 1000 / len(paths)

    run(visitor, cold=True)  # the first pass loads templates and warms the database's pages
    started = time.process_time()
    for _ in paths:
        visitor.get("/health/")
    trivial = (time.process_time() - started) * 1000 / len(paths)
    print(f"trivial view: {trivial:.2f} ms CPU per request")  # noqa: T201
    print(f"visitor, cold: {run(visitor, cold=True):.2f} ms CPU per page")  # noqa: T201
    print(f"member, cold: {run(logged_in, cold=True):.2f} ms CPU per page")  # noqa: T201
    profiled = [("visitor, cold", visitor, True)]
    if args.page == "title":  # only the title page is made of panels a member finds warm
        run(logged_in, cold=False)
        warm = run(logged_in, cold=False)
        print(f"member, warm panels: {warm:.2f} ms CPU per page")  # noqa: T201
        profiled.append(("member, warm", logged_in, False))
    if args.profile:
        from pyinstrument import Profiler

        for name, client, cold in profiled:
            run(client, cold=cold)  # a warm case's panels are all cached after this
            with Profiler(interval=0.0005) as profiler:
                run(client, cold=cold)
            print(f"== {name}")  # noqa: T201
            print(profiler.output_text(unicode=True, color=False, show_all=False))  # noqa: T201
    return 0


def _paths(page: str, count: int) -> list[str]:
    if page == "title":
        return [f"/title/{slug}/" for slug in web_site.titles_sample(count, seed=3)]
    if page == "article":
        import random

        from cinemeter.editorial.models import Article

        slugs = sorted(Article.objects.filter(status="published").values_list("slug", flat=True))
        random.Random(3).shuffle(slugs)  # noqa: S311 - a sample, not a secret
        return [f"/articles/{slug}/" for slug in slugs[:count]]
    import web_releases

    targets = web_releases.targets(seed=3)
    if page == "compare":
        return list(dict.fromkeys(p.split("?")[0] for p in targets.compares))[:count]
    return (targets.editions if page == "edition" else targets.releases)[:count]


if __name__ == "__main__":
    sys.exit(main())
