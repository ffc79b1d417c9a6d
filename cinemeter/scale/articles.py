"""Editorial articles in proportion to the catalogue (20,000 at MovieMeter's scale), written
in bulk like the other generated rows: each published, by one of a few generated members,
about one to three random films and up to two people, with a body of words drawn from the
catalogue's own title words so that text likeness means something. Then the related reading
of all of them, computed at once and timed (`editorial.articles.related.related_rebuild`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
from django.utils.text import slugify

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Person, Title
from cinemeter.community.messages.rendering import message_render
from cinemeter.core.page_cache import versions_bump_now
from cinemeter.editorial.articles.models import Article, ArticleStatus, ArticleTag, TagKind
from cinemeter.editorial.articles.related import related_rebuild
from cinemeter.editorial.page_keys import ARTICLES_KEY, about_key

BATCH = 2000
EDITORS = 12
WORDS_PER_BODY = (120, 400)
_START = datetime(2010, 1, 1, tzinfo=UTC)


def _vocabulary(rng: np.random.Generator) -> list[str]:
    names = list(Title.objects.values_list("title", flat=True)[:20_000])
    words = sorted({w.lower() for name in names for w in name.split() if w.isalpha()})
    return words or ["film"]


def _about_keys_bump(kind: str, model: type[Title] | type[Person], ids: set[int]) -> None:
    """Bump the "Articles about …" keys of the subjects the generated articles are about, as
    the article services would have: those panels stay empty, without a query, until a
    subject's key is first bumped."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), 900):  # within any SQLite's parameter limit
        found = model.objects.filter(pk__in=ordered[start : start + 900])
        versions_bump_now(about_key(kind, slug) for slug in found.values_list("slug", flat=True))


def articles_generate(
    rng: np.random.Generator, count: int, progress: Callable[[str, int], None]
) -> float:
    """Write `count` published articles with their tags; returns the seconds the related
    reading of all of them took."""
    if count <= 0:
        return 0.0
    # A few of the generated members write them (the editors of a real site are members too).
    editors = list(User.objects.order_by("pk")[:EDITORS])
    title_ids = np.array(Title.objects.top_level().values_list("pk", flat=True))
    person_ids = np.array(Person.objects.values_list("pk", flat=True)[:200_000])
    words = _vocabulary(rng)
    about: dict[str, set[int]] = {"title": set(), "person": set()}
    for start in range(0, count, BATCH):
        rows = []
        for n in range(start, min(count, start + BATCH)):
            length = int(rng.integers(*WORDS_PER_BODY))
            body = " ".join(words[i] for i in rng.integers(0, len(words), length))
            headline = " ".join(words[i] for i in rng.integers(0, len(words), 6)).capitalize()
            when = _START + timedelta(minutes=int(rng.integers(0, 16 * 365 * 24 * 60)))
            rows.append(
                Article(
                    slug=f"{slugify(headline)[:80]}-{n}",
                    headline=headline,
                    standfirst=" ".join(words[i] for i in rng.integers(0, len(words), 20)),
                    body=body,
                    body_html=message_render(body),
                    language="en",
                    author=editors[n % len(editors)] if editors else None,
                    status=ArticleStatus.PUBLISHED,
                    published_at=when,
                )
            )
        made = Article.objects.bulk_create(rows)
        tags = []
        for article in made:
            films = rng.choice(title_ids, size=int(rng.integers(1, 4)), replace=False)
            for order, title_id in enumerate(films):
                tags.append(
                    ArticleTag(
                        article=article, kind=TagKind.TITLE, title_id=int(title_id), order=order
                    )
                )
            if len(person_ids):
                people = rng.choice(person_ids, size=int(rng.integers(0, 3)), replace=False)
                for order, person_id in enumerate(people, start=len(films)):
                    tags.append(
                        ArticleTag(
                            article=article,
                            kind=TagKind.PERSON,
                            person_id=int(person_id),
                            order=order,
                        )
                    )
        ArticleTag.objects.bulk_create(tags)
        about["title"].update(t.title_id for t in tags if t.title_id is not None)
        about["person"].update(t.person_id for t in tags if t.person_id is not None)
        progress("articles", min(count, start + BATCH))
    _about_keys_bump("title", Title, about["title"])
    _about_keys_bump("person", Person, about["person"])
    versions_bump_now([ARTICLES_KEY])  # the index, the feeds and the home page's newest
    started = time.monotonic()
    related_rebuild()
    seconds = time.monotonic() - started
    progress(f"related reading computed in {seconds:.1f} s for articles", count)
    return seconds
