"""MovieLens parsing and mapping: pure functions, no database."""

from decimal import Decimal

import pytest

from cinemeter.catalog.bulk import Ref, article_first
from cinemeter.catalog.bulk.match import match_key  # the matcher's internal key, tested as such
from cinemeter.ingest.sources import movielens
from cinemeter.ingest.sources.movielens import (
    ParsedTitle,
    RowError,
    item_record,
    link_refs,
    movie_record,
    parse_id,
    parse_rating,
    parse_title,
    site_genres,
    vote_record,
)


@pytest.fixture(autouse=True)
def _db() -> None:
    """Overrides the suite's database fixture: these tests must not touch a database."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Escape from L.A. (1996)", ParsedTitle("Escape from L.A.", "", 1996)),
        ("American President, The (1995)", ParsedTitle("The American President", "", 1995)),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            ParsedTitle("The City of Lost Children", "La Cité des enfants perdus", 1995),
        ),
        ("Seven (a.k.a. Se7en) (1995)", ParsedTitle("Seven", "", 1995)),
        (
            "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)",
            ParsedTitle("Léon: The Professional", "Léon", 1994),
        ),
        (
            "Vitelloni, I (a.k.a. The Young and the Passionate) (1953)",
            ParsedTitle("I Vitelloni", "", 1953),
        ),
        ("Homme du train, L' (2002)", ParsedTitle("L'Homme du train", "", 2002)),
        (
            "From Dusk Till Dawn 2: Texas Blood Money (1999) ",
            ParsedTitle("From Dusk Till Dawn 2: Texas Blood Money", "", 1999),
        ),
        ("Babylon 5", ParsedTitle("Babylon 5")),
        (
            "Death Note: Desu nôto (2006–2007)",
            ParsedTitle("Death Note: Desu nôto", "", 2006, 2007, "series"),
        ),
        ("Some Show (2016-)", ParsedTitle("Some Show", "", 2016, None, "series")),
        (
            "Land Before Time III: The Time of the Great Giving (1995) (V)",
            ParsedTitle(
                "Land Before Time III: The Time of the Great Giving", "", 1995, None, "video"
            ),
        ),
        ("Honey, I Shrunk the Kids (1989)", ParsedTitle("Honey, I Shrunk the Kids", "", 1989)),
        ("(500) Days of Summer (2009)", ParsedTitle("(500) Days of Summer", "", 2009)),
    ],
)
def test_titles_split_into_title_original_year_and_kind(text, expected):
    assert parse_title(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the title is empty"),
        ("Before Cinema (1066)", "year 1066 is not plausible"),
        ("Backwards (2010-2005)", "the years 2010-2005 run backwards"),
        ("x" * 301 + " (2000)", "the title is longer than 300 characters"),
    ],
)
def test_unusable_titles_are_refused_with_a_reason(text, reason):
    with pytest.raises(RowError, match=reason):
        parse_title(text)


def test_articles_move_to_the_front_only_when_they_are_articles():
    assert article_first("Postman, The") == "The Postman"
    assert article_first("Reine Margot, La") == "La Reine Margot"
    assert article_first("Paris, Texas") == "Paris, Texas"
    assert article_first("Honey, I Shrunk the Kids") == "Honey, I Shrunk the Kids"
    assert match_key("American President, The") == match_key("The American President")
    assert match_key("Escape from L.A.") == match_key("escape from LA") == "escapefromla"
    assert match_key("Dr. Strangelove") != match_key("Dr. Strangeglove")


def test_genres_map_to_the_sites_names():
    assert site_genres(["Action", "Sci-Fi", "Film-Noir"]) == ("Action", "Sci-Fi", "Film-Noir")
    assert site_genres(["Children", "Children's", "Comedy"]) == ("Family", "Comedy")
    assert site_genres(["Action", "IMAX"]) == ("Action",)
    assert site_genres(["(no genres listed)"]) == ()
    assert site_genres(["unknown", ""]) == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.5", "0.5"), ("4.0", "4.0"), ("5", "5.0"), ("1", "1.0"), (" 3.5 ", "3.5"), ("4.50", "4.5")],
)
def test_ratings_are_half_stars_from_half_to_five(text, value):
    assert parse_rating(text) == Decimal(value)
    assert str(parse_rating(text)) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "rating is empty"),
        ("abc", "rating 'abc' is not a number"),
        ("NaN", "rating 'NaN' is not a number"),
        ("0", "rating 0 is outside 0.5-5"),
        ("5.5", "rating 5.5 is outside 0.5-5"),
        ("-1", "rating -1 is outside 0.5-5"),
        ("4.3", "rating 4.3 is not a half step"),
        ("4.25", "rating 4.25 is not a half step"),
    ],
)
def test_bad_ratings_are_refused_with_a_reason(text, reason):
    with pytest.raises(RowError, match=f"^{reason}$"):
        parse_rating(text)


def test_ids_are_positive_whole_numbers():
    assert parse_id(" 007 ", "userId") == "7"
    for bad, reason in [("", "userId is empty"), ("x1", "not a positive"), ("0", "not a positive")]:
        with pytest.raises(RowError, match=reason):
            parse_id(bad, "userId")
    with pytest.raises(RowError, match="not a positive"):
        parse_id("١٢", "userId")  # Arabic-Indic digits are digits to Python, not to MovieLens


def test_links_give_imdb_and_tmdb_refs():
    assert link_refs({"movieId": "849", "imdbId": "0116225", "tmdbId": "10061"}) == (
        "849",
        (Ref("imdb", "tt0116225"), Ref("tmdb_movie", "10061")),
    )
    assert link_refs({"movieId": "1", "imdbId": "114709", "tmdbId": ""}) == (
        "1",
        (Ref("imdb", "tt0114709"),),  # zero-padded to 7 digits
    )
    assert link_refs({"movieId": "2", "imdbId": "10872600", "tmdbId": ""})[1] == (
        Ref("imdb", "tt10872600"),
    )
    with pytest.raises(RowError, match="imdbId 'tt0116225' is not a positive whole number"):
        link_refs({"movieId": "849", "imdbId": "tt0116225", "tmdbId": ""})


def test_a_movie_becomes_a_title_record_with_its_links():
    links = {"849": (Ref("imdb", "tt0116225"), Ref("tmdb_movie", "10061"))}
    record = movie_record(
        {
            "movieId": "849",
            "title": "Escape from L.A. (1996)",
            "genres": "Action|Adventure|Sci-Fi|Thriller",
        },
        658,
        links,
    )
    assert record.ref == Ref("movielens", "849")
    assert record.other_refs == links["849"]
    assert (record.kind, record.title, record.year) == ("movie", "Escape from L.A.", 1996)
    assert record.genres == ("Action", "Adventure", "Sci-Fi", "Thriller")
    assert record.line == 658
    unlinked = movie_record({"movieId": "5", "title": "Babylon 5", "genres": "Sci-Fi"}, 2, links)
    assert unlinked.other_refs == ()
    assert unlinked.year is None


def test_ratings_of_both_layouts_become_votes_of_their_own_members():
    vote = vote_record({"userId": "1", "movieId": "849", "rating": "4.5", "timestamp": "9"}, 3)
    assert (vote.member, vote.title, vote.value, vote.line) == (
        "movielens-1",
        Ref("movielens", "849"),
        Decimal("4.5"),
        3,
    )
    old = vote_record(
        {"user_id": "1", "item_id": "831", "rating": "4", "timestamp": "8"},
        1,
        layout=movielens.ML_100K,
        user="user_id",
        movie="item_id",
    )
    # ml-100k numbers its users and items apart from ml-latest: they never collide.
    assert (old.member, old.title, old.value) == (
        "movielens-100k-1",
        Ref("movielens", "ml-100k:831"),
        Decimal("4.0"),
    )
    with pytest.raises(RowError, match="userId is empty"):
        vote_record({"userId": "", "movieId": "1", "rating": "4", "timestamp": ""}, 4)


def item(title, release="01-Jan-1995", flags=(0,) * 19, movie_id="1"):
    values = {
        "movie_id": movie_id,
        "title": title,
        "release_date": release,
        "video_release_date": "",
        "imdb_url": "http://us.imdb.com/M/title-exact?x",
    }
    values.update({f"genre_{index}": str(flag) for index, flag in enumerate(flags)})
    return values


def test_an_ml_100k_item_becomes_a_title_record():
    flags = [0] * 19
    flags[4] = flags[5] = flags[15] = 1  # Children's, Comedy, Sci-Fi
    record = item_record(item("Cité des enfants perdus, La (1995)", flags=flags), 3)
    assert record.ref == Ref("movielens", "ml-100k:1")
    assert (record.title, record.year, record.kind) == ("La Cité des enfants perdus", 1995, "movie")
    assert record.genres == ("Family", "Comedy", "Sci-Fi")
    assert record.other_refs == ()  # its IMDb URL is a search, not an id
    video = item_record(item("Land Before Time III (1995) (V)"), 4)
    assert video.kind == "video"
    undated = item_record(item("Somewhere Else", release="09-Aug-1996"), 5)
    assert undated.year == 1996  # from the release date when the title has none


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (item("unknown", release=""), "placeholder 'unknown'"),
        (item("Fine (1995)", movie_id=""), "movie id is empty"),
        (item("Fine (1995)", flags=(2,) + (0,) * 18), "a genre flag is not 0 or 1"),
    ],
)
def test_unusable_ml_100k_items_are_refused(values, reason):
    with pytest.raises(RowError, match=reason):
        item_record(values, 1)


def test_genre_names_follow_u_genre_indexes():
    rows = [{"name": "Drama", "index": "1"}, {"name": "unknown", "index": "0"}]
    assert movielens.genre_names(rows) == ("unknown", "Drama")
    with pytest.raises(RowError, match="not 0, 1, 2"):
        movielens.genre_names([{"name": "Drama", "index": "3"}])
    with pytest.raises(RowError, match="not a number"):
        movielens.genre_names([{"name": "Drama", "index": "x"}])
