"""A title's name and plot in the reader's language when the catalogue has them (alternative
titles by region/language, TitlePlot), falling back to the catalogue's own; no extra query
per listed title.
"""

import pytest

from cinemeter.catalog.models import AlternativeTitle, Credit, TitlePlot
from tests.catalog.factories import PersonFactory, TitleFactory


@pytest.fixture
def film():
    title = TitleFactory.create(title="The Vanishing", year=1988, plot="A man searches.")
    AlternativeTitle.objects.create(title=title, name="Spoorloos", region="NL", language="")
    AlternativeTitle.objects.create(title=title, name="L'Homme qui voulait savoir", region="FR")
    TitlePlot.objects.create(title=title, language="nl", plot="Een man zoekt zijn vriendin.")
    return title


def test_dutch_readers_get_the_dutch_title_and_plot(client, film):
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "<h1>Spoorloos" in html
    assert "Oorspronkelijke titel: The Vanishing" in html
    assert '<div class="plot" lang="nl"><p>Een man zoekt zijn vriendin.</p></div>' in html
    assert "<title>Spoorloos · Cinemeter</title>" in html


def test_english_readers_get_the_original(client, film):
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "<h1>The Vanishing" in html
    assert "Original title" not in html
    assert '<div class="plot" lang="en"><p>A man searches.</p></div>' in html


def test_without_dutch_text_the_original_is_shown(client):
    title = TitleFactory.create(title="Halloween", year=1978, plot="A killer returns.")
    html = client.get(title.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "<h1>Halloween" in html
    assert '<div class="plot" lang="en"><p>A killer returns.</p></div>' in html


def test_lists_show_the_dutch_title_without_a_query_per_title(
    client, film, django_assert_max_num_queries
):
    for n in range(5):
        other = TitleFactory.create(title=f"Film {n}")
        AlternativeTitle.objects.create(title=other, name=f"Dutch film {n}", region="NL")
    with django_assert_max_num_queries(8) as few:
        client.get("/browse/", HTTP_ACCEPT_LANGUAGE="nl")
    for n in range(20):
        TitleFactory.create(title=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/browse/", HTTP_ACCEPT_LANGUAGE="nl").text
    assert '<span class="card-title">Spoorloos</span>' in html
    assert '<span class="card-title">Dutch film 3</span>' in html


def test_the_title_page_budget_holds_in_dutch(client, film, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").status_code == 200


def test_a_persons_filmography_names_the_films_in_the_readers_language(
    client, film, django_assert_max_num_queries
):
    director = PersonFactory.create(name="George Sluizer")
    Credit.objects.create(person=director, title=film, department="directing", job="Director")
    for n in range(5):
        other = TitleFactory.create(title=f"Film {n}")
        AlternativeTitle.objects.create(title=other, name=f"Dutch film {n}", region="NL")
        Credit.objects.create(person=director, title=other, department="directing", job="Director")
    with django_assert_max_num_queries(8):  # as many as in English: no query per film
        dutch = client.get(director.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert ">Spoorloos</a>" in dutch
    assert ">Dutch film 4</a>" in dutch
    english = client.get(director.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert ">The Vanishing</a>" in english
    assert "Spoorloos" not in english
