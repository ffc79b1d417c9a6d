"""Related reading on the demo articles: the soundtrack article's related articles are about
the same film or its people, the unrelated one is not among them; a publication updates only
the lists it can change, to what a full rebuild computes."""

from __future__ import annotations

from django.core.management import call_command

from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import Article, ArticleRelated
from cinemeter.editorial.articles.related import related_rebuild, related_update
from tests.editorial.factories import article


def _demo() -> None:
    call_command("load_demo", verbosity=0)
    call_command("load_demo_releases", verbosity=0)
    call_command("load_demo_articles", verbosity=0)


def _related(slug: str) -> list[str]:
    return list(
        ArticleRelated.objects.filter(article__slug=slug)
        .order_by("rank")
        .values_list("related__slug", flat=True)
    )


def test_the_soundtrack_article_is_related_to_its_film_and_people():
    _demo()
    assert Article.objects.filter(status="published").count() >= 12
    related = _related("escape-from-la-music")
    # The best are about the same film; the rest share its people.
    assert set(related[:3]) == {
        "escape-from-la-collectors-edition",
        "escape-from-la-on-disc",
        "debra-hill-producer",
    } or set(related[:2]) <= {
        "escape-from-la-collectors-edition",
        "escape-from-la-on-disc",
        "russell-and-carpenter",
        "debra-hill-producer",
    }
    about_film_or_people = {
        "escape-from-la-collectors-edition",
        "escape-from-la-on-disc",
        "russell-and-carpenter",
        "debra-hill-producer",
        "halloween-theme",
        "alan-howarth-synths",
        "escape-from-new-york-at-forty",
        "waarom-the-thing-flopte",
    }
    assert set(related[:5]) <= about_film_or_people
    assert "masters-of-horror-anthology" not in related[:5]
    assert "escape-from-la-music" not in related


def test_the_collectors_edition_article_ranks_the_films_articles_first():
    _demo()
    related = _related("escape-from-la-collectors-edition")
    assert related[0] in {"escape-from-la-on-disc", "escape-from-la-music"}
    assert "masters-of-horror-anthology" not in related[:5]


def test_a_publication_updates_the_lists_as_a_rebuild_would(publisher):
    _demo()
    before = {a.slug: _related(a.slug) for a in Article.objects.all()}
    made = article(
        publisher,
        "Escape from L.A. at thirty",
        "Snake Plissken, the score, the discs: [[title:escape-from-la-1996]] turns thirty.",
        tags="title:escape-from-la-1996, person:john-carpenter, person:shirley-walker",
        publish=True,
    )
    changed = related_update([made.pk])
    incremental = {a.slug: _related(a.slug) for a in Article.objects.all()}
    related_rebuild()
    rebuilt = {a.slug: _related(a.slug) for a in Article.objects.all()}
    # The same articles everywhere; the lists the new one entered in the same order. (A new
    # article moves every word's weight a little, so near-ties elsewhere may swap until the
    # next rebuild.)
    assert {k: set(v) for k, v in incremental.items()} == {k: set(v) for k, v in rebuilt.items()}
    entered = [slug for slug, listed in rebuilt.items() if made.slug in listed]
    assert all(incremental[slug] == rebuilt[slug] for slug in entered)
    assert made.slug in incremental["escape-from-la-music"]
    # Lists it does not enter stay as they were.
    assert incremental["masters-of-horror-anthology"] == before["masters-of-horror-anthology"]
    assert 0 < changed < len(rebuilt)


def test_a_withdrawal_leaves_every_list(publisher):
    _demo()
    gone = Article.objects.get(slug="escape-from-la-on-disc")
    services.article_transition(article_id=gone.pk, by=publisher, action=services.Action.UNPUBLISH)
    related_update([gone.pk])
    assert not ArticleRelated.objects.filter(related=gone).exists()
    assert not ArticleRelated.objects.filter(article=gone).exists()
    incremental = {a.slug: set(_related(a.slug)) for a in Article.objects.all()}
    related_rebuild()
    assert incremental == {a.slug: set(_related(a.slug)) for a in Article.objects.all()}


def test_publishing_queues_the_update_after_commit(publisher, django_capture_on_commit_callbacks):
    first = article(publisher, "One", "Words about Snake.", publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = article(publisher, "Two", "Words about Snake.", publish=True)
    assert _related(second.slug) == [first.slug]
    assert _related(first.slug) == [second.slug]
