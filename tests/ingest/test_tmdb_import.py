"""`manage.py ingest_tmdb` end to end, on whichever database DATABASE_URL names."""

import csv
import gzip
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cinemeter.catalog import services
from cinemeter.catalog.bulk import title_bundles_upsert, title_credits_upsert
from cinemeter.catalog.models import (
    Company,
    CompanyCredit,
    Country,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    ExternalSource,
    Genre,
    Image,
    Person,
    ReleaseDate,
    Title,
    TitleKind,
    Video,
)
from cinemeter.core.counters import counters_read, counters_recount
from cinemeter.core.models import SiteCounter
from cinemeter.ingest.management.commands import ingest_tmdb
from cinemeter.ingest.models import ImportRun, ImportStatus
from cinemeter.ingest.sources import tmdb
from tests.datasets import SHARED_DATA
from tests.manage_subprocess import ROOT, run_manage

FIXTURES = Path(__file__).parent / "fixtures" / "tmdb"
MOVIES = FIXTURES / "tmdb_5000_movies.csv"
CREDITS = FIXTURES / "tmdb_5000_credits.csv"
MOVIE_DOC = FIXTURES / "api" / "movie-10061.json"
TV_DOC = FIXTURES / "api" / "tv-1437.json"
REAL = SHARED_DATA / "tmdb-5000"
REAL_MOVIES = REAL / "tmdb_5000_movies.csv"
REAL_CREDITS = REAL / "tmdb_5000_credits.head198.csv"
needs_real_data = pytest.mark.skipif(
    not REAL_MOVIES.is_file(),
    reason=f"the TMDB 5000 dataset is not at {REAL} (see its PROVENANCE.md); "
    "the fixtures cover the same code",
)


@pytest.fixture(autouse=True)
def rejects_dir(settings, tmp_path):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"
    return settings.INGEST_REJECTS_DIR


def ingest(*paths, **options):
    out = io.StringIO()
    call_command("ingest_tmdb", *[str(p) for p in paths], stdout=out, **options)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def rejects_of(run):
    lines = Path(run.rejects_file).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[:3] for line in lines[1:]]


def catalogue():
    """Every catalogue row by natural key: equal snapshots mean equal databases."""

    def slug(obj):
        return obj.slug if obj else None

    return {
        "titles": sorted(
            Title.objects.values_list(
                "slug",
                "kind",
                "title",
                "original_title",
                "year",
                "end_year",
                "runtime_minutes",
                "plot",
                "tagline",
                "release_date",
                "original_language",
                "parent__slug",
                "season_number",
            )
        ),
        "genres": sorted(Title.genres.through.objects.values_list("title__slug", "genre__name")),
        "countries": sorted(
            Title.countries.through.objects.values_list("title__slug", "country__code")
        ),
        "country names": sorted(Country.objects.values_list("code", "name")),
        "people": sorted(Person.objects.values_list("slug", "name")),
        "credits": sorted(
            Credit.objects.values_list(
                "title__slug", "person__slug", "department", "job", "character", "billing_order"
            )
        ),
        "ids": sorted(
            (e.source, e.value, slug(e.title), slug(e.person), slug(e.company))
            for e in ExternalId.objects.select_related("title", "person", "company")
        ),
        "ratings": sorted(
            ExternalRating.objects.values_list("title__slug", "source", "value", "votes")
        ),
        "companies": sorted(Company.objects.values_list("slug", "name", "country__code")),
        "company credits": sorted(
            CompanyCredit.objects.values_list("title__slug", "company__slug", "role", "order")
        ),
        "releases": sorted(
            ReleaseDate.objects.values_list("title__slug", "country__code", "type", "date", "note")
        ),
        "images": sorted(
            Image.objects.values_list(
                "title__slug", "person__slug", "kind", "remote_url", "width", "order"
            ),
            key=str,
        ),
        "videos": sorted(
            Video.objects.values_list("title__slug", "provider", "key", "kind", "name", "order")
        ),
        "counters": counters_read(),
    }


def every_row():
    """Whole rows with ids and timestamps: a second run must not touch any of them."""
    models: list[type[Model]] = [Title, Person, Credit, ExternalId, ExternalRating, Company]
    models += [CompanyCredit, ReleaseDate, Image, Video, Genre, Country, SiteCounter]
    return {
        model.__name__: sorted(model._default_manager.values_list(), key=str) for model in models
    }


