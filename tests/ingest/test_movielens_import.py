"""`manage.py ingest_movielens` end to end, on SQLite and PostgreSQL.

Hand-made fixtures (tests/ingest/fixtures/movielens) cover both layouts and every way a file
or a row can be wrong; the real "MovieLens Latest Small" and "MovieLens 100K" files in
../shared/data are imported whole once each, and skipped when absent.
"""

from __future__ import annotations

import csv
import gzip
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinemeter.accounts.models import User
from cinemeter.catalog import services
from cinemeter.catalog.bulk import Ref, TitleRecord, titles_upsert
from cinemeter.catalog.bulk.match import titles_match_by_name_and_year  # an internal step
from cinemeter.catalog.models import ExternalId, ExternalSource, Genre, Title, TitleKind
from cinemeter.community.models import Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.core.counters import counters_read, counters_recount
from cinemeter.core.models import SiteCounter
from cinemeter.ingest.management.commands import ingest_movielens
from cinemeter.ingest.models import ImportRun, ImportStatus
from tests.datasets import SHARED_DATA
from tests.manage_subprocess import ROOT, run_manage

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "movielens"
DATA = SHARED_DATA
SMALL = DATA / "movielens-small"
ML_100K = DATA / "movielens-100k"


@pytest.fixture(autouse=True)
def rejects_dir(tmp_path, settings):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"
    return settings.INGEST_REJECTS_DIR


def ingest(directory, *options):
    out = StringIO()
    call_command("ingest_movielens", str(directory), *options, stdout=out)
    return ImportRun.objects.latest("pk"), out.getvalue()


def counts(run):
    return {
        "read": run.read,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
    }


def rejects(run):
    if not run.rejects_file:
        return []
    with Path(run.rejects_file).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [(row["file"], int(row["line"]), row["reason"]) for row in rows]


def refs_of(title):
    return set(ExternalId.objects.filter(title=title).values_list("source", "value"))


def by_ref(source, value):
    return Title.objects.get(external_ids__source=source, external_ids__value=value)


def snapshot():
    """What an import leaves, by natural keys (slugs, ids, usernames), not row numbers."""
    return {
        "titles": {
            title.slug: (
                title.kind,
                title.title,
                title.original_title,
                title.year,
                title.end_year,
                tuple(sorted(g.name for g in title.genres.all())),
                tuple(sorted(refs_of(title))),
            )
            for title in Title.objects.prefetch_related("genres")
        },
        "members": set(User.objects.values_list("username", "is_active", "is_imported")),
        "votes": set(Vote.objects.values_list("user__username", "title__slug", "value")),
        "counters": counters_read(),
    }


