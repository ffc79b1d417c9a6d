"""TMDb parsing and mapping: rows and documents in, frozen records out, no database used."""

import csv
import datetime
import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from cinemeter.catalog.bulk import Ref
from cinemeter.catalog.models import Department, ImageKind, ReleaseType, TitleKind, VideoKind
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.sources import tmdb

FIXTURES = Path(__file__).parent / "fixtures" / "tmdb"
FETCHED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
MOVIE = Ref("tmdb_movie", "10061")


def csv_rows(name):
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def movie_row(**changes):
    row = csv_rows("tmdb_5000_movies.csv")[0]
    row.update(changes)
    return row


def document(name):
    return json.loads((FIXTURES / "api" / name).read_text(encoding="utf-8"))


# --- movies CSV -------------------------------------------------------------------------------


def test_a_movie_row_maps_onto_the_catalogue():
    bundle = tmdb.parse_movie_row(movie_row(), line=2, fetched_at=FETCHED)
    title = bundle.title
    assert title.ref == MOVIE
    assert (title.kind, title.title, title.original_title) == (
        TitleKind.MOVIE,
        "Escape from L.A.",
        "Escape from L.A.",
    )
    assert (title.year, title.release_date) == (1996, datetime.date(1996, 8, 9))
    assert title.runtime_minutes == 101
    assert title.tagline == "Snake is back."
    assert title.plot.startswith("Years after New York, the one-eyed outlaw")
    assert title.original_language == "en"
    assert title.genres == ("Action", "Adventure", "Sci-Fi", "Thriller")
    assert title.countries == (("US", "United States of America"),)
    assert title.other_refs == ()  # TMDB 5000 has no IMDb ids
    assert title.line == 2
    assert [(c.ref.value, c.name) for c in bundle.companies] == [
        ("4", "Paramount"),
        ("11661", "Rysher Entertainment"),
    ]
    assert {c.ref.source for c in bundle.companies} == {"tmdb_company"}
    assert [(link.company.value, link.role, link.order) for link in bundle.company_credits] == [
        ("4", "production", 0),
        ("11661", "production", 1),
    ]
    assert bundle.rating is not None
    assert (bundle.rating.source, bundle.rating.value, bundle.rating.votes) == (
        "tmdb_movie",
        Decimal("5.6"),
        700,
    )
    assert bundle.rating.fetched_at == FETCHED
    assert bundle.credits is None
    assert (bundle.images, bundle.videos, bundle.release_dates) == ((), (), ())


def test_tv_movie_is_a_kind_and_foreign_is_no_genre():
    rows = {row["id"]: row for row in csv_rows("tmdb_5000_movies.csv")}
    elvis = tmdb.parse_movie_row(rows["900001"], line=5, fetched_at=FETCHED).title
    assert elvis.kind == TitleKind.TV_MOVIE
    assert elvis.genres == ("Music", "Drama")
    visitors = tmdb.parse_movie_row(rows["900002"], line=6, fetched_at=FETCHED)
    assert visitors.title.genres == ("Comedy",)
    assert visitors.title.original_title == "Les Visiteurs"
    assert visitors.title.runtime_minutes is None  # an empty runtime says nothing
    assert visitors.rating is None  # no votes: no "0.0" rating


@pytest.mark.parametrize(
    ("tmdb_names", "site"),
    [
        (["Science Fiction"], ("Sci-Fi",)),
        (["Music", "Drama"], ("Music", "Drama")),
        (["TV Movie", "Foreign"], ()),
        (["Action & Adventure", "Action"], ("Action", "Adventure")),
        (["Sci-Fi & Fantasy", "Science Fiction"], ("Sci-Fi", "Fantasy")),
        (
            ["Kids", "Reality", "Talk", "War & Politics"],
            ("Family", "Reality-TV", "Talk-Show", "War"),
        ),
    ],
)
def test_genres_map_onto_the_site_names_once_each(tmdb_names, site):
    assert tmdb.site_genres(tmdb_names) == site