def wipe_catalogue():
    services.titles_delete(Title.objects.all())
    services.people_delete(Person.objects.all())
    for model in (Company, Genre, Country, ExternalId):
        model.objects.all().delete()
    assert set(counters_read().values()) == {0}


# --- the CSV files ----------------------------------------------------------------------------


def test_movies_then_credits_whatever_the_argument_order():
    run, output = ingest(CREDITS, MOVIES)
    assert run.status == ImportStatus.SUCCEEDED
    assert run.files == [str(MOVIES), str(CREDITS)]
    # 5 movie rows; 6 credits rows: no movie_id, a title not imported, broken cast JSON
    assert (run.read, run.created, run.updated, run.unchanged, run.rejected) == (11, 8, 0, 0, 3)
    assert "tmdb_5000_movies.csv: 5 rows" in output
    assert "credits: created 24, updated 0, unchanged 0, refused 0" in output
    assert sorted(rejects_of(run)) == [
        ["tmdb_5000_credits.csv", "3", "movie_id is empty (title 'Escape from New York')"],
        ["tmdb_5000_credits.csv", "6", "title tmdb_movie:424242 is not in the catalogue"],
        [
            "tmdb_5000_credits.csv",
            "7",
            "cast: not valid JSON: Expecting ',' delimiter (character 78)",
        ],
    ]
    assert Title.objects.count() == 5
    escape = Title.objects.get(external_ids__source="tmdb_movie", external_ids__value="10061")
    assert escape.kind == TitleKind.MOVIE
    assert sorted(escape.genres.values_list("name", flat=True)) == [
        "Action",
        "Adventure",
        "Sci-Fi",
        "Thriller",
    ]
    assert Title.objects.get(title="Elvis").kind == TitleKind.TV_MOVIE
    assert Genre.objects.filter(name__in=["Science Fiction", "TV Movie", "Foreign"]).count() == 0
    campbell = escape.credits.get(person__name="Bruce Campbell")
    assert campbell.character == "Surgeon General of Beverly Hills / Hospital Orderly"
    assert escape.credits.filter(department=Department.DIRECTING).get().person.name == (
        "John Carpenter"
    )
    paramount = Company.objects.get(name="Paramount")
    assert paramount.credits.count() == 2  # one company for both films
    assert ExternalId.objects.filter(source="tmdb_company", company=paramount).count() == 1
    big_trouble = Title.objects.get(title="Big Trouble in Little China")
    assert big_trouble.credits.filter(department=Department.ACTING).count() == 2  # no crew cell
    counters = counters_read()
    assert (counters["movies"], counters["shows"], counters["actors"]) == (5, 0, 7)
    assert counters_recount(fix=False) == []


def test_importing_twice_changes_nothing():
    ingest(MOVIES, CREDITS, TV_DOC, MOVIE_DOC)
    before = every_row()
    again, output = ingest(MOVIES, CREDITS, TV_DOC, MOVIE_DOC)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == again.read - again.rejected == 10
    assert " created 0," in output
    assert "created 1" not in output
    assert every_row() == before


def test_changed_values_update(tmp_path):
    ingest(MOVIES)
    changed = tmp_path / "tmdb_5000_movies.csv"
    text = MOVIES.read_text(encoding="utf-8")
    text = text.replace("Snake is back.", "Snake is back again.").replace(",5.6,700", ",5.8,950")
    changed.write_text(text, encoding="utf-8")
    run, output = ingest(changed)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 4)
    assert "ratings: created 0, updated 1, unchanged 3" in output
    escape = Title.objects.get(title="Escape from L.A.")
    assert escape.tagline == "Snake is back again."
    rating = escape.external_ratings.get(source=ExternalSource.TMDB_MOVIE)
    assert (str(rating.value), rating.votes) == ("5.8", 950)


def test_a_renamed_company_and_a_new_billing_order_update(tmp_path):
    ingest(MOVIES)
    paramount = Company.objects.get(name="Paramount")
    changed = tmp_path / "tmdb_5000_movies.csv"
    text = MOVIES.read_text(encoding="utf-8")
    # Escape from L.A.'s two companies swap places; Paramount has a new name in every row.
    text = text.replace(
        '"[{""name"": ""Paramount"", ""id"": 4}, {""name"": ""Rysher Entertainment"", '
        '""id"": 11661}]"',
        '"[{""name"": ""Rysher Entertainment"", ""id"": 11661}, '
        '{""name"": ""Paramount"", ""id"": 4}]"',
    ).replace('""name"": ""Paramount""', '""name"": ""Paramount Pictures""')
    changed.write_text(text, encoding="utf-8")
    _, output = ingest(changed)
    assert "companies: created 0, updated 1," in output
    assert "company credits: created 0, updated 2," in output
    paramount.refresh_from_db()
    assert (paramount.name, paramount.slug) == ("Paramount Pictures", "paramount")
    escape = Title.objects.get(title="Escape from L.A.")
    assert list(escape.company_credits.order_by("order").values_list("company__name", "order")) == [
        ("Rysher Entertainment", 0),
        ("Paramount Pictures", 1),
    ]
    assert Company.objects.count() == ExternalId.objects.filter(company__isnull=False).count()


