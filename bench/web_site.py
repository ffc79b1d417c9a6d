"""The Django side of the web benchmark: the database to run against, the pages to load,
queries per page from the test client, voters' sessions and the recount afterwards.

`configure` must run before anything imports Django models: settings come from the
environment, as in production.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from web_load import Request

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["STATIC_ROOT"] = str(VAR / "static")
    import django

    django.setup()


def postgres_database_create(url: str, *, fresh: bool) -> None:
    """Make sure the benchmark's PostgreSQL database exists (empty when `fresh`)."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and fresh:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(preset: str, seed: int) -> str:
    """Migrate, collect static files and generate `preset` unless the database already holds
    it (a marker row remembers which preset and seed it was generated with)."""
    from django.core.management import call_command

    from cinemeter.core.models import SiteCounter

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    marker = f"bench-{preset}-{seed}"
    if SiteCounter.objects.filter(name=marker).exists():
        return "reused"
    call_command("generate_scale", preset=preset, seed=seed)
    SiteCounter.objects.create(name=marker, value=1)
    return "generated"


@dataclass(frozen=True)
class Targets:
    heaviest_title: str
    heaviest_credits: int
    heaviest_votes: int
    light_title: str
    random_titles: list[str]
    top_actor: str
    top_actor_credits: int
    articles: list[str] = field(default_factory=list)  # published, sampled


def targets(count: int = 200) -> Targets:
    from django.db.models import Count

    from cinemeter.catalog.models import Credit, Department, Person, Title, TitleScore

    heaviest = TitleScore.objects.select_related("title").order_by("-vote_count")[0]
    credits = Credit.objects.filter(title=heaviest.title_id).count()
    light = (
        Title.objects.top_level()
        .annotate(n=Count("credits"))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .values_list("slug", flat=True)[0]
    )
    slugs = titles_sample(count, seed=1)
    actor = (
        Credit.objects.filter(department=Department.ACTING)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]
    )
    return Targets(
        heaviest_title=heaviest.title.slug,
        heaviest_credits=credits,
        heaviest_votes=heaviest.vote_count,
        light_title=light,
        random_titles=slugs,
        top_actor=Person.objects.get(pk=actor["person"]).slug,
        top_actor_credits=actor["n"],
        articles=_articles_sample(count),
    )


def _articles_sample(count: int) -> list[str]:
    from cinemeter.editorial.models import Article

    return list(
        Article.objects.filter(status="published")
        .order_by("?")
        .values_list("slug", flat=True)[:count]
    )


def article_paths() -> dict[str, str]:
    """The editorial pages whose queries are counted: the article with the most tags, the
    articles index and the title with the most articles (its "Articles about …" panel).
    None on a database without articles."""
    from django.db.models import Count

    from cinemeter.catalog.models import Title
    from cinemeter.editorial.models import Article, ArticleTag

    published = Article.objects.filter(status="published")
    article = published.annotate(n=Count("tags")).order_by("-n", "pk").first()
    if article is None:
        return {}
    most = (
        ArticleTag.objects.filter(title__isnull=False, article__status="published")
        .values("title")
        .annotate(n=Count("pk"))
        .order_by("-n", "title")
        .first()
    )
    paths = {"article, most tags": article.get_absolute_url(), "articles index": "/articles/"}
    if most is not None:
        title = Title.objects.get(pk=most["title"])
        paths[f"title, most articles ({most['n']})"] = title.get_absolute_url()
    return paths


def titles_sample(count: int, *, seed: int) -> list[str]:
    """About `count` films and shows drawn uniformly (fewer on a small database)."""
    from cinemeter.catalog.models import Title

    top_level = Title.objects.top_level()
    last = top_level.order_by("-pk").values_list("pk", flat=True)[0]
    pick = random.Random(seed)  # noqa: S311 - a sample, not a secret
    ids = {pick.randint(1, last) for _ in range(count * 2)}
    slugs = list(top_level.filter(pk__in=ids).values_list("slug", flat=True)[:count])
    pick.shuffle(slugs)
    return slugs