@pytest.mark.parametrize(
    ("runtime", "minutes"), [("162.0", 162), ("99.5", 100), ("0", None), ("", None), (" 90 ", 90)]
)
def test_runtime_is_whole_minutes_and_zero_is_unknown(runtime, minutes):
    bundle = tmdb.parse_movie_row(movie_row(runtime=runtime), line=2, fetched_at=FETCHED)
    assert bundle.title.runtime_minutes == minutes


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"id": ""}, "id is empty"),
        ({"id": "ten"}, 'id: "ten" is not a TMDb id'),
        ({"title": "  "}, "title is empty"),
        ({"runtime": "ninety"}, "runtime: 'ninety' is not a number"),
        ({"runtime": "-5"}, "runtime: '-5' is not a positive number"),
        ({"runtime": "nan"}, "runtime: 'nan' is not a positive number"),
        ({"genres": '[{"id": 28, "name": "Action"'}, "genres: not valid JSON"),
        ({"genres": '{"id": 28}'}, "genres: expected a list of objects"),
        ({"production_companies": '[{"name": "Paramount"}]'}, "production_companies id is empty"),
        ({"production_companies": '[{"name": "", "id": 4}]'}, "company 4 has no name"),
        ({"production_countries": '[{"iso_3166_1": "usa"}]'}, "'usa' is not an ISO 3166-1"),
        ({"release_date": "1996-02-30"}, "release_date: '1996-02-30' is not a date"),
        ({"release_date": "1066-10-14"}, "release_date: 1066 is not a plausible year"),
        ({"vote_average": "eleven"}, "vote_average: 'eleven' is not a number"),
        ({"vote_average": "11"}, "vote_average: '11' is not between 0 and 10"),
        ({"vote_count": "7.5"}, "vote_count: '7.5' is not a whole number"),
        ({"original_language": "English"}, "original_language: 'English' is not a language"),
        ({"title": "x" * 301}, "title is longer than 300 characters"),
    ],
)
def test_broken_values_refuse_the_row_with_a_reason(changes, reason):
    with pytest.raises(tmdb.RowError) as error:
        tmdb.parse_movie_row(movie_row(**changes), line=2, fetched_at=FETCHED)
    assert reason in str(error.value)


def test_text_is_made_safe_for_the_database():
    bundle = tmdb.parse_movie_row(
        movie_row(tagline="Snake\x00 is back. " + "x" * 400, overview="Plot\x00"),
        line=2,
        fetched_at=FETCHED,
    )
    assert bundle.title.plot == "Plot"
    assert len(bundle.title.tagline) == 300
    assert bundle.title.tagline.startswith("Snake is back.")
    assert bundle.title.tagline.endswith("…")


# --- credits CSV ------------------------------------------------------------------------------


def credits_rows():
    return csv_rows("tmdb_5000_credits.csv")


def test_credits_row_gives_people_acting_and_crew_credits():
    group = tmdb.parse_credits_row(credits_rows()[0], line=2)
    assert group.title == MOVIE
    people = {p.ref.value: p.name for p in group.people}
    assert people["6856"] == "Kurt Russell"
    assert {p.ref.source for p in group.people} == {"tmdb_person"}
    acting = [c for c in group.credits if c.department == Department.ACTING]
    assert [(c.person.value, c.character, c.billing_order) for c in acting] == [
        ("6856", "Snake Plissken", 0),
        ("825", "Cmdr. Malloy", 1),
        ("884", "Map to the Stars Eddie", 2),
        ("8949", "Pipeline", 3),
        # one actor in two roles is one credit with both characters
        ("11357", "Surgeon General of Beverly Hills / Hospital Orderly", 4),
    ]
    crew = {(c.person.value, c.department, c.job) for c in group.credits if c not in acting}
    assert crew == {
        ("11770", Department.DIRECTING, "Director"),  # listed twice in the row, once here
        ("11770", Department.WRITING, "Screenplay"),
        ("11770", Department.SOUND, "Original Music Composer"),
        ("11771", Department.WRITING, "Screenplay"),
        ("11771", Department.PRODUCTION, "Producer"),
        ("6856", Department.WRITING, "Screenplay"),
        ("11773", Department.SOUND, "Original Music Composer"),
        ("11772", Department.CAMERA, "Director of Photography"),
        ("11774", Department.CAMERA, "Gaffer"),  # Lighting
        ("11775", Department.COSTUME, "Costume Design"),
        ("11776", Department.VISUAL_EFFECTS, "Visual Effects Supervisor"),
        ("11777", Department.CREW, "Stunt Double"),  # a department TMDb added later
    }
    assert all(c.character == "" for c in group.credits if c not in acting)
    assert {c.line for c in group.credits} == {2}


@pytest.mark.parametrize(
    ("department", "expected"),
    [
        ("Directing", Department.DIRECTING),
        ("Writing", Department.WRITING),
        ("Production", Department.PRODUCTION),
        ("Sound", Department.SOUND),
        ("Camera", Department.CAMERA),
        ("Editing", Department.EDITING),
        ("Art", Department.ART),
        ("Costume & Make-Up", Department.COSTUME),
        ("Visual Effects", Department.VISUAL_EFFECTS),
        ("Crew", Department.CREW),
        ("Lighting", Department.CAMERA),
    ],
)
def test_every_tmdb_department_has_a_home(department, expected):
    assert tmdb.DEPARTMENTS[department] == expected