def test_bad_rows_are_refused_with_file_line_and_reason():
    run, output = ingest(FIXTURES / "movies_bad_rows.csv")
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.read, run.created, run.rejected) == (5, 1, 4)
    assert rejects_of(run) == [
        [
            "movies_bad_rows.csv",
            "2",
            "genres: not valid JSON: Expecting ',' delimiter (character 28)",
        ],
        ["movies_bad_rows.csv", "3", "runtime: 'ninety' is not a number"],
        ["movies_bad_rows.csv", "4", "id is empty"],
        ["movies_bad_rows.csv", "6", "release_date: '2001-02-30' is not a date"],
    ]
    assert list(Title.objects.values_list("title", flat=True)) == ["Good Row"]
    assert "Rejected rows and reasons:" in output


def test_dry_run_writes_nothing_but_counts():
    run, _ = ingest(MOVIES, TV_DOC, dry_run=True)
    assert run.status == ImportStatus.DRY_RUN
    assert run.created == 6
    assert Title.objects.count() == Person.objects.count() == Company.objects.count() == 0
    assert set(counters_read().values()) == {0}


def test_limit_reads_the_first_rows_of_each_file():
    run, _ = ingest(MOVIES, limit=2)
    assert (run.read, run.created) == (2, 2)


# --- API documents ----------------------------------------------------------------------------


def test_movie_document_enriches_the_csv_title_and_the_page_shows_it(client):
    ingest(MOVIES, CREDITS)
    run, output = ingest(MOVIE_DOC)
    # the title's own facts agree with the CSV's; the document adds the rest
    assert (run.read, run.unchanged, run.created) == (1, 1, 0)
    escape = Title.objects.get(title="Escape from L.A.")
    refs = set(escape.external_ids.values_list("source", "value"))
    assert refs == {("tmdb_movie", "10061"), ("imdb", "tt0116225")}
    assert escape.videos.count() == 2
    assert escape.release_dates.count() == 5
    assert Country.objects.get(code="DE").name == "DE"  # release dates name only a code
    assert escape.images.count() == 3
    assert Image.objects.filter(person__isnull=False).count() == 3
    assert "videos: created 2" in output

    html = client.get(escape.get_absolute_url()).content.decode()
    # The videos themselves are on the title's videos page, a click away from the player.
    html += client.get(f"{escape.get_absolute_url()}videos/").content.decode()
    for fact in (
        "Escape from L.A.",
        "101 minutes",
        "Sci-Fi",
        "Snake is back.",
        "John Carpenter",
        "as Snake Plissken",
        "Escape from L.A. (1996) Official Trailer",
        "https://www.youtube.com/watch?v=Hq3Fc9Gk7xA",
        "https://vimeo.com/118204711",
        "https://image.tmdb.org/t/p/original/pR4QfXTbGmN4nqGKPkwxCYXfSnD.jpg",
        "Image: TMDb",
        "Limited",
        "Rysher Entertainment",
        "https://www.imdb.com/title/tt0116225/",
        "https://www.themoviedb.org/movie/10061",
    ):
        assert fact in html, fact


def test_a_document_joins_the_title_another_source_brought_by_imdb_id():
    imdb_title = services.title_create(kind=TitleKind.MOVIE, title="Escape from L.A.", year=1996)
    services.external_id_set(source=ExternalSource.IMDB, value="tt0116225", title=imdb_title)
    run, _ = ingest(MOVIE_DOC)
    assert (run.created, run.updated) == (0, 1)
    assert Title.objects.get() == imdb_title
    assert imdb_title.external_ids.filter(source="tmdb_movie", value="10061").exists()
    imdb_title.refresh_from_db()
    assert imdb_title.runtime_minutes == 101


