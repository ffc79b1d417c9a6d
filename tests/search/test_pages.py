"""The results page, the id redirect and the suggest endpoint, through the test client."""

import pytest
from django.urls import reverse

from cinemeter.catalog import services
from cinemeter.catalog.models import ExternalSource

RESULTS = reverse("search:results")
SUGGEST = reverse("search:suggest")


def test_header_search_form_on_every_page(client, catalogue):
    for url in ("/", catalogue.escape_la.get_absolute_url(), reverse("catalog:browse")):
        html = client.get(url).content.decode()
        assert f'action="{RESULTS}"' in html
        assert 'name="q"' in html
        assert f'data-suggest-url="{SUGGEST}"' in html


def test_results_page_shows_the_top_hit_first_and_tabs_with_counts(client, catalogue):
    response = client.get(RESULTS, {"q": "escape"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(catalogue.escape.get_absolute_url()) < html.index(
        catalogue.escape_la.get_absolute_url()
    )
    assert "Films <span" in html
    assert 'kind=film"' in html
    # A one-result query still shows the page, not a redirect: the back button works.
    single = client.get(RESULTS, {"q": "escape from la"})
    assert single.status_code == 200


def test_kind_tab_filters(client, catalogue):
    html = client.get(RESULTS, {"q": "kurt russell", "kind": "person"}).content.decode()
    assert catalogue.kurt.get_absolute_url() in html
    assert "search-hit-character" not in html
    everything = client.get(RESULTS, {"q": "kurt russell"}).content.decode()
    assert "search-hit-person" in everything


def test_pagination(client, catalogue):
    for n in range(25):
        services.title_create(kind="movie", title=f"Zebra {n}", year=2000)
    first = client.get(RESULTS, {"q": "zebra"}).content.decode()
    assert 'rel="next"' in first
    second = client.get(RESULTS, {"q": "zebra", "page": "2"}).content.decode()
    assert second.count('class="search-hit ') == 5
    assert 'rel="prev"' in second


def test_did_you_mean_links_the_corrected_query(client, catalogue):
    html = client.get(RESULTS, {"q": "escpae from la"}).content.decode()
    assert "Did you mean" in html
    assert "q=Escape%20from%20L.A." in html


def test_nothing_found_page(client, catalogue):
    response = client.get(RESULTS, {"q": "qwxzv"})
    assert response.status_code == 200
    assert "Nothing found" in response.content.decode()


def test_dutch_results_page(client, catalogue):
    client.cookies["django_language"] = "nl"
    html = client.get(RESULTS, {"q": "qwxzv"}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Niets gevonden" in html


@pytest.mark.parametrize(
    ("query", "source", "value"),
    [
        ("tt0116225", ExternalSource.IMDB, "tt0116225"),
        ("tmdb:10061", ExternalSource.TMDB_MOVIE, "10061"),
    ],
)
def test_external_id_goes_straight_to_the_title(client, catalogue, query, source, value):
    services.external_id_set(source=source, value=value, title=catalogue.escape_la)
    response = client.get(RESULTS, {"q": query})
    assert response.status_code == 302
    assert response["Location"] == catalogue.escape_la.get_absolute_url()


def test_unknown_external_id_is_an_ordinary_search(client, catalogue):
    assert client.get(RESULTS, {"q": "tt9999999"}).status_code == 200


def test_suggest_json(client, catalogue):
    data = client.get(SUGGEST, {"q": "escape fr"}).json()
    first = data["suggestions"][0]
    assert first["url"] in (
        catalogue.escape_la.get_absolute_url(),
        catalogue.escape_ny.get_absolute_url(),
    )
    assert first["kind"] == "film"
    assert first["kind_label"] == "Film"
    assert first["year"] in (1981, 1996)
    assert len(data["suggestions"]) <= 8


def test_suggest_is_cached_per_normalised_query(client, catalogue, django_assert_max_num_queries):
    client.get(SUGGEST, {"q": "Amélie"})
    # The same words typed differently: only the catalogue version is read.
    with django_assert_max_num_queries(1):
        data = client.get(SUGGEST, {"q": "  amelie "}).json()
    assert data["suggestions"][0]["url"] == catalogue.amelie.get_absolute_url()


def test_suggest_follows_catalogue_edits(client, catalogue):
    assert client.get(SUGGEST, {"q": "amelie"}).json()["suggestions"]
    catalogue.amelie.title = "Die fabelhafte Welt"
    catalogue.amelie.original_title = "Die fabelhafte Welt"
    services.title_save(catalogue.amelie)
    urls = [s["url"] for s in client.get(SUGGEST, {"q": "fabelhafte"}).json()["suggestions"]]
    assert catalogue.amelie.get_absolute_url() in urls