def queries_per_page(paths: dict[str, str]) -> dict[str, dict[str, int]]:
    """Queries each page runs: an anonymous visitor and a member on a cold cache (no page and
    no panel cached), and the member again with the page's panels cached ("member, warm")."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cinemeter.accounts.models import User

    member = User.objects.filter(vote_count__gt=0, is_active=True).order_by("pk")[0]
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(member)
    counts: dict[str, dict[str, int]] = {}
    for name, path in paths.items():
        counts[name] = {}
        runs = (("anonymous", anonymous, True), ("member", logged_in, True))
        for who, client, cold in (*runs, ("member, warm", logged_in, False)):
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            counts[name][who] = len(queries)
    return counts


def voter_requests(titles: list[str], voters: int = 3000) -> list[Request]:
    """Prepared vote POSTs: `voters` generated members, each with a session, on ten of
    `titles`: 30,000 distinct (member, title) pairs, sent in order, each with a value other
    than the member's stored vote, so every post creates or changes a vote (one that changed
    nothing would write nothing)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cinemeter.accounts.models import User
    from cinemeter.catalog.models import Title
    from cinemeter.community.models import Vote

    csrf = "b" * 32  # a CSRF secret in the cookie and the same in the header
    members = list(
        User.objects.filter(is_active=True, is_imported=False, is_staff=False).order_by("pk")[
            :voters
        ]
    )
    ids = dict(Title.objects.filter(slug__in=titles).values_list("slug", "pk"))
    stored = {
        (user, title): value
        for user, title, value in Vote.objects.filter(
            user__in=[member.pk for member in members], title__in=ids.values()
        ).values_list("user_id", "title_id", "value")
    }
    draw = random.Random()  # noqa: S311 - values for a benchmark
    posts: list[Request] = []
    for member in members:
        session = SessionStore()
        session[SESSION_KEY] = str(member.pk)
        session[BACKEND_SESSION_KEY] = "cinemeter.accounts.backends.UsernameOrEmailBackend"
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.create()
        # The vote form's own post (no JavaScript): answered by a redirect to the title.
        headers = {
            "Cookie": f"sessionid={session.session_key}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        for slug in random.Random(member.pk).sample(titles, min(10, len(titles))):  # noqa: S311
            old = stored.get((member.pk, ids[slug]))
            value = draw.choice([v for v in range(1, 11) if old is None or v != old * 2]) / 2
            posts.append(Request("POST", f"/title/{slug}/vote/", headers, f"value={value}"))
    draw.shuffle(posts)  # members and titles interleave as on a site, not ten of one in a row
    return posts


def member_requests(titles: list[str], members: int = 200) -> tuple[list[Request], list[Request]]:
    """Members' GETs, each with its own session: the trivial view that loads the session and
    the member, and the title page of a title the member voted on (their vote shows)."""
    from cinemeter.catalog.models import Title
    from cinemeter.community.models import Vote

    pairs = list(
        Vote.objects.filter(title__in=Title.objects.filter(slug__in=titles))
        .order_by("user_id", "title_id")
        .values_list("user_id", "title__slug")[: members * 5]
    )
    cookies: dict[int, str] = {}
    trivial: list[Request] = []
    pages: list[Request] = []
    for user_id, slug in pairs:
        if user_id not in cookies:
            if len(cookies) == members:
                continue
            cookies[user_id] = f"sessionid={_session_for(user_id)}"
            trivial.append(Request("GET", "/health/member/", _member_headers(cookies[user_id])))
        pages.append(Request("GET", f"/title/{slug}/", _member_headers(cookies[user_id])))
    return trivial, pages


def _member_headers(cookie: str) -> dict[str, str]:
    return {"Cookie": cookie, "Accept-Language": "en"}


def _session_for(user_id: int) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cinemeter.accounts.models import User

    member = User.objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "cinemeter.accounts.backends.UsernameOrEmailBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def votes_written_since(moment: datetime) -> int:
    """Votes created or changed since `moment`: proof that the vote posts were accepted."""
    from cinemeter.community.models import Vote

    return Vote.objects.filter(updated_at__gte=moment).count()


def recount_drift() -> bool:
    from cinemeter.community.votes.recount import votes_recount

    return votes_recount(fix=False).drifted
