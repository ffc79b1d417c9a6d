"""The normalisation rules: a name and a query that differ only in what search ignores meet."""

import pytest

from cinemeter.search.normalize import (
    MAX_QUERY_CHARS,
    clean_query,
    compact,
    normalize_name,
    words,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Amélie", "amelie"),
        ("AMÉLIE", "Amelie"),
        ("L.A.", "la"),
        ("L A", "la"),
        ("Escape from L.A.", "escape from la"),
        ("Spider-Man", "spiderman"),
        ("Spider-Man", "spider man"),
        ("The Matrix", "Matrix"),
        ("Het Meisje met het Rode Haar", "meisje met het rode haar"),
        ("Les Misérables", "miserables"),
        ("Das Boot", "boot"),
        ("El Laberinto del Fauno", "laberinto del fauno"),
        ("Ørnen & Co", "ornen and co"),
        ("Ørnen & Co", "Ornen Co"),
        ("Schindler's List", "schindlers list"),
        ("Schindler’s List", "Schindler's List"),
        ("Сталкер", "stalker"),
        ("Straße", "strasse"),
    ],
)
def test_equal_under_normalisation(left, right):
    assert normalize_name(left).key == normalize_name(right).key


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Alien", "Aliens"),
        ("I, Robot", "Robot"),  # "i" is not an article: Italian plural "i" would eat English "I"
        ("The", "A"),  # an article alone is the whole name
        ("Heat", "The Heat Wave"),
    ],
)
def test_still_different(left, right):
    assert normalize_name(left).key != normalize_name(right).key


def test_article_kept_when_it_is_the_only_word():
    assert normalize_name("The").key == "the"


def test_hyphenated_name_is_indexed_joined_and_split():
    name = normalize_name("Spider-Man: Far From Home")
    assert name.words == ("spider", "man", "far", "from", "home")
    assert "spiderman" in name.terms
    assert {"spider", "man"} <= set(name.terms)


def test_single_letters_join_only_in_runs():
    assert words("A Beautiful Mind") == ["a", "beautiful", "mind"]
    assert words("U.S. Marshals") == ["us", "marshals"]
    assert words("E.T. the Extra-Terrestrial") == ["et", "the", "extra", "terrestrial"]


def test_transliteration_of_other_scripts():
    assert words("Сталкер (1979)") == ["stalker", "1979"]
    assert words("Λούφα και Παραλλαγή") == ["loyfa", "kai", "parallagi"]
    assert compact(words("東京物語")).isascii()


@pytest.mark.parametrize("raw", ["", "   ", "!!!", '"*"', "😀🎬", "\x00", "--", "&"])
def test_no_words_in_noise(raw):
    # "&" alone is the word "and": harmless, and the key drops nothing when it is alone.
    assert words(raw) in ([], ["and"])


def test_fts_syntax_becomes_plain_words():
    # The backends quote every term, so "near" and "or" are words like any other.
    assert words('NEAR(escape OR "la"*') == ["near", "escape", "or", "la"]


def test_emoji_and_nul_separate_words():
    assert words("kurt😀russell") == ["kurt", "russell"]
    assert words("kurt\x00russell") == ["kurt", "russell"]


def test_clean_query_bounds_length_and_strips_control_characters():
    assert len(clean_query("a" * 2000)) == MAX_QUERY_CHARS
    assert clean_query("  escape\x00 from\tla ") == "escape from la"
    assert clean_query("שלום עולם") == "שלום עולם"  # RTL text stays as typed