def test_tv_document_brings_a_show_and_its_seasons(client):
    run, _ = ingest(TV_DOC)
    assert (run.read, run.created) == (1, 1)
    show = Title.objects.get(kind=TitleKind.SERIES)
    assert (show.title, show.year, show.end_year) == ("Firefly", 2002, 2002)
    seasons = list(
        show.children.order_by("season_number").values_list("season_number", "title", "slug")
    )
    assert seasons == [
        (0, "Firefly: Specials", "firefly-2002-season-0"),
        (1, "Firefly: Season 1", "firefly-2002-season-1"),
    ]
    assert counters_read()["shows"] == 1
    assert counters_read()["seasons"] == 2
    assert counters_recount(fix=False) == []
    html = client.get(show.get_absolute_url()).content.decode()
    assert "Season 1" in html
    assert "Malcolm Reynolds" in html
    assert "2002" in html


def test_a_directory_of_documents_with_broken_ones(tmp_path):
    run, _ = ingest(FIXTURES / "broken")
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.read, run.created, run.rejected) == (6, 1, 5)
    reasons = {line[0]: line[2] for line in rejects_of(run)}
    assert reasons == {
        "list.json": "not a TMDb document (a JSON list, not an object)",
        "movie-900020.json": "runtime: 'about two hours' is not a number",
        "movie-no-id.json": "id is empty",
        "not-found.json": "a TMDb error response: The resource you requested could not be found.",
        "truncated.json": "not valid JSON: Unterminated string starting at (line 4, column 33)",
    }
    assert list(Title.objects.values_list("title", flat=True)) == ["Escape from L.A."]


# --- files that cannot be read: one line naming the file, never a traceback --------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown.csv", "unknown.csv, line 1: not a TMDB 5000 movies or credits CSV"),
        (
            "tmdb_5000_movies_wrong_header.csv",
            "tmdb_5000_movies_wrong_header.csv, line 1: the header of a TMDB 5000 movies file "
            "lacks id, title",
        ),
        ("README.md", "README.md: not a file ingest_tmdb reads"),
        ("absent.csv", "absent.csv: no such file or directory"),
    ],
)
def test_an_unknown_file_fails_before_anything_is_written(name, message):
    with pytest.raises(CommandError) as error:
        ingest(MOVIES, FIXTURES / name)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert ImportRun.objects.count() == 0
    assert Title.objects.count() == 0


def test_a_folder_like_the_dataset_s_own(tmp_path):
    for path in (CREDITS, MOVIES, MOVIE_DOC):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "PROVENANCE.md").write_text("Where the files came from.\n")
    run, output = ingest(tmp_path)
    assert run.files == [str(tmp_path / p.name) for p in (MOVIES, CREDITS, MOVIE_DOC)]
    assert (run.read, run.created, run.unchanged) == (12, 8, 1)
    assert "API documents: 1 rows" in output


def test_an_empty_directory(tmp_path):
    with pytest.raises(CommandError, match="no TMDb API documents"):
        ingest(tmp_path)


def test_truncated_gzip(tmp_path):
    data = gzip.compress(MOVIES.read_bytes())
    packed = tmp_path / "tmdb_5000_movies.csv.gz"
    packed.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(CommandError, match=r"^tmdb_5000_movies.csv.gz, line \d+: the gzip data"):
        ingest(packed)
    assert ImportRun.objects.get().status == ImportStatus.FAILED
    assert Title.objects.count() == 0


def test_invalid_utf8_mid_file_keeps_whole_batches_only(tmp_path):
    header, first = MOVIES.read_text(encoding="utf-8").splitlines()[:2]
    rows = [
        first.replace("10061", str(n), 1).replace("Escape from L.A.", f"Film {n}")
        for n in range(1, 301)
    ]
    rows[250] = rows[250].replace("Film 251", "Film 25\xe9")
    broken = tmp_path / "tmdb_5000_movies.csv"
    broken.write_bytes("\n".join([header, *rows]).encode("utf-8").replace("\xe9".encode(), b"\xe9"))
    with pytest.raises(CommandError, match=r"^tmdb_5000_movies.csv, line \d+: not valid UTF-8"):
        ingest(broken, batch_size=50)
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    # whole batches of 50 before the bad byte are kept; the batch it was in never reached
    # the database, nor any row after it
    assert 0 < run.created < 251
    assert run.created % 50 == 0
    assert Title.objects.count() == run.created
    assert counters_recount(fix=False) == []


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError, match="--batch-size must be a positive"):
        ingest(MOVIES, batch_size=0)


# --- interrupted runs converge ----------------------------------------------------------------


