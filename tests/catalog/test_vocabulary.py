"""The catalogue's controlled words in the reader's language (`catalog.vocabulary`) and the
models' display names built on them; none of it costs a query."""

import pytest
from django.utils import translation

from cinemeter.catalog.models import Country, Credit, Genre, ReleaseDate, Video
from cinemeter.catalog.vocabulary import (
    GENRES,
    country_name,
    genre_name,
    job_name,
    language_name,
    release_note,
    video_name,
)


@pytest.mark.parametrize(
    ("name", "dutch"),
    [("Action", "Actie"), ("Sci-Fi", "Sciencefiction"), ("Short", "Korte film")],
)
def test_genres_are_translated_and_english_stays_english(name, dutch):
    with translation.override("nl"):
        assert genre_name(name) == dutch
    with translation.override("en"):
        assert genre_name(name) == name


def test_a_genre_outside_the_list_is_shown_as_written():
    with translation.override("nl"):
        assert genre_name("Giallo") == "Giallo"


def test_every_genre_has_a_dutch_name():
    """The genre list and the catalogue agree; a genre without its msgstr would show English
    ("Drama", "Horror" and a few others are the same in Dutch)."""
    same_in_dutch = {"Drama", "Fantasy", "Horror", "Musical", "Sport", "Thriller", "Western"}
    with translation.override("nl"):
        untranslated = {name for name in GENRES if genre_name(name) == name}
    assert untranslated == same_in_dutch


@pytest.mark.parametrize(
    ("job", "dutch"),
    [
        ("Director", "Regisseur"),
        ("Director of Photography", "Cinematograaf"),
        ("Key Grip", "Key Grip"),  # a rare job: data, as the source wrote it
    ],
)
def test_jobs(job, dutch):
    with translation.override("nl"):
        assert job_name(job) == dutch


@pytest.mark.parametrize(
    ("name", "dutch", "english"),
    [
        ("Official Trailer", "Officiële trailer", "Official trailer"),
        ("official trailer #2", "Officiële trailer 2", "Official trailer 2"),
        ("Teaser 3", "Teaser 3", "Teaser 3"),
        ("TV Spot", "Tv-spot", "TV spot"),
        ("Clip", "Fragment", "Clip"),
        # A name of its own is data, even when it mentions the kind.
        ("Trailer - Director's cut", "Trailer - Director's cut", "Trailer - Director's cut"),
        ("The making of Escape from L.A.", None, None),
    ],
)
def test_stock_video_names_are_vocabulary_and_own_names_are_data(name, dutch, english):
    with translation.override("nl"):
        assert video_name(name) == (dutch or name)
    with translation.override("en"):
        assert video_name(name) == (english or name)


def test_release_notes_the_importers_write_are_translated_others_are_data():
    with translation.override("nl"):
        assert release_note("Limited") == "Beperkt"
        assert release_note("Showtime") == "Showtime"


@pytest.mark.parametrize(
    ("code", "dutch", "english"),
    [("US", "Verenigde Staten", "United States"), ("de", "Duitsland", "Germany")],
)
def test_countries_come_from_cldr(code, dutch, english):
    assert country_name(code, language="nl") == dutch
    assert country_name(code, language="en") == english


def test_a_country_cldr_does_not_know_keeps_the_catalogues_name():
    assert country_name("XC", "Czechoslovakia", language="nl") == "Czechoslovakia"
    assert country_name("XC", language="nl") == "XC"


@pytest.mark.parametrize(
    ("code", "dutch", "english"),
    [
        ("en", "Engels", "English"),
        ("FR", "Frans", "French"),
        ("pt-BR", "Portugees", "Brazilian Portuguese"),
        ("cn", "Kantonees", "Cantonese"),  # TMDb's code for Cantonese
        ("xx", "xx", "xx"),  # TMDb's "no language"
    ],
)
def test_languages_come_from_cldr(code, dutch, english):
    assert language_name(code, "nl") == dutch
    assert language_name(code, "en") == english


def test_the_models_display_names_follow_the_language(django_assert_num_queries):
    genre = Genre(name="Adventure", slug="adventure")
    country = Country(code="GB", name="United Kingdom")
    video = Video(name="Official Trailer", kind="trailer")
    credit = Credit(job="Screenplay", department="writing")
    release = ReleaseDate(note="Limited")
    with django_assert_num_queries(0), translation.override("nl"):
        assert genre.display_name == "Avontuur"
        assert country.display_name == "Verenigd Koninkrijk"
        assert video.display_name == "Officiële trailer"
        assert credit.job_display == "Scenario"
        assert release.note_display == "Beperkt"
    with translation.override("en"):
        assert genre.display_name == "Adventure"
        assert country.display_name == "United Kingdom"
