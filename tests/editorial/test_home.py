"""The home page's "Newest articles" panel: shown from the publication on, renewed by every
edit and withdrawal (never a stale fragment or page), a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cinemeter.community.translation.models import HUMAN_TRANSLATOR
from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import ArticleTranslation
from cinemeter.editorial.articles.selectors import HOME_SHOWN
from tests.accounts.factories import MemberFactory
from tests.editorial.factories import article

HOME = "/"


def _home(client) -> str:
    return str(client.get(HOME).content.decode())


def test_a_published_article_shows_on_the_home_page_and_leaves_with_its_withdrawal(
    client, publisher
):
    draft = article(publisher, "Snake is back", "Words.", standfirst="The sequel, at last.")
    assert "Snake is back" not in _home(client)  # a draft is nobody's news
    assert "home-articles" not in _home(client)  # no article: no empty panel

    services.article_transition(article_id=draft.pk, by=publisher, action=services.Action.PUBLISH)
    html = _home(client)
    assert f'href="{draft.get_absolute_url()}">Snake is back</a>' in html
    assert "The sequel, at last." in html
    assert f'href="{reverse("editorial:index")}"' in html

    client.get(HOME)  # the visitors' page and the panel's fragment are cached now
    services.article_transition(article_id=draft.pk, by=publisher, action=services.Action.UNPUBLISH)
    assert "Snake is back" not in _home(client)
    member = MemberFactory.create()
    client.force_login(member)  # past the page cache: the fragment itself is renewed
    assert "Snake is back" not in _home(client)


def test_an_edit_of_a_published_article_renews_the_panel(client, publisher):
    made = article(publisher, "First headline", "Words.", publish=True)
    assert "First headline" in _home(client)
    services.article_edit(
        article_id=made.pk,
        editor=publisher,
        draft=services.ArticleDraft(headline="Second headline", body="Words."),
        version=made.version,
    )
    html = _home(client)
    assert "Second headline" in html
    assert "First headline" not in html


def test_the_newest_few_newest_first_with_picture_and_date(client, publisher):
    for n in range(HOME_SHOWN + 2):
        article(
            publisher,
            f"Piece {n}",
            "Words.",
            publish=True,
            dated=datetime(2025, 1, n + 1, 12, tzinfo=UTC),
            **(
                {
                    "hero_url": "https://images.example.org/snake.jpg",
                    "hero_alt": "Snake on a roof",
                    "hero_attribution": "Example",
                }
                if n == HOME_SHOWN + 1
                else {}
            ),
        )
    html = _home(client)
    shown = [n for n in range(HOME_SHOWN + 2) if f">Piece {n}</a>" in html]
    assert shown == list(range(2, HOME_SHOWN + 2))
    assert html.index("Piece 5") < html.index("Piece 2")
    assert 'src="https://images.example.org/snake.jpg" alt="Snake on a roof"' in html
    assert html.count("article-card-picture") == 1  # the others have none, and no empty frame
    assert "6 January 2025" in html
    client.cookies["django_language"] = "nl"
    assert "6 januari 2025" in _home(client)


def test_a_translated_headline_in_the_readers_language(client, publisher):
    dutch = article(publisher, "Waarom The Thing flopte", "Een somber monster.", language="nl")
    ArticleTranslation.objects.create(
        article=dutch,
        language="en",
        backend=HUMAN_TRANSLATOR,
        source_language="nl",
        headline="Why The Thing flopped",
        standfirst="",
        body_html="<p>A bleak monster.</p>",
    )
    services.article_transition(article_id=dutch.pk, by=publisher, action=services.Action.PUBLISH)
    assert "Why The Thing flopped" in _home(client)
    client.cookies["django_language"] = "nl"
    assert "Waarom The Thing flopte" in _home(client)


def _cold_home_queries(client) -> int:
    cache.clear()  # every panel misses
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured.captured_queries)


def test_the_panel_costs_the_same_queries_for_one_article_or_many(client, publisher):
    client.force_login(MemberFactory.create())
    article(publisher, "One", "Words.", publish=True)
    one = _cold_home_queries(client)
    for n in range(HOME_SHOWN + 3):
        article(publisher, f"More {n}", "Words.", publish=True)
    assert _cold_home_queries(client) == one
    with CaptureQueriesContext(connection) as captured:
        client.get(HOME)  # warm: the fragment comes from the cache
    assert not [q for q in captured.captured_queries if "editorial_" in q["sql"]]