def test_an_import_interrupted_in_its_second_batch_converges(monkeypatch):
    paths = (MOVIES, CREDITS, TV_DOC, MOVIE_DOC)
    calls = []

    def interrupted(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return title_bundles_upsert(batch)

    monkeypatch.setattr(ingest_tmdb, "title_bundles_upsert", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(*paths, batch_size=2)
    failed = ImportRun.objects.get()
    assert (failed.status, failed.created) == (ImportStatus.FAILED, 2)
    assert Title.objects.count() == 2
    monkeypatch.undo()

    rerun, _ = ingest(*paths, batch_size=2)
    assert rerun.status == ImportStatus.SUCCEEDED
    # 3 movies, 3 credits rows and the show are new; 2 movies and the film document are not
    assert (rerun.created, rerun.unchanged) == (7, 3)
    converged = catalogue()

    wipe_catalogue()
    ingest(*paths, batch_size=2)
    assert catalogue() == converged
    assert counters_recount(fix=False) == []


SQLITE_DUMP = {
    "titles": "SELECT slug, kind, title, year, runtime_minutes, plot, tagline FROM catalog_title",
    "ids": "SELECT e.source, e.value, t.slug, c.slug FROM catalog_externalid e "
    "LEFT JOIN catalog_title t ON t.id = e.title_id "
    "LEFT JOIN catalog_company c ON c.id = e.company_id",
    "companies": "SELECT slug, name FROM catalog_company",
    "links": "SELECT t.slug, c.slug, l.role, l.'order' FROM catalog_companycredit l "
    "JOIN catalog_title t ON t.id = l.title_id JOIN catalog_company c ON c.id = l.company_id",
    "genres": "SELECT t.slug, g.name FROM catalog_title_genres l "
    "JOIN catalog_title t ON t.id = l.title_id JOIN catalog_genre g ON g.id = l.genre_id",
    "ratings": "SELECT t.slug, r.source, r.value, r.votes FROM catalog_externalrating r "
    "JOIN catalog_title t ON t.id = r.title_id",
    "counters": "SELECT name, value FROM core_sitecounter",
}


@needs_real_data
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="uses its own SQLite file; the SQLite run covers it"
)
def test_a_killed_process_converges_on_a_sqlite_file(tmp_path):
    """SIGKILL a real import mid-run, rerun it, and compare with one clean run."""
    env = {"DJANGO_SECRET_KEY": "test", "INGEST_REJECTS_DIR": str(tmp_path)}
    args = ("ingest_tmdb", str(REAL_MOVIES), "--limit", "600", "--batch-size", "50")
    killed, clean = tmp_path / "killed.sqlite3", tmp_path / "clean.sqlite3"
    migrated = run_manage(
        "migrate", "--no-input", "-v", "0", env={**env, "DATABASE_URL": f"sqlite:///{killed}"}
    )
    assert migrated.returncode == 0, migrated.stderr
    assert not killed.with_name(f"{killed.name}-wal").exists()
    shutil.copyfile(killed, clean)

    child_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        **env,
        "DATABASE_URL": f"sqlite:///{killed}",
    }
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    created, deadline = 0, time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        with sqlite3.connect(killed, timeout=5) as db:
            row = db.execute("SELECT created FROM ingest_importrun").fetchone()
        created = row[0] if row else 0
        if created >= 100:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it was killed"
    assert 100 <= created < 600
    assert created % 50 == 0  # whole batches only

    for database in (killed, clean):
        done = run_manage(*args, env={**env, "DATABASE_URL": f"sqlite:///{database}"})
        assert done.returncode == 0, done.stderr

    def dump(database):
        with sqlite3.connect(database) as db:
            return {
                table: sorted(db.execute(query).fetchall(), key=str)
                for table, query in SQLITE_DUMP.items()
            }

    converged, expected = dump(killed), dump(clean)
    assert len(converged["titles"]) == 600
    assert converged == expected


