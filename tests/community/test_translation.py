"""The translation pipeline end to end: a Dutch message posted through the site is translated
by a LibreTranslate-compatible server started by the test (real HTTP), stored per (message,
language, backend), shown to English readers as "Translated from Dutch · View original", and
forgotten on edit. A failing translator never hides a message or breaks a page.
"""

import logging
import os
import re

import pytest
import redis
from django.db import connections
from huey import RedisHuey

from cinemeter.community.models import Message, MessageTranslation
from cinemeter.community.translation.models import HUMAN_TRANSLATOR
from cinemeter.community.translation.services import message_translate
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import NEW, post
from tests.community.translator_fixtures import DUTCH_REVIEW, ENGLISH_OF_DUTCH_REVIEW
from tests.community.translator_server import libretranslate_serving

ENGLISH_REVIEW = "Carpenter at his most cynical, and I loved every minute of it."


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.")


@pytest.fixture
def libretranslate(settings):
    """A LibreTranslate-compatible server that translates by a small phrase book."""
    phrases = {
        DUTCH_REVIEW: ENGLISH_OF_DUTCH_REVIEW,
        "Toch een beetje te lang, vind ik nu.": "A little too long after all, I now think.",
        ENGLISH_REVIEW: "Carpenter op zijn cynischst, en ik genoot van elke minuut.",
    }
    with libretranslate_serving(settings, phrases) as api:
        yield api


def _post_through_the_site(client, title, author, text, django_capture_on_commit_callbacks):
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW.format(title.slug), {"body": text})
    assert response.status_code == 302
    client.logout()
    return Message.objects.latest("id")


def _translation_box(html, message):
    article = re.search(rf'<article[^>]*id="message-{message.pk}".*?</article>', html, re.S)
    assert article is not None
    return article.group(0)