def tables():
    """The exact contents of every table an import writes, row ids and timestamps included."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in (Title, Title.genres.through, Genre, ExternalId, User, Vote, SiteCounter)
    }


def wipe():
    Vote.objects.all().delete()
    Title.objects.all().delete()
    Genre.objects.all().delete()
    User.objects.all().delete()
    SiteCounter.objects.all().delete()


# --- the ml-latest layout ---------------------------------------------------------------------


def test_movies_become_titles_and_ratings_votes_of_imported_members():
    run, output = ingest(FIXTURES / "latest")
    assert run.status == ImportStatus.SUCCEEDED
    # 11 movies and 14 ratings; links.csv rows travel with their movie.
    assert counts(run) == {"read": 25, "created": 25, "updated": 0, "unchanged": 0, "rejected": 0}
    assert "read 25, created 25" in output
    assert ExternalId.objects.filter(source="movielens").count() == Title.objects.count() == 11

    president = by_ref("movielens", "11")
    assert (president.title, president.year, president.kind) == (
        "The American President",
        1995,
        TitleKind.MOVIE,
    )
    assert refs_of(president) == {
        ("movielens", "11"),
        ("imdb", "tt0112346"),
        ("tmdb_movie", "9087"),
    }
    lost_children = by_ref("movielens", "29")
    assert lost_children.title == "The City of Lost Children"
    assert lost_children.original_title == "La Cité des enfants perdus"
    assert by_ref("movielens", "47").title == "Seven"
    series = by_ref("movielens", "171749")
    assert (series.kind, series.year, series.end_year) == (TitleKind.SERIES, 2006, 2007)
    assert list(series.genres.all()) == []
    assert by_ref("movielens", "40697").year is None
    assert refs_of(by_ref("movielens", "5000")) == {("movielens", "5000")}  # no links row
    genres = set(by_ref("movielens", "58559").genres.values_list("name", flat=True))
    assert genres == {"Action", "Crime", "Drama"}  # IMAX is a format, not a genre
    assert "Family" in set(by_ref("movielens", "1").genres.values_list("name", flat=True))

    # MovieLens gives both "Emma (1996)" the TMDb id 4912: two films, the id stays with one.
    emma, other_emma = by_ref("movielens", "838"), by_ref("movielens", "26958")
    assert emma != other_emma
    assert ("tmdb_movie", "4912") in refs_of(emma)
    assert refs_of(other_emma) == {("movielens", "26958"), ("imdb", "tt0118308")}

    members = User.objects.filter(is_imported=True)
    assert set(members.values_list("username", flat=True)) == {
        "movielens-1",
        "movielens-2",
        "movielens-3",
    }
    assert not any(member.is_active or member.has_usable_password() for member in members)
    assert Vote.objects.count() == 14
    toy_story = by_ref("movielens", "1")
    assert Vote.objects.get(user__username="movielens-2", title=toy_story).value == Decimal("0.5")
    assert counters_read() == {"movies": 10, "shows": 1, "seasons": 0, "actors": 0, "votes": 14}
    out = StringIO()
    call_command("recount_counters", "--check", stdout=out)
    assert "no drift" in out.getvalue()
    # Imported votes count in the title's tally and the members' counts like any other.
    assert toy_story.score.vote_count == 3
    assert toy_story.score.half_star_sum == sum(
        int(value * 2) for value in toy_story.votes.values_list("value", flat=True)
    )
    assert (
        User.objects.get(username="movielens-2").vote_count
        == Vote.objects.filter(user__username="movielens-2").count()
    )
    call_command("recount", "--check", stdout=out)
    assert "Recount: no drift." in out.getvalue()


def test_a_second_run_leaves_every_table_exactly_as_it_was():
    ingest(FIXTURES / "latest")
    before = tables()
    run, _ = ingest(FIXTURES / "latest")
    assert counts(run) == {"read": 25, "created": 0, "updated": 0, "unchanged": 25, "rejected": 0}
    assert tables() == before


def test_a_changed_rating_updates_the_vote(tmp_path):
    folder = shutil.copytree(FIXTURES / "latest", tmp_path / "ml")
    ingest(folder)
    ratings = folder / "ratings.csv"
    text = ratings.read_text().replace("2,1,0.5,", "2,1,3.5,")
    ratings.write_text(text + "3,47,4.5,1493845700\n")
    run, _ = ingest(folder)
    assert (run.created, run.updated, run.unchanged) == (1, 1, 11 + 13)
    toy_story = by_ref("movielens", "1")
    assert Vote.objects.get(user__username="movielens-2", title=toy_story).value == Decimal("3.5")
    assert Vote.objects.count() == counters_read()["votes"] == 15
    assert counters_recount(fix=False) == []
    assert not votes_recount(fix=False).drifted  # the changed vote moved its title's tally


def test_a_film_already_in_the_catalogue_gets_the_votes_and_ids_not_a_duplicate():
    titles_upsert(
        [
            TitleRecord(
                ref=Ref("imdb", "tt0116225"),
                kind=TitleKind.MOVIE,
                title="Escape from L.A.",
                year=1996,
                runtime_minutes=101,
                genres=("Action",),
            )
        ]
    )
    escape = by_ref("imdb", "tt0116225")
    run, _ = ingest(FIXTURES / "latest")
    assert Title.objects.filter(title="Escape from L.A.").get() == escape
    assert refs_of(escape) == {
        ("imdb", "tt0116225"),
        ("movielens", "849"),
        ("tmdb_movie", "10061"),
    }
    assert escape.votes.count() == 2
    escape.refresh_from_db()
    assert escape.runtime_minutes == 101  # MovieLens only fills gaps
    assert list(escape.genres.values_list("name", flat=True)) == ["Action"]
    assert (run.created, run.unchanged) == (10 + 14, 1)
    assert counters_read()["movies"] == 10  # and one show, Death Note


def test_a_movie_no_id_resolves_is_matched_by_name_and_year():
    president = services.title_create(kind="movie", title="The American President", year=1995)
    medium_cool = services.title_create(kind="movie", title="Medium cool", year=1969)
    german = services.title_create(
        kind="movie",
        title="Die Stadt der verlorenen Kinder",
        original_title="La Cité des enfants perdus",
        year=1995,
    )
    for _ in range(2):  # two films of that name and year: which one is meant is unknown
        services.title_create(kind="movie", title="Emma", year=1996)
    other_seven = services.title_create(kind="movie", title="Seven", year=1995)
    services.external_id_set(source=ExternalSource.IMDB, value="tt9999999", title=other_seven)
    ingest(FIXTURES / "latest")

    assert ("movielens", "11") in refs_of(president)  # "American President, The (1995)"
    assert ("imdb", "tt0112346") in refs_of(president)
    assert ("movielens", "5000") in refs_of(medium_cool)  # case and punctuation aside
    assert ("movielens", "29") in refs_of(german)  # through its original title
    assert Title.objects.filter(title="Emma", year=1996).count() == 4
    # A title with another IMDb id is another film, whatever its name.
    assert Title.objects.filter(title="Seven", year=1995).count() == 2
    assert refs_of(other_seven) == {("imdb", "tt9999999")}


def test_matching_by_name_is_exact_after_normalising_and_takes_one_query():
    escape = services.title_create(kind="movie", title="Escape from L.A.", year=1996)
    services.title_create(kind="movie", title="Escape from L.A.", year=1981)
    show = services.title_create(kind="series", title="Twin Peaks", year=1990)
    season = services.season_create(show=show, season_number=1, year=1990)
    services.episode_create(season=season, episode_number=1, title="Pilot", year=1990)
    services.title_create(kind="movie", title="Hamlet", year=1996)
    services.title_create(kind="tv_movie", title="HAMLET!", year=1996)
    pairs = [
        ("escape from la", 1996),
        ("Escape From L.A.", 2000),
        ("Twin Peaks", 1990),
        ("Pilot", 1990),
        ("Hamlet", 1996),
        ("Escape fro L.A.", 1996),
    ]
    with CaptureQueriesContext(connection) as captured:
        found = titles_match_by_name_and_year(pairs)
    assert len(captured) == 1
    assert found == {("escape from la", 1996): escape.pk, ("Twin Peaks", 1990): show.pk}


def test_dry_run_and_limit(rejects_dir):
    run, output = ingest(FIXTURES / "latest", "--dry-run")
    assert run.status == ImportStatus.DRY_RUN
    # Every batch rolls back, the movies' too: the ratings then rate films not in the
    # catalogue, and the command says so.
    assert (run.created, run.rejected) == (11, 14)
    assert "rolled back" in output
    assert not Title.objects.exists()
    assert not User.objects.exists()
    assert counters_read()["votes"] == 0

    run, _ = ingest(FIXTURES / "latest", "--limit", "3")
    assert Title.objects.count() == 3
    # The first three ratings: the third rates a film past the first three movies.
    assert (run.read, run.created, run.rejected) == (6, 5, 1)
    assert rejects(run) == [("ratings.csv", 4, "title movielens:838 is not in the catalogue")]


# --- MovieLens 100K ----------------------------------------------------------------------------


def test_the_100k_layout_is_read_headerless_and_in_latin_1():
    run, _ = ingest(FIXTURES / "ml-100k")
    assert run.status == ImportStatus.SUCCEEDED
    assert counts(run) == {"read": 15, "created": 13, "updated": 0, "unchanged": 0, "rejected": 2}
    assert rejects(run) == [
        ("u.item", 6, "the title is MovieLens's placeholder 'unknown', not a film"),
        ("u.data", 6, "title movielens:ml-100k:267 is not in the catalogue"),
    ]
    lost_children = by_ref("movielens", "ml-100k:3")
    assert lost_children.title == "La Cité des enfants perdus"
    assert set(lost_children.genres.values_list("name", flat=True)) == {
        "Adventure",
        "Drama",
        "Fantasy",
        "Mystery",
        "Sci-Fi",
    }
    assert by_ref("movielens", "ml-100k:5").kind == TitleKind.VIDEO
    assert set(User.objects.values_list("username", flat=True)) == {
        "movielens-100k-1",
        "movielens-100k-2",
        "movielens-100k-3",
    }
    assert Vote.objects.get(
        user__username="movielens-100k-1", title=by_ref("movielens", "ml-100k:1")
    ).value == Decimal("5.0")


def test_both_layouts_share_films_but_keep_their_members_apart():
    ingest(FIXTURES / "latest")
    ingest(FIXTURES / "ml-100k")
    toy_story = by_ref("movielens", "1")
    assert by_ref("movielens", "ml-100k:1") == toy_story  # matched by name and year
    assert by_ref("movielens", "ml-100k:4") == by_ref("movielens", "849")
    # ml-100k's "Cité des enfants perdus, La" is ml-latest's film by its original title.
    assert by_ref("movielens", "ml-100k:3") == by_ref("movielens", "29")
    assert toy_story.votes.count() == 3 + 3
    toy_story.score.refresh_from_db()
    assert toy_story.score.vote_count == 3 + 3
    assert User.objects.filter(username__in=["movielens-1", "movielens-100k-1"]).count() == 2
    assert counters_recount(fix=False) == []
    assert not votes_recount(fix=False).drifted


# --- interrupted runs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("writer", "committed"),
    [
        ("titles_upsert_or_match", 4),  # one batch of movies
        ("votes_import", 11 + 4),  # every movie and one batch of votes
    ],
)
def test_an_import_interrupted_in_its_second_batch_converges_when_run_again(
    monkeypatch, writer, committed
):
    ingest(FIXTURES / "latest", "--batch-size", "4")
    clean = snapshot()
    wipe()

    real = getattr(ingest_movielens, writer)
    calls = []

    def interrupted(batch):
        calls.append(batch)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(batch)

    monkeypatch.setattr(ingest_movielens, writer, interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(FIXTURES / "latest", "--batch-size", "4")
    failed = ImportRun.objects.latest("pk")
    assert failed.status == ImportStatus.FAILED
    assert failed.created == committed  # whole batches, nothing of the interrupted one
    monkeypatch.setattr(ingest_movielens, writer, real)

    run, _ = ingest(FIXTURES / "latest", "--batch-size", "4")
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created, run.unchanged) == (25 - committed, committed)
    assert snapshot() == clean
    assert counters_recount(fix=False) == []
    # The interrupted batch's tallies rolled back with its votes.
    assert not votes_recount(fix=False).drifted


def synthetic_dataset(folder, movies=600, users=20):
    """A made-up ml-latest folder big enough for many batches."""
    folder.mkdir()
    with (folder / "movies.csv").open("w", encoding="utf-8") as handle:
        handle.write("movieId,title,genres\n")
        handle.writelines(
            f"{n},Film number {n} ({1950 + n % 60}),Drama\n" for n in range(1, movies + 1)
        )
    with (folder / "links.csv").open("w", encoding="utf-8") as handle:
        handle.write("movieId,imdbId,tmdbId\n")
        handle.writelines(f"{n},{9000000 + n},{800000 + n}\n" for n in range(1, movies + 1))
    with (folder / "ratings.csv").open("w", encoding="utf-8") as handle:
        handle.write("userId,movieId,rating,timestamp\n")
        handle.writelines(
            f"{user},{movie},{(user + movie) % 10 / 2 + 0.5},1500000000\n"
            for user in range(1, users + 1)
            for movie in range(1, movies + 1, 3)
        )
    return folder


def sqlite_contents(path):
    with sqlite3.connect(path) as db:
        return {
            "titles": set(db.execute("SELECT slug, kind, title, year FROM catalog_title")),
            "ids": set(
                db.execute(
                    "SELECT e.source, e.value, t.slug FROM catalog_externalid e "
                    "JOIN catalog_title t ON t.id = e.title_id"
                )
            ),
            "members": set(
                db.execute("SELECT username, is_active, is_imported FROM accounts_user")
            ),
            "votes": set(
                db.execute(
                    "SELECT u.username, t.slug, v.value FROM community_vote v "
                    "JOIN accounts_user u ON u.id = v.user_id "
                    "JOIN catalog_title t ON t.id = v.title_id"
                )
            ),
            "counters": set(db.execute("SELECT name, value FROM core_sitecounter")),
        }


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="its child processes use SQLite files of their own: it runs in the SQLite pass",
)
def test_a_killed_import_converges_when_run_again(tmp_path):
    """SIGKILL mid-import against a file-backed SQLite database, then run again."""
    dataset = synthetic_dataset(tmp_path / "ml")
    arguments = ("ingest_movielens", str(dataset), "--batch-size", "100")

    def environment(name):
        return {
            "DJANGO_SECRET_KEY": "test",
            "DATABASE_URL": f"sqlite:///{tmp_path / name}",
            "INGEST_REJECTS_DIR": str(tmp_path / "rejects"),
        }

    migrated = run_manage("migrate", "--no-input", "-v", "0", env=environment("clean.sqlite3"))
    assert migrated.returncode == 0, migrated.stderr
    shutil.copy(tmp_path / "clean.sqlite3", tmp_path / "killed.sqlite3")  # no WAL left open
    clean = run_manage(*arguments, env=environment("clean.sqlite3"))
    assert clean.returncode == 0, clean.stderr

    child = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
        | environment("killed.sqlite3"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    with sqlite3.connect(tmp_path / "killed.sqlite3") as db:
        while time.monotonic() < deadline and child.poll() is None:
            if db.execute("SELECT COUNT(*) FROM catalog_title").fetchone()[0] > 0:
                break
            time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with sqlite3.connect(tmp_path / "killed.sqlite3") as db:
        [(status, finished)] = db.execute("SELECT status, finished_at FROM ingest_importrun")
        titles = db.execute("SELECT COUNT(*) FROM catalog_title").fetchone()[0]
    assert (status, finished) == ("running", None)  # killed before it could finish
    assert 0 < titles < 600
    assert titles % 100 == 0  # whole batches only

    rerun = run_manage(*arguments, env=environment("killed.sqlite3"))
    assert rerun.returncode == 0, rerun.stderr
    assert sqlite_contents(tmp_path / "killed.sqlite3") == sqlite_contents(
        tmp_path / "clean.sqlite3"
    )
    check = run_manage("recount_counters", "--check", env=environment("killed.sqlite3"))
    assert check.returncode == 0, check.stdout


# --- bad input -------------------------------------------------------------------------------


def test_bad_rows_are_rejected_one_by_one_with_file_line_and_reason():
    run, output = ingest(FIXTURES / "bad-rows")
    assert run.status == ImportStatus.SUCCEEDED
    assert rejects(run) == [
        ("links.csv", 3, "imdbId 'tt0116225' is not a positive whole number"),
        ("movies.csv", 3, "movieId 'abc' is not a positive whole number"),
        ("movies.csv", 4, "the title is empty"),
        ("movies.csv", 5, "expected 3 fields, found 2"),
        ("movies.csv", 7, "year 1066 is not plausible"),
        ("ratings.csv", 3, "userId is empty"),
        ("ratings.csv", 4, "rating 'abc' is not a number"),
        ("ratings.csv", 5, "rating 6.0 is outside 0.5-5"),
        ("ratings.csv", 6, "rating 4.3 is not a half step"),
        ("ratings.csv", 7, "rating 0 is outside 0.5-5"),
        ("ratings.csv", 9, "movieId is empty"),
        ("ratings.csv", 8, "title movielens:424242 is not in the catalogue"),
    ]
    assert counts(run) == {"read": 16, "created": 4, "updated": 0, "unchanged": 0, "rejected": 12}
    assert f"Rejected rows and reasons: {run.rejects_file}" in output
    assert Vote.objects.count() == 2
    assert set(Title.objects.values_list("title", flat=True)) == {"Toy Story", "Escape from L.A."}


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        (
            "wrong-header",
            "ratings.csv, line 1: the header lacks userId, movieId "
            "(found: user, movie, rating, timestamp)",
        ),
        (
            "missing-ratings",
            "ratings.csv: no such file (the MovieLens ml-latest layout needs it; .gz will do)",
        ),
        ("nowhere", "nowhere: not a directory"),
        ("README.md", "README.md: not a directory"),
    ],
)
def test_a_folder_that_cannot_be_imported_is_one_clear_error_before_any_write(folder, message):
    with pytest.raises(CommandError) as error:
        ingest(FIXTURES / folder)
    assert str(error.value) == message
    assert not Title.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_folder_without_movielens_files_says_what_it_looks_for(tmp_path):
    with pytest.raises(CommandError, match=r"no MovieLens files here \(movies.csv"):
        ingest(tmp_path)
    (tmp_path / "u.item").write_text("1|Toy Story (1995)|||" + "|0" * 19 + "\n")
    with pytest.raises(CommandError, match=r"^u.data: no such file \(the MovieLens 100K layout"):
        ingest(tmp_path)


def test_a_truncated_gzip_stops_the_run_after_whole_batches(tmp_path):
    folder = synthetic_dataset(tmp_path / "ml", movies=300, users=10)
    ratings = folder / "ratings.csv"
    packed = gzip.compress(ratings.read_bytes())
    (folder / "ratings.csv.gz").write_bytes(packed[: len(packed) * 2 // 3])
    ratings.unlink()
    with pytest.raises(CommandError) as error:
        ingest(folder, "--batch-size", "50")
    assert str(error.value).startswith("ratings.csv.gz, line ")
    assert "the gzip data is truncated or corrupt" in str(error.value)
    assert "\n" not in str(error.value)
    failed = ImportRun.objects.get()
    assert failed.status == ImportStatus.FAILED
    assert Vote.objects.count() % 50 == 0  # no partial batch
    assert 0 < Vote.objects.count() < 1000
    assert Title.objects.count() == 300
    assert counters_recount(fix=False) == []


def test_invalid_utf8_is_one_clear_error_naming_the_file(tmp_path):
    folder = shutil.copytree(FIXTURES / "latest", tmp_path / "ml")
    movies = folder / "movies.csv"
    movies.write_bytes(movies.read_bytes().replace("Cité".encode(), "Cité".encode("latin-1")))
    with pytest.raises(CommandError, match=r"^movies.csv, line \d+: not valid UTF-8"):
        ingest(folder)
    assert not Title.objects.exists()


def test_a_byte_order_mark_is_not_part_of_the_header(tmp_path):
    folder = shutil.copytree(FIXTURES / "latest", tmp_path / "ml")
    for name in ("movies.csv", "links.csv", "ratings.csv"):
        path = folder / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    run, _ = ingest(folder)
    assert (run.created, run.rejected) == (25, 0)


def test_the_command_line_shows_one_line_not_a_traceback(tmp_path):
    result = run_manage(
        "ingest_movielens",
        str(FIXTURES / "wrong-header"),
        env={"DJANGO_SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "CommandError: ratings.csv, line 1: the header lacks userId, movieId "
        "(found: user, movie, rating, timestamp)"
    )


# --- the real datasets ---------------------------------------------------------------------------


@pytest.mark.skipif(
    not (SMALL / "ratings.csv").is_file(),
    reason=f"MovieLens Latest Small is not in {SMALL} (see its PROVENANCE.md)",
)
def test_movielens_latest_small_imports_whole():
    titles_upsert(
        [
            TitleRecord(
                ref=Ref("imdb", "tt0116225"), kind="movie", title="Escape from L.A.", year=1996
            )
        ]
    )
    escape = by_ref("imdb", "tt0116225")
    run, _ = ingest(SMALL)
    assert counts(run) == {
        "read": 9_742 + 100_836,
        "created": 9_741 + 100_836,
        "updated": 0,
        "unchanged": 1,
        "rejected": 0,
    }
    assert ExternalId.objects.filter(source="movielens").count() == 9_742
    assert Title.objects.count() == 9_742
    assert by_ref("movielens", "849") == escape
    assert escape.votes.count() == 44
    assert Vote.objects.count() == 100_836
    assert User.objects.filter(is_imported=True, is_active=False).count() == 610
    assert counters_read()["votes"] == 100_836
    assert counters_recount(fix=False) == []


@pytest.mark.skipif(
    not (ML_100K / "u.data").is_file(),
    reason=f"MovieLens 100K is not in {ML_100K} (see its PROVENANCE.md)",
)
def test_movielens_100k_imports_whole():
    run, _ = ingest(ML_100K)
    # Item 267 is MovieLens's "unknown" placeholder: it and its 9 ratings are rejected.
    assert counts(run) == {
        "read": 1_682 + 100_000,
        "created": 1_681 + 99_991,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1 + 9,
    }
    assert Title.objects.count() == 1_681
    assert Vote.objects.count() == 99_991
    assert User.objects.filter(is_imported=True).count() == 943
    assert counters_recount(fix=False) == []
