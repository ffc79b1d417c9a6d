"""The ranking rules on a small catalogue: what comes first for the issue's queries."""

import pytest

from cinemeter.search.ranking import EXACT, FUZZY, PREFIX, WORDS, parse
from cinemeter.search.selectors import search


def _first(query: str):
    results = search(query)
    assert results.hits, f"nothing found for {query!r}"
    return results.hits[0]


@pytest.mark.parametrize(
    ("query", "attribute"),
    [
        ("escape from la", "escape_la"),
        ("Escape from L.A.", "escape_la"),
        ("escape from l a", "escape_la"),
        ("escpae from la", "escape_la"),  # a swapped pair
        ("escape form la", "escape_la"),
        ("flucht aus la", "escape_la"),  # a German AKA
        ("amelie", "amelie"),
        ("AMÉLIE", "amelie"),
        ("le fabuleux destin", "amelie"),  # the original title
        ("fabuleux destin d'amelie poulain", "amelie"),
        ("stalker", "stalker"),  # Сталкер
        ("spiderman", "spider_man"),
        ("spider man", "spider_man"),
        ("Spider-Man", "spider_man"),
        ("matrix", "matrix"),
        ("the matrix", "matrix"),
        ("alien", "alien"),  # exact above the more popular prefix match "Aliens"
        ("aliens", "aliens"),
        ("escape 1996", "escape_la"),  # the year picks among the "escape" titles
        ("escape 1981", "escape_ny"),
        ("escape", "escape"),  # the exact title above more popular longer ones
    ],
)
def test_first_title(catalogue, query, attribute):
    assert _first(query).url == getattr(catalogue, attribute).get_absolute_url()


def test_people_with_a_typo(catalogue):
    hit = _first("kurt russel")
    assert hit.url == catalogue.kurt.get_absolute_url()
    assert hit.detail.startswith("Escape from")  # the best-known title under the name
    assert catalogue.ken.get_absolute_url() not in [h.url for h in search("kurt russel").hits]


def test_character_leads_to_the_film_and_names_the_actor(catalogue):
    hits = search("snake plissken").hits
    assert [h.kind for h in hits[:2]] == ["character", "character"]
    # Both films have him; the more popular one first.
    assert hits[0].url == catalogue.escape_ny.get_absolute_url()
    assert hits[1].url == catalogue.escape_la.get_absolute_url()
    assert "Kurt Russell" in hits[0].detail


def test_prefix_finds_while_typing(catalogue):
    urls = [hit.url for hit in search("escape fr").hits[:2]]
    assert set(urls) == {
        catalogue.escape_ny.get_absolute_url(),
        catalogue.escape_la.get_absolute_url(),
    }


def test_exact_always_above_fuzzy_and_popularity_within_a_tier(catalogue):
    hits = search("escape").hits
    tiers = [hit.tier for hit in hits]
    assert tiers == sorted(tiers)
    assert hits[0].tier == EXACT
    prefixed = [hit for hit in hits if hit.tier == PREFIX]
    assert [hit.title for hit in prefixed][:3] == [
        "Escape Room",
        "Escape from New York",
        "Escape from L.A.",
    ]


def test_episode_with_its_show(catalogue):
    hit = _first("flight")
    assert hit.kind == "episode"
    assert hit.detail == "Prison Break"


def test_typo_allowance_by_word_length(catalogue):
    # One edit (here a swapped pair) is allowed in a word of 4-8 letters...
    assert _first("alein").url == catalogue.alien.get_absolute_url()
    # ...but two are not, and a word of three letters allows none.
    assert search("xlixn").hits == []
    assert search("bxg trouble").hits == []


def test_did_you_mean_only_when_everything_is_a_guess(catalogue):
    misspelt = search("escpae from la")
    assert all(hit.tier >= FUZZY for hit in misspelt.hits)
    assert misspelt.did_you_mean == "Escape from L.A."
    assert search("escape from la").did_you_mean == ""
    assert search("escape from la").hits[0].tier in (EXACT, PREFIX, WORDS)


def test_counts_per_kind(catalogue):
    results = search("escape")
    assert results.counts["film"] == 4
    assert sum(results.counts.values()) == len(results.hits)


def test_external_ids_are_parsed():
    assert parse("tt0116225").external == ("imdb", "tt0116225")
    assert parse(" TT0116225 ").external == ("imdb", "tt0116225")
    assert parse("tmdb:10061").external == ("tmdb_movie", "10061")
    assert parse("tmdb:tv:1399").external == ("tmdb_tv", "1399")
    assert parse("escape from la").external is None