def test_a_new_dutch_message_is_translated_for_english_readers(
    client, title, libretranslate, django_capture_on_commit_callbacks
):
    author = MemberFactory.create(preferred_language="nl")
    message = _post_through_the_site(
        client, title, author, DUTCH_REVIEW, django_capture_on_commit_callbacks
    )
    assert message.language == "nl"
    [(path, _headers, body)] = libretranslate.requests
    assert (path, body["source"], body["target"]) == ("/translate", "nl", "en")
    stored = MessageTranslation.objects.get(message=message)
    assert (stored.language, stored.backend) == ("en", "libretranslate")

    html = _translation_box(client.get(title.get_absolute_url()).text, message)
    assert "Translated from Dutch" in html
    assert "View original" in html
    assert f'href="?original={message.pk}#message-{message.pk}"' in html
    assert re.search(
        rf'data-version="translation" lang="en">\s*<p>{re.escape(ENGLISH_OF_DUTCH_REVIEW)}', html
    )
    assert re.search(r'data-version="original" lang="nl" hidden>', html)

    # Without JavaScript the link reloads with the original shown and "View translation".
    html = _translation_box(
        client.get(f"{title.get_absolute_url()}?original={message.pk}").text, message
    )
    assert re.search(r'data-version="original" lang="nl">', html)
    assert re.search(r'data-version="translation" lang="en" hidden>', html)
    assert "View translation" in html

    # A Dutch reader reads it as written, with no label.
    html = _translation_box(
        client.get(title.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text, message
    )
    assert "Vertaald" not in html
    assert DUTCH_REVIEW[:40] in html


def test_an_english_message_is_translated_for_dutch_readers(
    client, title, libretranslate, django_capture_on_commit_callbacks
):
    message = _post_through_the_site(
        client, title, MemberFactory.create(), ENGLISH_REVIEW, django_capture_on_commit_callbacks
    )
    html = _translation_box(
        client.get(title.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text, message
    )
    assert "Vertaald uit het Engels" in html
    assert "Bekijk origineel" in html
    assert "Carpenter op zijn cynischst" in html


def test_a_reader_who_reads_dutch_gets_the_original(
    client, title, libretranslate, django_capture_on_commit_callbacks
):
    message = _post_through_the_site(
        client, title, MemberFactory.create(), DUTCH_REVIEW, django_capture_on_commit_callbacks
    )
    reader = MemberFactory.create(preferred_language="en", read_languages=["en", "nl"])
    client.force_login(reader)
    html = _translation_box(client.get(title.get_absolute_url()).text, message)
    assert "Translated from" not in html
    assert DUTCH_REVIEW[:40] in html


def test_an_edit_forgets_the_translation_and_asks_for_a_new_one(
    client, title, libretranslate, django_capture_on_commit_callbacks
):
    author = MemberFactory.create()
    message = _post_through_the_site(
        client, title, author, DUTCH_REVIEW, django_capture_on_commit_callbacks
    )
    first = MessageTranslation.objects.get(message=message)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/messages/{message.pk}/edit/", {"body": "Toch een beetje te lang, vind ik nu."}
        )
    assert not MessageTranslation.objects.filter(pk=first.pk).exists()
    assert "A little too long after all" in MessageTranslation.objects.get(message=message).html


def test_translations_are_cached_per_message_language_and_backend(title, libretranslate, settings):
    message = post(MemberFactory.create(), title, DUTCH_REVIEW)
    first = message_translate(message.pk, "en")
    assert message_translate(message.pk, "en") == first
    assert len(libretranslate.requests) == 1  # the second call read the stored one
    settings.TRANSLATOR_BACKEND = "deepl"
    settings.DEEPL_API_KEY = "key:fx"
    settings.DEEPL_API_URL = f"{libretranslate.url}/v2/translate"
    with pytest.raises(Exception):  # noqa: B017, PT011 - the phrase-book server is not DeepL
        message_translate(message.pk, "en")
    assert MessageTranslation.objects.filter(message=message).count() == 1


def test_the_translation_task_is_idempotent(title, libretranslate):
    """A task queued twice, or run again after a stop cut it off, stores one translation."""
    from cinemeter.community.tasks import message_translate_task

    message = post(MemberFactory.create(), title, DUTCH_REVIEW)
    MessageTranslation.objects.all().delete()  # the immediate queue ran on posting
    asked = len(libretranslate.requests)
    message_translate_task.call_local(message.pk, "en")
    message_translate_task.call_local(message.pk, "en")
    assert MessageTranslation.objects.filter(message=message, language="en").count() == 1
    assert len(libretranslate.requests) == asked + 1


def test_a_failing_translator_never_hides_a_message_or_breaks_a_page(
    client, title, settings, caplog, django_capture_on_commit_callbacks
):
    settings.TRANSLATOR_BACKEND = "libretranslate"
    settings.LIBRETRANSLATE_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.TRANSLATOR_RETRIES = 0
    with caplog.at_level(logging.ERROR):
        message = _post_through_the_site(
            client, title, MemberFactory.create(), DUTCH_REVIEW, django_capture_on_commit_callbacks
        )
    assert "translating message" in caplog.text
    assert not MessageTranslation.objects.exists()
    response = client.get(title.get_absolute_url())
    assert response.status_code == 200
    html = _translation_box(response.text, message)
    assert DUTCH_REVIEW[:40] in html
    assert "Original in Dutch; the translation is not ready yet." in html


def test_with_translation_off_originals_show_without_a_label(client, title, settings):
    settings.TRANSLATOR_BACKEND = "none"
    message = post(MemberFactory.create(), title, DUTCH_REVIEW)
    html = _translation_box(client.get(title.get_absolute_url()).text, message)
    assert "Translated from" not in html
    assert "not ready" not in html
    assert DUTCH_REVIEW[:40] in html


def test_a_human_translation_shows_whatever_the_backend(client, title, settings):
    settings.TRANSLATOR_BACKEND = "none"
    message = post(MemberFactory.create(), title, DUTCH_REVIEW)
    MessageTranslation.objects.create(
        message=message,
        language="en",
        backend=HUMAN_TRANSLATOR,
        source_language="nl",
        html=f"<p>{ENGLISH_OF_DUTCH_REVIEW}</p>",
    )
    html = _translation_box(client.get(title.get_absolute_url()).text, message)
    assert "Translated from Dutch" in html
    assert ENGLISH_OF_DUTCH_REVIEW in html


def test_translated_messages_add_one_query_per_page_not_per_message(
    client, title, settings, django_assert_max_num_queries
):
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 10_000
    for _n in range(12):
        message = post(MemberFactory.create(), title, DUTCH_REVIEW)
        MessageTranslation.objects.create(
            message=message,
            language="en",
            backend=HUMAN_TRANSLATOR,
            source_language="nl",
            html="<p>translated</p>",
        )
    # 15, and one for the releases app's editions panel.
    with django_assert_max_num_queries(16):
        html = client.get(title.get_absolute_url()).text
    assert html.count("Translated from Dutch") == 12


def test_a_page_asks_once_for_translations_it_finds_missing(
    client, title, libretranslate, settings
):
    settings.TRANSLATOR_BACKEND = "none"
    message = post(MemberFactory.create(), title, DUTCH_REVIEW)  # posted with translation off
    settings.TRANSLATOR_BACKEND = "libretranslate"
    html = _translation_box(client.get(title.get_absolute_url()).text, message)
    # This page showed the original; the queued task (immediate in tests) stored the
    # translation for the next reader.
    assert "not ready yet" in html
    assert MessageTranslation.objects.filter(message=message, language="en").exists()
    client.get(title.get_absolute_url())
    assert len(libretranslate.requests) == 1
    assert "Translated from Dutch" in client.get(title.get_absolute_url()).text


def test_a_translation_stored_later_reaches_visitors_cached_pages(client, title, libretranslate):
    author = MemberFactory.create(preferred_language="nl")
    client.force_login(author)
    client.post(NEW.format(title.slug), {"body": DUTCH_REVIEW})  # the task is not run yet
    client.logout()
    message = Message.objects.latest("id")
    before = _translation_box(client.get(title.get_absolute_url()).text, message)
    assert "Translated from Dutch" not in before  # the original, cached for visitors

    message_translate(message.pk, "en")

    after = _translation_box(client.get(title.get_absolute_url()).text, message)
    assert "Translated from Dutch" in after
    assert ENGLISH_OF_DUTCH_REVIEW[:40] in after


REDIS_QUEUE_URL = os.environ.get("TEST_REDIS_QUEUE_URL", "redis://127.0.0.1:6379/7")


@pytest.mark.django_db(transaction=True)  # the worker's own connection sees committed rows
def test_with_redis_the_queue_lives_in_redis_and_a_worker_translates(title, libretranslate):
    """The REDIS_URL set-up (settings "Background tasks"): a RedisHuey queue, worked off by a
    consumer like `make worker`'s, here in threads of this process."""
    try:
        redis.Redis.from_url(REDIS_QUEUE_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis server at {REDIS_QUEUE_URL} (set TEST_REDIS_QUEUE_URL)")
    queue = RedisHuey(f"cinemeter-test-{os.getpid()}", url=REDIS_QUEUE_URL)
    translate = queue.task()(message_translate)
    # Run in the worker's thread as it stops: its connection would otherwise stay open and
    # keep PostgreSQL from dropping the test database at the end of the session.
    queue.on_shutdown()(connections.close_all)
    message = post(MemberFactory.create(), title, DUTCH_REVIEW)
    MessageTranslation.objects.all().delete()  # the test settings' immediate queue ran already

    pending = translate(message.pk, "en")  # only enqueued: nothing translated yet
    assert queue.pending_count() == 1
    assert not MessageTranslation.objects.filter(message=message).exists()

    worker = queue.create_consumer(workers=1, worker_type="thread")
    worker.start()
    try:
        stored = pending.get(blocking=True, timeout=20)
    finally:
        worker.stop(graceful=True)
        queue.storage.flush_all()
    assert stored.language == "en"
    assert ENGLISH_OF_DUTCH_REVIEW[:40] in MessageTranslation.objects.get(message=message).html