def test_an_empty_crew_cell_imports_the_cast():
    row = next(r for r in credits_rows() if r["movie_id"] == "6978")
    group = tmdb.parse_credits_row(row, line=5)
    assert [c.department for c in group.credits] == [Department.ACTING, Department.ACTING]


def test_empty_movie_id_and_broken_cast_are_refused():
    rows = credits_rows()
    with pytest.raises(tmdb.RowError, match=r"movie_id is empty \(title 'Escape from New York'\)"):
        tmdb.parse_credits_row(rows[1], line=3)
    with pytest.raises(tmdb.RowError, match=r"^cast: not valid JSON"):
        tmdb.parse_credits_row(rows[5], line=7)


# --- API documents ----------------------------------------------------------------------------


def test_movie_document_with_everything_appended():
    bundle = tmdb.parse_document(document("movie-10061.json"), fetched_at=FETCHED)
    title = bundle.title
    assert title.ref == MOVIE
    assert title.other_refs == (Ref("imdb", "tt0116225"),)
    assert (title.runtime_minutes, title.year, title.genres[2]) == (101, 1996, "Sci-Fi")
    assert bundle.rating is not None
    assert (bundle.rating.value, bundle.rating.votes) == (Decimal("5.6"), 700)
    assert bundle.credits is not None
    assert len(bundle.credits.credits) == 5 + 5

    images = [(i.kind, i.remote_url, i.width, i.order) for i in bundle.images if i.title]
    assert images == [
        (
            ImageKind.POSTER,
            "https://image.tmdb.org/t/p/original/pR4QfXTbGmN4nqGKPkwxCYXfSnD.jpg",
            2000,  # poster_path and the same file in images.posters: one image
            0,
        ),
        (ImageKind.POSTER, "https://image.tmdb.org/t/p/original/deEscapeAusLA.jpg", 1000, 1),
        (
            ImageKind.BACKDROP,
            "https://image.tmdb.org/t/p/original/aEfLx3qkJzn4CpVdCkbWqUZAwCs.jpg",
            1920,
            0,
        ),
    ]  # the logo is not kept
    assert {(i.source, i.attribution) for i in bundle.images} == {("TMDb", "TMDb")}
    profiles = {i.person.value: i.remote_url for i in bundle.images if i.person}
    assert set(profiles) == {"6856", "884", "11770"}

    videos = [(v.provider, v.key, v.kind, v.published_on) for v in bundle.videos]
    assert videos == [
        ("youtube", "Hq3Fc9Gk7xA", VideoKind.TRAILER, datetime.date(2016, 3, 11)),
        ("vimeo", "118204711", VideoKind.FEATURETTE, datetime.date(2015, 1, 2)),
    ]  # Dailymotion is skipped

    releases = {(r.country, r.type, r.date.isoformat(), r.note) for r in bundle.release_dates}
    assert releases == {
        ("US", ReleaseType.PREMIERE, "1996-08-08", "Los Angeles, California"),
        ("US", ReleaseType.THEATRICAL, "1996-08-09", ""),
        ("DE", ReleaseType.THEATRICAL, "1996-09-26", ""),
        ("GB", ReleaseType.THEATRICAL, "1996-10-04", "Limited"),
        ("NL", ReleaseType.PHYSICAL, "1997-04-01", "VHS"),
    }


def test_tv_document_is_a_show_with_seasons():
    bundle = tmdb.parse_document(document("tv-1437.json"), fetched_at=FETCHED)
    show = bundle.title
    assert show.ref == Ref("tmdb_tv", "1437")
    assert show.other_refs == (Ref("imdb", "tt0303461"),)
    assert (show.kind, show.year, show.end_year, show.runtime_minutes) == (
        TitleKind.SERIES,
        2002,
        2002,
        44,
    )
    assert show.genres == ("Action", "Adventure", "Drama", "Sci-Fi", "Fantasy")
    assert bundle.rating is not None
    assert bundle.rating.source == "tmdb_tv"
    seasons = [(s.season_number, s.title, s.year) for s in bundle.seasons]
    assert seasons == [(0, "Firefly: Specials", 2002), (1, "Firefly: Season 1", 2002)]
    assert bundle.seasons[1].plot == "The crew of Serenity take the jobs they can find."
    assert bundle.credits is not None
    assert {c.title for c in bundle.credits.credits} == {show.ref}


