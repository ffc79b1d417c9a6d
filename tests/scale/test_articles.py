"""Generated articles (`generate_scale`, and `--only articles` on a database generated
earlier) at the `tiny` preset: their text names what they are about, articles on one film
or topic share words and tags so the related reading finds them, and the same seed gives
the same articles either way."""

from __future__ import annotations

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cinemeter.editorial.models import Article, ArticleRelated, ArticleTag
from cinemeter.scale.article_text import TOPICS
from cinemeter.scale.articles import articles_replace
from cinemeter.scale.presets import PRESETS

TINY = PRESETS["tiny"]
SEED = 7


def _generate(seed: int = SEED) -> None:
    call_command("generate_scale", "--preset", "tiny", "--seed", str(seed), stdout=StringIO())


def _replace(seed: int = SEED) -> str:
    out = StringIO()
    call_command("generate_scale", "--only", "articles", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _fingerprint() -> list[tuple[object, ...]]:
    """Every article by content (not by id), with its tags."""
    tags: dict[str, list[tuple[object, ...]]] = {}
    for slug, kind, order, title, person in ArticleTag.objects.values_list(
        "article__slug", "kind", "order", "title__slug", "person__slug"
    ):
        tags.setdefault(slug, []).append((kind, order, title, person))
    return sorted(
        (*row, sorted(tags.get(row[0], []), key=repr))
        for row in Article.objects.values_list(
            "slug", "headline", "standfirst", "body", "published_at", "tag_refs", "status"
        )
    )


def _quiet(step: str, done: int) -> None:
    pass


def test_only_articles_replaces_them_with_what_a_full_generation_writes():
    _generate()
    first = _fingerprint()
    related = ArticleRelated.objects.count()

    output = _replace()
    assert "(tiny, seed 7)" in output, "the preset is the catalogue's own"
    assert Article.objects.count() == TINY.articles, "replaced, not added"
    assert _fingerprint() == first
    assert ArticleRelated.objects.count() == related
    _replace(SEED + 1)
    assert Article.objects.count() == TINY.articles
    assert _fingerprint() != first


def test_only_articles_needs_a_generated_catalogue_or_a_preset():
    with pytest.raises(CommandError, match="No preset has 0 movies"):
        _replace()


def test_articles_on_one_film_or_topic_share_words_and_tags():
    _generate()
    articles_replace(SEED, 300, _quiet)  # more articles than the tiny preset has films

    articles = list(Article.objects.prefetch_related("tags__title", "tags__person"))
    assert len(articles) == 300
    subjects: Counter[int] = Counter()
    for article in articles:
        tags = sorted(article.tags.all(), key=lambda t: t.order)
        film = tags[0].title
        assert film is not None, "the first tag is the film the article is about"
        subjects[film.pk] += 1
        assert f"[[title:{film.slug}]]" in article.body
        assert film.title in f"{article.headline} {article.standfirst} {article.body}"
        for tag in tags:
            if tag.person is not None:
                assert tag.person.name in article.body or f"person:{tag.person.slug}" in (
                    article.body
                )
    # Popular films are written about again and again; most films are not.
    assert subjects.most_common(1)[0][1] >= 10
    # Every topic shows up, with its own words.
    words = Counter(w for a in articles for w in set(re.findall(r"[a-z]+", a.body.lower())))
    for marker in ("orchestra", "negative", "jury", "screens", "audition", "anniversary"):
        assert words[marker] > 0, marker
    assert len({t.name for t in TOPICS}) == len(TOPICS)
    # So the related reading mostly finds articles about the same things.
    firsts = ArticleRelated.objects.filter(rank=1)
    assert firsts.count() == 300
    sharing = sum(1 for row in firsts if row.shared)
    assert sharing / 300 >= 0.8


def test_a_generated_article_page_fills_in_its_references(client):
    _generate()
    article = Article.objects.filter(body__contains="[[person:").first()
    assert article is not None
    tag = article.tags.get(order=0)
    assert tag.title is not None

    html = client.get(article.get_absolute_url()).content.decode()
    assert "[[" not in html
    assert f'href="{tag.title.get_absolute_url()}"' in html
