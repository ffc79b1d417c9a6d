"""Articles go through the community's translation machinery: a Dutch article, once published,
is translated by a LibreTranslate-compatible server started by the test (real HTTP), shown to
English readers as "Translated from Dutch · View original", as written to readers of Dutch,
and forgotten and asked for again when an editor changes it. A translator that fails leaves
the article readable as written.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import ArticleTranslation
from tests.community.translator_server import libretranslate_serving
from tests.editorial.factories import article

HEADLINE = "Waarom de muziek van Escape from L.A. nog altijd werkt"
STANDFIRST = "Shirley Walker en John Carpenter schreven een partituur vol gitaren."
BODY = (
    "De partituur van Shirley Walker en John Carpenter klinkt nog altijd fris. "
    "Elke scène in de stad krijgt een eigen thema en de gitaren houden de vaart erin."
)
EDITED_BODY = BODY + " De heruitgave op vinyl maakt dat nog duidelijker."
PHRASES = {
    HEADLINE: "Why the music of Escape from L.A. still works",
    STANDFIRST: "Shirley Walker and John Carpenter wrote a score full of guitars.",
    BODY: "The score by Shirley Walker and John Carpenter still sounds fresh.",
    EDITED_BODY: "The vinyl reissue makes that clearer still.",
}


@pytest.fixture
def libretranslate(settings):
    with libretranslate_serving(settings, PHRASES) as api:
        yield api


def publish_dutch(publisher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return article(publisher, HEADLINE, BODY, standfirst=STANDFIRST, publish=True)


def headline_of(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found is not None
    return found.group(1).strip()


def test_a_dutch_article_is_detected_translated_and_shown_to_english_readers(
    client, publisher, libretranslate, django_capture_on_commit_callbacks
):
    made = publish_dutch(publisher, django_capture_on_commit_callbacks)
    assert made.language == "nl"  # detected, not chosen
    asked = {
        (body["source"], body["target"], body["q"]) for _p, _h, body in libretranslate.requests
    }
    assert asked == {("nl", "en", HEADLINE), ("nl", "en", STANDFIRST), ("nl", "en", BODY)}
    stored = ArticleTranslation.objects.get(article=made)
    assert (stored.language, stored.backend, stored.source_language) == (
        "en",
        "libretranslate",
        "nl",
    )

    html = client.get(made.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert headline_of(html) == PHRASES[HEADLINE]
    assert PHRASES[BODY] in html
    assert "Translated from Dutch" in html
    assert 'href="?original=1">View original</a>' in html
    assert '<article class="article-page" lang="en">' in html

    # The original, one click away, says what it is and links back.
    html = client.get(
        f"{made.get_absolute_url()}?original=1", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert headline_of(html) == HEADLINE
    assert "Original in Dutch" in html
    assert ">View translation</a>" in html
    assert '<article class="article-page" lang="nl">' in html


def test_a_reader_of_dutch_reads_it_as_written(
    client, publisher, libretranslate, django_capture_on_commit_callbacks
):
    made = publish_dutch(publisher, django_capture_on_commit_callbacks)
    html = client.get(made.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert headline_of(html) == HEADLINE
    assert "Vertaald" not in html
    assert "Translated from" not in html


def test_an_edit_forgets_the_translation_and_asks_for_a_new_one(
    client, publisher, libretranslate, django_capture_on_commit_callbacks
):
    made = publish_dutch(publisher, django_capture_on_commit_callbacks)
    draft = services.ArticleDraft(
        headline=HEADLINE, body=EDITED_BODY, standfirst=STANDFIRST, confirmed=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.article_edit(
            article_id=made.pk, editor=publisher, draft=draft, version=made.version
        )
    [stored] = ArticleTranslation.objects.filter(article=made)
    assert PHRASES[EDITED_BODY] in stored.body_html  # the new text's, not the old one's
    html = client.get(made.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert PHRASES[EDITED_BODY] in html
    assert PHRASES[BODY] not in html


def test_a_failing_translator_leaves_the_article_readable_as_written(
    client, publisher, libretranslate, django_capture_on_commit_callbacks, caplog
):
    libretranslate.answer = lambda path, headers, body: (503, {"error": "Overloaded"})
    made = publish_dutch(publisher, django_capture_on_commit_callbacks)
    assert not ArticleTranslation.objects.filter(article=made).exists()
    response = client.get(made.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert headline_of(html) == HEADLINE
    assert "Translated from" not in html


def test_the_index_and_the_feeds_speak_the_readers_language(
    client, publisher, libretranslate, django_capture_on_commit_callbacks
):
    publish_dutch(publisher, django_capture_on_commit_callbacks)
    for name in ("editorial:index", "editorial:feed", "editorial:rss"):
        english = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert PHRASES[HEADLINE] in english, name
        assert HEADLINE not in english, name
        dutch = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        assert HEADLINE in dutch, name
        assert PHRASES[HEADLINE] not in dutch, name