@needs_real_data
def test_the_real_dataset(client, rejects_dir):
    """All 4,803 films of TMDB 5000, then the 198-film credits sample, on the title page."""
    movies, _ = ingest(REAL_MOVIES)
    assert movies.status == ImportStatus.SUCCEEDED
    assert movies.read == 4803
    refused = rejects_of(movies) if movies.rejects_file else []
    assert movies.rejected == len(refused) == 0, refused
    assert movies.created == 4803 - movies.rejected
    assert Title.objects.count() == movies.created
    assert counters_read()["movies"] == 4803

    credits, _ = ingest(REAL_CREDITS)
    assert (credits.read, credits.created, credits.rejected) == (198, 197, 1)
    assert rejects_of(credits) == [
        [
            "tmdb_5000_credits.head198.csv",
            "11",
            "movie_id is empty (title 'Batman v Superman: Dawn of Justice')",
        ]
    ]
    jurassic = Title.objects.get(external_ids__source="tmdb_movie", external_ids__value="135397")
    assert jurassic.credits.filter(department=Department.ACTING).exists()  # its crew cell is empty
    assert not jurassic.credits.exclude(department=Department.ACTING).exists()
    assert counters_recount(fix=False) == []

    avatar = Title.objects.get(external_ids__source="tmdb_movie", external_ids__value="19995")
    html = client.get(avatar.get_absolute_url()).content.decode()
    for fact in (
        "Avatar",
        "(2009)",
        "Action",
        "Sci-Fi",
        "162 minutes",
        "Enter the World of Pandora.",
        "a paraplegic Marine is dispatched to the moon Pandora",
        "Sam Worthington",
        "as Jake Sully",
        "James Cameron",
        "Ingenious Film Partners",
    ):
        assert fact in html, fact
    crew = client.get(f"{avatar.get_absolute_url()}cast/").content.decode()
    assert "Director" in crew
    assert "Original Music Composer" in crew


# --- query budget -----------------------------------------------------------------------------


def csv_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def new_movie_rows(ids):
    """Movie rows like the fixture's first, each with its own id and company."""
    template = csv_rows(MOVIES)[0]
    rows = []
    for n in ids:
        company = json.dumps([{"name": f"Studio {n}", "id": n}])
        rows.append(
            {**template, "id": str(n), "title": f"Film {n}", "production_companies": company}
        )
    return [
        tmdb.parse_movie_row(row, line=n, fetched_at=timezone.now()) for n, row in enumerate(rows)
    ]


def new_documents(ids):
    """The Escape from L.A. document again under new ids: new title, people, videos, images."""
    bundles = []
    for n in ids:
        data = json.loads(MOVIE_DOC.read_text(encoding="utf-8"))
        data.update(id=n, imdb_id=f"tt{n:07d}", title=f"Escape number {n}")
        for item in [
            *data["credits"]["cast"],
            *data["credits"]["crew"],
            *data["production_companies"],
        ]:
            item["id"] += n * 100_000
        for item in data["videos"]["results"]:
            item["key"] += str(n)
        text = json.dumps(data).replace('.jpg"', f'-{n}.jpg"')
        bundles.append(tmdb.parse_document(json.loads(text), fetched_at=timezone.now()))
    return bundles


def new_credit_groups(movie_ids):
    """Two actors and a director, all new people, for each of the given films."""
    groups = []
    for n in movie_ids:
        cast = [
            {"id": n * 10 + k, "name": f"Actor {n}-{k}", "character": "X", "order": k}
            for k in (1, 2)
        ]
        crew = [
            {
                "id": n * 10 + 3,
                "name": f"Director {n}",
                "department": "Directing",
                "job": "Director",
            }
        ]
        row = {"movie_id": str(n), "title": "", "cast": json.dumps(cast), "crew": json.dumps(crew)}
        groups.append(tmdb.parse_credits_row(row, line=n))
    return groups


def queries_for(writer, batch):
    with CaptureQueriesContext(connection) as captured:
        writer(batch)
    return len(captured.captured_queries)


def test_queries_per_batch_do_not_grow_with_its_size():
    title_bundles_upsert(new_movie_rows([1]))  # first-time work: genres, counters
    one = queries_for(title_bundles_upsert, new_movie_rows([101]))
    twelve = queries_for(title_bundles_upsert, new_movie_rows(range(201, 213)))
    assert one == twelve
    assert queries_for(title_bundles_upsert, new_movie_rows(range(201, 213))) <= twelve

    title_credits_upsert(new_credit_groups([1]))
    one = queries_for(title_credits_upsert, new_credit_groups([101]))
    twelve = queries_for(title_credits_upsert, new_credit_groups(range(201, 213)))
    assert one == twelve

    title_bundles_upsert(new_documents([300]))
    one = queries_for(title_bundles_upsert, new_documents([301]))
    three = queries_for(title_bundles_upsert, new_documents([302, 303, 304]))
    assert one == three
    assert Title.objects.filter(videos__isnull=False).distinct().count() == 5
