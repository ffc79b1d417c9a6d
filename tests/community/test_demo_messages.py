"""The demo's Dutch reviews on Escape from L.A. show translated to English readers with no
machine translator configured (their English is the project's own, stored as "human")."""

from io import StringIO

from django.core.management import call_command

from cinemeter.catalog.models import Title
from cinemeter.community.models import Message, MessageTranslation


def _load():
    call_command("load_demo", "--if-empty", stdout=StringIO())
    call_command("load_demo_messages", stdout=StringIO())


def test_demo_reviews_load_once(settings):
    settings.TRANSLATOR_BACKEND = "none"
    _load()
    _load()
    assert Message.objects.count() == 3
    assert sorted(Message.objects.values_list("language", flat=True)) == ["en", "nl", "nl"]
    assert MessageTranslation.objects.filter(backend="human").count() == 3


def test_english_readers_see_the_dutch_reviews_translated(client, settings):
    settings.TRANSLATOR_BACKEND = "none"
    _load()
    film = Title.objects.get(title="Escape from L.A.")
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert html.count("Translated from Dutch · <a") == 2
    assert "What a gloriously trashy film." in html
    assert "Wat een heerlijk foute film." in html  # the original, one click away


def test_dutch_readers_see_the_english_review_translated_and_the_dutch_plot(client, settings):
    settings.TRANSLATOR_BACKEND = "none"
    _load()
    film = Title.objects.get(title="Escape from L.A.")
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert html.count("Vertaald uit het Engels · <a") == 1
    assert "Carpenters satire op Los Angeles steekt nog altijd." in html
    assert "In 2013 heeft een enorme aardbeving Los Angeles" in html