def test_miniseries_and_running_shows():
    data = document("tv-1437.json")
    data.update(type="Miniseries")
    assert tmdb.parse_document(data, fetched_at=FETCHED).title.kind == TitleKind.MINISERIES
    data.update(type="Scripted", status="Returning Series", last_air_date="2024-05-01")
    assert tmdb.parse_document(data, fetched_at=FETCHED).title.end_year is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([1, 2], "not a TMDb document (a JSON list, not an object)"),
        ({"status_code": 34, "status_message": "Not found."}, "a TMDb error response: Not found."),
        ({"id": 5, "overview": "?"}, "not a TMDb movie or TV document"),
        ({"id": 5, "title": "X", "imdb_id": "nm0000123"}, "imdb_id: 'nm0000123' is not an IMDb"),
        ({"id": 5, "title": "X", "credits": {"cast": [{"id": 1}]}}, "cast: person 1 has no name"),
        ({"id": 5, "title": "X", "videos": []}, "videos: expected an object"),
        ({"id": 5, "title": "X", "vote_count": 2**31}, "vote_count: 2147483648 is more than"),
        ({"id": 5, "name": "X", "seasons": [{"season_number": 99999}]}, "is more than 32,767"),
        (
            {"id": 5, "title": "X", "release_dates": {"results": [{"iso_3166_1": "US"}]}},
            None,  # no dates in a country: nothing to say, not an error
        ),
        (
            {
                "id": 5,
                "title": "X",
                "release_dates": {
                    "results": [{"iso_3166_1": "US", "release_dates": [{"type": 9}]}]
                },
            },
            "unknown release type 9",
        ),
    ],
)
def test_broken_documents_are_refused_with_a_reason(data, reason):
    if reason is None:
        assert tmdb.parse_document(data, fetched_at=FETCHED).release_dates == ()
        return
    with pytest.raises(tmdb.RowError) as error:
        tmdb.parse_document(data, fetched_at=FETCHED)
    assert reason in str(error.value)


def test_reading_documents(tmp_path):
    with pytest.raises(tmdb.RowError, match=r"not valid JSON: .* \(line 4, column") as error:
        tmdb.read_document(FIXTURES / "broken" / "truncated.json")
    assert error.value.line == 4
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"title": "Café"}'.encode("latin-1"))
    with pytest.raises(tmdb.RowError, match="not valid UTF-8"):
        tmdb.read_document(latin)
    packed = tmp_path / "movie.json.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "api" / "movie-10061.json").read_bytes()))
    assert tmdb.read_document(packed)["id"] == 10061
    packed.write_bytes(packed.read_bytes()[:100])
    with pytest.raises(tmdb.RowError, match="gzip data is truncated"):
        tmdb.read_document(packed)


# --- telling files apart ----------------------------------------------------------------------


def test_csv_files_are_told_apart_by_header(tmp_path):
    assert tmdb.csv_kind(FIXTURES / "tmdb_5000_movies.csv") == tmdb.MOVIES
    assert tmdb.csv_kind(FIXTURES / "tmdb_5000_credits.csv") == tmdb.CREDITS
    renamed = tmp_path / "export.csv"
    renamed.write_bytes((FIXTURES / "tmdb_5000_credits.csv").read_bytes())
    assert tmdb.csv_kind(renamed) == tmdb.CREDITS


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown.csv", "unknown.csv, line 1: not a TMDB 5000 movies or credits CSV (header: "),
        (
            "tmdb_5000_movies_wrong_header.csv",
            "tmdb_5000_movies_wrong_header.csv, line 1: the header of a TMDB 5000 movies file "
            "lacks id, title, original_title",
        ),
    ],
)
def test_unknown_and_wrong_headers_name_the_file(name, message):
    with pytest.raises(SourceFileError) as error:
        tmdb.csv_kind(FIXTURES / name)
    assert str(error.value).startswith(message)


def test_empty_and_undecodable_csv(tmp_path):
    empty = tmp_path / "tmdb_5000_movies.csv"
    empty.write_text("")
    with pytest.raises(SourceFileError, match="the file is empty"):
        tmdb.csv_kind(empty)
    latin = tmp_path / "tmdb_5000_credits.csv"
    latin.write_bytes("movie_id,títle,cast,crew\n".encode("latin-1"))
    with pytest.raises(SourceFileError, match="not valid UTF-8"):
        tmdb.csv_kind(latin)
