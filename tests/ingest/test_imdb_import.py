"""`manage.py ingest_imdb` end to end: catalogue contents, pages, idempotency, bad input,
fixed queries per batch, a killed run, and the real IMDb samples."""

import csv
import gzip
import io
import itertools
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from cinemeter.catalog.models import (
    AlternativeTitle,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    Genre,
    Person,
    Title,
    TitleKind,
)
from cinemeter.core.counters import counters_read, counters_recount
from cinemeter.core.models import SiteCounter
from cinemeter.ingest.management.commands import ingest_imdb
from cinemeter.ingest.models import ImdbEpisodeStage, ImportRun, ImportStatus
from cinemeter.ingest.pipeline import BATCH_SIZE
from cinemeter.ingest.readers import Row
from cinemeter.ingest.sources import imdb
from tests.datasets import SHARED_DATA
from tests.manage_subprocess import ROOT, run_manage

FIXTURES = Path(__file__).parent / "fixtures" / "imdb"
HARBOUR = FIXTURES / "harbour"
SAMPLES = SHARED_DATA / "imdb-sample"
N = "\\N"


@pytest.fixture(autouse=True)
def _rejects_in_tmp(settings, tmp_path):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"


def ingest(*paths, **options):
    out = io.StringIO()
    call_command("ingest_imdb", *[str(path) for path in paths], stdout=out, **options)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def rejects(run):
    if not run.rejects_file:
        return []
    with Path(run.rejects_file).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def by_imdb(value):
    return Title.objects.get(external_ids__source="imdb", external_ids__value=value)


def person(value):
    return Person.objects.get(external_ids__source="imdb", external_ids__value=value)


def data_rows(*paths):
    total = 0
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            total += sum(1 for _ in handle) - 1
    return total


def snapshot():
    """Every table the importer writes, row by row, timestamps included."""
    tables = [
        Title.objects.order_by("pk"),
        Title.genres.through.objects.order_by("pk"),
        Genre.objects.order_by("pk"),
        Person.objects.order_by("pk"),
        Credit.objects.order_by("pk"),
        ExternalId.objects.order_by("pk"),
        ExternalRating.objects.order_by("pk"),
        AlternativeTitle.objects.order_by("pk"),
        ImdbEpisodeStage.objects.order_by("pk"),
        SiteCounter.objects.order_by("pk"),
    ]
    return [list(table.values()) for table in tables]


def write_tsv(path, header, rows, *, compress=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join("\t".join(r) + "\n" for r in [header, *rows])
    if compress:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


BASICS_HEADER = [
    "tconst",
    "titleType",
    "primaryTitle",
    "originalTitle",
    "isAdult",
    "startYear",
    "endYear",
    "runtimeMinutes",
    "genres",
]
EPISODE_HEADER = ["tconst", "parentTconst", "seasonNumber", "episodeNumber"]


# --- the hand-made catalogue: a film, a show with two seasons, and the rest -------------------


@pytest.fixture
def harbour():
    run, output = ingest(HARBOUR)
    return run, output


def test_films_and_shows_are_created_with_their_kinds(harbour):
    kinds = dict(
        ExternalId.objects.filter(source="imdb", title__isnull=False).values_list(
            "value", "title__kind"
        )
    )
    assert kinds == {
        "tt9100001": "movie",
        "tt9100002": "series",
        "tt9100003": "episode",
        "tt9100004": "episode",
        "tt9100005": "episode",
        "tt9100006": "episode",
        "tt9100007": "episode",
        "tt9100009": "miniseries",
        "tt9100010": "short",
        "tt9100012": "tv_movie",
    }
    film = by_imdb("tt9100001")
    assert (film.title, film.original_title, film.year, film.runtime_minutes) == (
        "The Lighthouse Keeper",
        "Fyrvaktaren",
        2019,
        97,
    )
    assert sorted(film.genres.values_list("name", flat=True)) == ["Drama", "Mystery"]
    show = by_imdb("tt9100002")
    assert (show.year, show.end_year) == (2020, 2022)


def test_seasons_are_created_and_episodes_placed(harbour):
    show = by_imdb("tt9100002")
    seasons = list(show.children.filter(kind=TitleKind.SEASON).order_by("season_number"))
    assert [(s.title, s.slug, s.season_number, s.year) for s in seasons] == [
        ("Harbour Lights: Season 1", "harbour-lights-2020-season-1", 1, 2020),
        ("Harbour Lights: Season 2", "harbour-lights-2020-season-2", 2, 2021),
    ]
    placed = {
        e.title: (e.parent and e.parent.title, e.season_number, e.episode_number, e.slug)
        for e in Title.objects.filter(kind=TitleKind.EPISODE).select_related("parent")
    }
    assert placed == {
        "Pilot": ("Harbour Lights: Season 1", 1, 1, "harbour-lights-2020-s01e01"),
        "The Tide Turns": ("Harbour Lights: Season 1", 1, 2, "harbour-lights-2020-s01e02"),
        "Homecoming": ("Harbour Lights: Season 2", 2, 1, "harbour-lights-2020-s02e01"),
        "Storm Warning": ("Harbour Lights: Season 2", 2, 2, "harbour-lights-2020-s02e02"),
        # No season number: directly under the show.
        "A Harbour Christmas": (
            "Harbour Lights",
            None,
            None,
            "harbour-lights-2020-a-harbour-christmas",
        ),
    }
    pilot = by_imdb("tt9100003")
    assert (pilot.year, pilot.runtime_minutes) == (2020, 48)
    assert sorted(pilot.genres.values_list("name", flat=True)) == ["Crime", "Drama"]
    # Placed episodes leave the stage; the one without its show waits there.
    assert list(ImdbEpisodeStage.objects.values_list("tconst", flat=True)) == ["tt9100011"]


def test_counters_are_exact(harbour):
    counters = counters_read()
    assert {name: counters[name] for name in ("movies", "shows", "seasons", "actors")} == {
        "movies": 3,
        "shows": 2,
        "seasons": 2,
        "actors": 4,
    }
    assert counters_recount(fix=False) == []


def test_credits_from_principals_and_crew(harbour):
    film = by_imdb("tt9100001")
    credits = {
        (c.person.name, c.department, c.job): (c.character, c.billing_order)
        for c in film.credits.select_related("person")
    }
    assert credits == {
        # Two principals rows for one actor: one credit, both parts, the first billing.
        ("Dario Fenn", "acting", ""): ("Elias Brand / The Narrator", 1),
        ("Edda Solberg", "acting", ""): ("Mara Quill / Young Mara", 2),
        # Director from title.crew, given its billing order by the principals.
        ("Ada Lindqvist", "directing", "Director"): ("", 3),
        ("Ada Lindqvist", "writing", "Writer"): ("", None),
        ("Bram Okafor", "writing", "Writer"): ("", None),
        ("Bram Okafor", "writing", "Screenplay"): ("", 4),
        ("Farid Haddad", "sound", "Composer"): ("", 5),
        ("Greta Voss", "camera", "Director of Photography"): ("", 6),
        ("Hugo Brandt", "acting", ""): ("Himself", 8),
        ("Ines Carvalho", "production", "Executive producer"): ("", 9),
        ("Jonas Reyes", "editing", "Editor"): ("", 10),
    }
    pilot = by_imdb("tt9100003")
    assert set(pilot.credits.values_list("person__name", "department", "job", "character")) == {
        ("Dario Fenn", "acting", "", "Detective Hale"),
        ("Cleo Martel", "directing", "Director", ""),
        ("Bram Okafor", "writing", "Writer", ""),
        ("Ada Lindqvist", "acting", "Archive footage", "Herself"),
    }
    cleo = person("nm9000003")
    assert (cleo.birth_year, cleo.death_year, cleo.slug) == (1958, 2021, "cleo-martel")


def test_ratings_and_akas(harbour):
    film = by_imdb("tt9100001")
    rating = film.external_ratings.get()
    assert (rating.source, rating.value, rating.votes) == ("imdb", Decimal("7.4"), 12345)
    assert by_imdb("tt9100003").external_ratings.get().value == Decimal("7.9")
    akas = set(film.alternative_titles.values_list("name", "region", "language", "kind"))
    assert akas == {
        ("Fyrvaktaren", "", "", "original"),
        ("The Lighthouse Keeper", "GB", "", "imdbDisplay"),
        ("Le Gardien du phare", "FR", "fr", "imdbDisplay"),
        # Listed twice with different types: one AKA with both.
        ("Der Leuchtturmwärter", "DE", "", "imdbDisplay, dvd, video"),
    }


def test_the_run_is_recorded_and_refusals_explained(harbour):
    run, output = harbour
    files = sorted(HARBOUR.iterdir())
    assert run.status == ImportStatus.SUCCEEDED
    assert run.read == data_rows(*files) == 56
    # title.crew's 4 rows hold 6 credits and count credits; every other row has one outcome.
    assert run.created + run.updated + run.unchanged + run.rejected == run.read - 4 + 6
    refused = {(r["file"], r["line"]): r["reason"] for r in rejects(run)}
    assert refused == {
        ("title.basics.tsv", "9"): (
            "titleType videoGame is not imported (video games are not films)"
        ),
        ("title.episode.tsv", "7"): "show tt9199999 is not in the catalogue",
        ("title.akas.tsv", "8"): "title imdb:tt9100008 is not in the catalogue",
        ("title.ratings.tsv", "5"): "title imdb:tt9100008 is not in the catalogue",
    }
    assert run.rejected == 4
    assert "title.principals.tsv: read 13" in output
    assert "Succeeded: read 56" in output


def test_title_pages_show_the_import(harbour):
    client = Client()
    page = client.get(by_imdb("tt9100001").get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "The Lighthouse Keeper",
        "Original title: Fyrvaktaren",
        "Dario Fenn",
        "as Elias Brand / The Narrator",
        "Ada Lindqvist",
        '<span class="imdb">7.4',
        "12,345 votes",
        "Le Gardien du phare",
    ):
        assert text in html
    show = client.get(by_imdb("tt9100002").get_absolute_url()).content.decode()
    assert "Season 1" in show
    assert "Season 2" in show
    season = Title.objects.get(slug="harbour-lights-2020-season-1")
    html = client.get(season.get_absolute_url()).content.decode()
    assert "Pilot" in html
    assert "The Tide Turns" in html
    pilot = client.get(by_imdb("tt9100003").get_absolute_url()).content.decode()
    assert "Season 1, episode 1" in pilot
    assert "as Detective Hale" in pilot
    assert "Next: S01E02 The Tide Turns" in pilot
    special = client.get(by_imdb("tt9100007").get_absolute_url())
    assert special.status_code == 200
    assert "A Harbour Christmas" in special.content.decode()
    credits = client.get(f"{by_imdb('tt9100001').get_absolute_url()}cast/").content.decode()
    assert "Director of Photography" in credits
    assert "Executive producer" in credits


# --- idempotency and updates -----------------------------------------------------------------


def test_a_second_run_changes_nothing(harbour):
    before = snapshot()
    again, _ = ingest(HARBOUR)
    assert snapshot() == before
    assert (again.created, again.updated) == (0, 0)
    assert again.rejected == harbour[0].rejected
    assert again.read == harbour[0].read


def test_gzipped_files_import_the_same(tmp_path):
    for path in HARBOUR.iterdir():
        (tmp_path / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))
    run, _ = ingest(tmp_path)
    assert (run.read, run.rejected) == (56, 4)
    assert Title.objects.filter(kind=TitleKind.EPISODE).count() == 5


def copy_of_harbour(tmp_path, changes):
    """The harbour files with some cells replaced: {file: {old line text: new line text}}."""
    target = tmp_path / "harbour"
    shutil.copytree(HARBOUR, target)
    for name, replacements in changes.items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements.items():
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return target


def test_changed_values_update_the_rows(harbour, tmp_path):
    changed = copy_of_harbour(
        tmp_path,
        {
            "title.basics.tsv": {
                "Fyrvaktaren\t0\t2019\t\\N\t97": "Fyrvaktaren\t0\t2019\t\\N\t99",
                "tvEpisode\tPilot\tPilot": "tvEpisode\tPilot (Extended)\tPilot",
            },
            "title.ratings.tsv": {"tt9100001\t7.4\t12345": "tt9100001\t7.6\t13000"},
            "title.episode.tsv": {"tt9100006\ttt9100002\t2\t2": "tt9100006\ttt9100002\t3\t1"},
            "title.principals.tsv": {'["Elias Brand"]': '["Elias Brandt"]'},
            "name.basics.tsv": {"Greta Voss\t1966": "Greta Voss\t1967"},
            "title.akas.tsv": {
                "Le Gardien du phare\tFR\tfr\timdbDisplay": ("Le Gardien du phare\tFR\tfr\tdvd")
            },
        },
    )
    run, output = ingest(changed)
    assert run.created == 0
    assert run.updated == 7
    # One outcome per row: only the changed row of each staged file is updated.
    summaries = dict(line.split(": ", 1) for line in output.splitlines() if ".tsv: read" in line)
    assert summaries["title.akas.tsv"].endswith("created 0, updated 1, unchanged 5, rejected 1")
    assert summaries["title.ratings.tsv"].endswith("created 0, updated 1, unchanged 2, rejected 1")
    assert AlternativeTitle.objects.get(name="Le Gardien du phare").kind == "dvd"
    assert by_imdb("tt9100001").runtime_minutes == 99
    assert by_imdb("tt9100001").external_ratings.get().votes == 13000
    pilot = by_imdb("tt9100003")
    assert (pilot.title, pilot.slug) == ("Pilot (Extended)", "harbour-lights-2020-s01e01")
    moved = by_imdb("tt9100006")
    assert (moved.parent.title, moved.season_number, moved.episode_number) == (
        "Harbour Lights: Season 3",
        3,
        1,
    )
    assert person("nm9000007").birth_year == 1967
    assert Credit.objects.get(person__name="Dario Fenn", title__slug__startswith="the-light")
    assert (
        Credit.objects.get(person__name="Dario Fenn", title=by_imdb("tt9100001")).character
        == "Elias Brandt / The Narrator"
    )
    assert counters_read()["seasons"] == 3
    assert counters_recount(fix=False) == []


def test_an_episode_waits_for_its_show(harbour, tmp_path):
    later = tmp_path / "later"
    write_tsv(
        later / "title.basics.tsv",
        BASICS_HEADER,
        [["tt9199999", "tvSeries", "Lost Shows", "Lost Shows", "0", "2019", N, N, "Comedy"]],
    )
    write_tsv(later / "title.episode.tsv", EPISODE_HEADER, [["tt9100011", "tt9199999", "1", "1"]])
    run, _ = ingest(later)
    assert (run.created, run.rejected) == (2, 0)
    lost = by_imdb("tt9100011")
    assert (lost.title, lost.year, lost.parent.title) == (
        "The Lost Episode",
        2019,
        "Lost Shows: Season 1",
    )
    assert not ImdbEpisodeStage.objects.exists()


def test_clashes_with_the_catalogue_are_rejected_not_fatal(harbour, tmp_path):
    clash = tmp_path / "clash"
    write_tsv(
        clash / "title.basics.tsv",
        BASICS_HEADER,
        [
            ["tt9100003", "movie", "Pilot", "Pilot", "0", "2020", N, "48", N],
            ["tt9100001", "tvEpisode", "Keeper", "Keeper", "0", "2019", N, N, N],
        ],
    )
    write_tsv(
        clash / "title.episode.tsv",
        EPISODE_HEADER,
        [
            ["tt9100004", "tt9100002", "1", "1"],  # Pilot is episode 1 already
            ["tt9100005", "tt9100001", "1", "1"],  # a film has no episodes
        ],
    )
    before = snapshot()
    run, _ = ingest(clash)
    assert run.status == ImportStatus.SUCCEEDED
    assert sorted(r["reason"] for r in rejects(run)) == sorted(
        [
            "tt9100003 is an episode in the catalogue; it cannot become a movie",
            "tt9100001 is a movie in the catalogue, not an episode",
            'episode 1 of Harbour Lights: Season 1 is already "Pilot"; '
            "tt9100004 cannot have that number too",
            "tt9100001 is a movie in the catalogue, not a show",
        ]
    )
    assert snapshot() == before


def test_crew_credits_are_refused_and_counted_by_sql_per_credit(tmp_path):
    """title.crew goes through the staged, set-based path: one outcome per credit, each
    refusal with its line and reason, a repeat unchanged, and a second run all unchanged."""
    names = ["nconst", "primaryName", "birthYear", "deathYear"]
    write_tsv(tmp_path / "name.basics.tsv", names, [["nm1", "Ann", N, N], ["nm2", "Bo", N, N]])
    film = ["tt1", "movie", "Crewed", "Crewed", "0", "2001", N, "90", "Drama"]
    write_tsv(tmp_path / "title.basics.tsv", BASICS_HEADER, [film])
    crew = [
        ["tt1", "nm1,nm9", "nm2,nm1"],  # line 2: nm9 is unknown
        ["tt8", "nm1", N],  # line 3: the title is unknown
        ["tt1", "nm1", N],  # line 4: the director again
        ["tt1", "nm1,x", N],  # line 5: not an id
        ["tt1", N, N],  # line 6: no credits
    ]
    write_tsv(tmp_path / "title.crew.tsv", ["tconst", "directors", "writers"], crew)
    run, output = ingest(tmp_path)
    refused = [(r["line"], r["reason"]) for r in rejects(run) if r["file"] == "title.crew.tsv"]
    assert sorted(refused) == [
        ("2", "person imdb:nm9 is not in the catalogue"),
        ("3", "title imdb:tt8 is not in the catalogue"),
        ("5", "directors 'x' is not an IMDb id"),
    ]
    summary = "read 5 in"
    assert f"title.crew.tsv: {summary}" in output
    assert "created 3, updated 0, unchanged 1, rejected 3" in output
    credits = {(c.person.name, c.job) for c in Credit.objects.select_related("person")}
    assert credits == {("Ann", "Director"), ("Bo", "Writer"), ("Ann", "Writer")}
    before = snapshot()
    again, output = ingest(tmp_path / "title.crew.tsv")
    assert (again.read, again.created, again.updated, again.unchanged, again.rejected) == (
        5,
        0,
        0,
        4,
        3,
    )
    assert snapshot() == before


def test_people_slugs_clashes_and_merged_values(tmp_path):
    """name.basics goes through the staged path: readable slugs unless taken (by the
    catalogue or an earlier row of the batch), then the id's fallback, then a number; a
    re-import changes only what differs, and an empty cell keeps the person's value."""
    Person.objects.create(name="Kim Lee", slug="kim-lee")
    Person.objects.create(name="Ann Park", slug="ann-park-imdbnm4")
    names = ["nconst", "primaryName", "birthYear", "deathYear"]
    rows = [
        ["nm1", "Kim Lee", "1950", N],
        ["nm2", "Kim Lee", N, N],
        ["nm3", "Ann Park", N, N],
        ["nm4", "Ann Park", N, N],
        ["nm5", "!!!", N, N],
        ["nm1", "Kim Lee", "1950", N],  # the same person again: its last row is written
    ]
    write_tsv(tmp_path / "name.basics.tsv", names, rows)
    run, _ = ingest(tmp_path)
    assert (run.read, run.created, run.updated, run.unchanged, run.rejected) == (6, 5, 0, 1, 0)
    slugs = {v: person(v).slug for v in ("nm1", "nm2", "nm3", "nm4", "nm5")}
    assert slugs == {
        "nm1": "kim-lee-imdbnm1",
        "nm2": "kim-lee-imdbnm2",
        "nm3": "ann-park",
        "nm4": "ann-park-imdbnm4-2",
        "nm5": "person",
    }
    before = snapshot()
    again, _ = ingest(tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert snapshot() == before
    # The last row of nm1 is the one that counts (the first is counted unchanged); no birth
    # year now: the known one stays.
    rows[-1] = ["nm1", "Kim Lee", N, "2020"]
    write_tsv(tmp_path / "name.basics.tsv", names, rows)
    changed, _ = ingest(tmp_path)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 5)
    kim = person("nm1")
    assert (kim.birth_year, kim.death_year, kim.slug) == (1950, 2020, "kim-lee-imdbnm1")


def test_titles_slugs_kinds_counters_and_genres(tmp_path):
    """title.basics goes through the staged path: a clashing slug takes the id's fallback,
    a re-kinded title moves the site counters, genres are added, never taken away."""

    def film(tconst, kind, title, year, runtime, genres):
        return [tconst, kind, title, title, "0", year, N, runtime, genres]

    rows = [
        film("tt1", "movie", "Same", "2001", "90", "Drama"),
        film("tt2", "movie", "Same", "2001", "80", "Comedy"),
        film("tt3", "tvSeries", "Show", "2005", "45", "Crime"),
    ]
    write_tsv(tmp_path / "title.basics.tsv", BASICS_HEADER, rows)
    run, _ = ingest(tmp_path)
    assert (run.created, run.updated, run.unchanged, run.rejected) == (3, 0, 0, 0)
    assert [by_imdb(t).slug for t in ("tt1", "tt2", "tt3")] == [
        "same-2001",
        "same-2001-imdbtt2",
        "show-2005",
    ]
    assert (counters_read()["movies"], counters_read()["shows"]) == (2, 1)
    rows[0] = film("tt1", "movie", "Same", "2001", N, "Drama")  # no runtime: it stays 90
    rows[2] = film("tt3", "tvMovie", "Show", "2005", "45", "Drama")
    write_tsv(tmp_path / "title.basics.tsv", BASICS_HEADER, rows)
    again, _ = ingest(tmp_path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 1, 2, 0)
    assert by_imdb("tt1").runtime_minutes == 90
    show = by_imdb("tt3")
    assert show.kind == TitleKind.TV_MOVIE
    assert sorted(show.genres.values_list("name", flat=True)) == ["Crime", "Drama"]
    assert (counters_read()["movies"], counters_read()["shows"]) == (3, 0)
    assert counters_recount(fix=False) == []


def test_dry_run_writes_nothing_but_reports():
    run, output = ingest(HARBOUR, dry_run=True)
    assert run.status == ImportStatus.DRY_RUN
    assert run.created > 0
    assert not Title.objects.exists()
    assert not ImdbEpisodeStage.objects.exists()
    assert "Dry run" in output


def test_limit_reads_the_first_rows_of_each_file():
    run, _ = ingest(HARBOUR, limit=2)
    assert run.read == 14
    assert Person.objects.count() == 2


# --- bad input -------------------------------------------------------------------------------


def test_bad_rows_are_rejected_with_file_line_and_reason():
    run, _ = ingest(FIXTURES / "bad-rows")
    assert run.status == ImportStatus.SUCCEEDED
    refused = {(r["file"], int(r["line"])): r["reason"] for r in rejects(run)}
    assert refused == {
        ("name.basics.tsv", 3): "birthYear '19x0' is not a year",
        ("name.basics.tsv", 4): "nconst is empty",
        ("name.basics.tsv", 5): "deathYear 1980 is before birthYear 1990",
        ("name.basics.tsv", 6): "primaryName is empty",
        ("title.basics.tsv", 3): "startYear '199O' is not a year",
        ("title.basics.tsv", 4): "tconst is empty",
        ("title.basics.tsv", 5): (
            "titleType videoGame is not imported (video games are not films)"
        ),
        ("title.basics.tsv", 6): "titleType 'hologram' is not a type Cinemeter imports",
        ("title.basics.tsv", 7): "endYear 1990 is before startYear 2000",
        ("title.basics.tsv", 8): "expected 9 fields, found 10",
        ("title.basics.tsv", 9): "runtimeMinutes 'ninety' is not a whole number",
        ("title.basics.tsv", 10): "startYear 1066 is outside 1870–2200",
        ("title.ratings.tsv", 3): "tconst 'tt9200001x' is not an IMDb id",
        ("title.ratings.tsv", 4): "averageRating 'eleven' is not a number",
        ("title.ratings.tsv", 5): "title imdb:tt9299999 is not in the catalogue",
        ("title.principals.tsv", 3): "characters is not valid JSON (Unterminated string "
        "starting at): '[\"Unclosed'",
        ("title.principals.tsv", 4): "characters is not a JSON list of names: "
        '\'{"not": "a list"}\'',
        ("title.principals.tsv", 5): "nconst is empty",
        ("title.principals.tsv", 6): "ordering 'x' is not a whole number",
        ("title.principals.tsv", 7): "person imdb:nm9199999 is not in the catalogue",
    }
    assert run.rejected == len(refused)
    assert run.read == 24
    assert run.created == 4  # Kit Good, A Good Film, its rating, Kit's credit
    assert list(Title.objects.values_list("title", flat=True)) == ["A Good Film"]
    assert Credit.objects.get().character == "Good Part"
    rows = {(r["file"], int(r["line"])): r["row"] for r in rejects(run)}
    assert rows[("title.basics.tsv", 3)].startswith("tt9200002\tmovie\tYear of the Typo")


def expect_error(*paths, match):
    with pytest.raises(CommandError, match=match) as error:
        ingest(*paths)
    assert "\n" not in str(error.value)
    return error


def test_an_unknown_file_is_refused_before_anything_is_written(tmp_path):
    other = write_tsv(tmp_path / "titles.tsv", ["tconst"], [["tt1"]])
    expect_error(
        HARBOUR,
        other,
        match=r"^titles\.tsv: not an IMDb dataset file; expected one of name\.basics\.tsv, "
        r"title\.basics\.tsv, .*title\.principals\.tsv \(or the same names ending in \.gz\)$",
    )
    assert not ImportRun.objects.exists()
    assert not Title.objects.exists()
    assert not Person.objects.exists()


def test_a_missing_header_is_refused(tmp_path):
    (tmp_path / "title.crew.tsv").write_text("", encoding="utf-8")
    expect_error(tmp_path, match=r"^title\.crew\.tsv: the file is empty \(no header row\)$")
    assert not ImportRun.objects.exists()


def test_a_wrong_header_is_refused_before_anything_is_written():
    expect_error(
        HARBOUR / "name.basics.tsv",
        FIXTURES / "bad-header",
        match=r"^title\.ratings\.tsv, line 1: the header lacks tconst, averageRating, numVotes",
    )
    assert not ImportRun.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("setup", "match"),
    [
        (lambda tmp: tmp / "nowhere", r"^nowhere: no such file or directory$"),
        (lambda tmp: tmp, r"none of name\.basics\.tsv, .* is here$"),
    ],
)
def test_missing_paths(tmp_path, setup, match):
    expect_error(setup(tmp_path), match=match)


def test_an_import_renews_the_pages_visitors_have_cached(harbour, tmp_path):
    page = by_imdb("tt9100001").get_absolute_url()
    assert "12,345 votes" in Client().get(page).text  # now in the anonymous page cache
    changed = copy_of_harbour(
        tmp_path, {"title.ratings.tsv": {"tt9100001\t7.4\t12345": "tt9100001\t7.6\t13000"}}
    )
    for path in changed.iterdir():  # an import of the ratings alone
        if path.name != "title.ratings.tsv":
            path.unlink()
    ingest(changed)
    assert "13,000 votes" in Client().get(page).text


def test_the_same_file_twice_is_refused(tmp_path):
    packed = tmp_path / "title.ratings.tsv.gz"
    packed.write_bytes(gzip.compress((HARBOUR / "title.ratings.tsv").read_bytes()))
    expect_error(HARBOUR, packed, match=r"title\.ratings\.tsv is given twice")


def test_invalid_utf8_at_the_start_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "title.basics.tsv"
    text = (HARBOUR / "title.basics.tsv").read_bytes()
    path.write_bytes(text + b"tt9100013\tmovie\tCaf\xe9\tCaf\xe9\t0\t2000\t\\N\t\\N\t\\N\n")
    # The reader decodes ahead of the rows, so the line it names is where decoding stopped.
    expect_error(path, match=r"^title\.basics\.tsv, line \d+: not valid UTF-8")
    assert not ImportRun.objects.exists()
    assert not Title.objects.exists()


def test_invalid_utf8_deep_in_a_file_leaves_whole_batches_only(tmp_path):
    path = write_tsv(tmp_path / "title.basics.tsv", BASICS_HEADER, movie_rows(3000))
    path.write_bytes(path.read_bytes() + b"tt9100013\tmovie\tCaf\xe9\tx\t0\t2000\t\\N\t\\N\t\\N\n")
    expect_error(path, match=r"^title\.basics\.tsv, line \d+: not valid UTF-8")
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.created == Title.objects.count() == BATCH_SIZE
    assert counters_recount(fix=False) == []


def movie_rows(count, start=9_500_000):
    return [
        [f"tt{start + n}", "movie", f"Film {n}", f"Film {n}", "0", "2000", N, "90", "Drama"]
        for n in range(count)
    ]


def test_a_truncated_gzip_leaves_whole_batches_only(tmp_path):
    path = write_tsv(
        tmp_path / "title.basics.tsv.gz", BASICS_HEADER, movie_rows(6000), compress=True
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])
    expect_error(path, match=r"^title\.basics\.tsv\.gz, line \d+: the gzip data is truncated")
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    assert run.created == Title.objects.count() == ExternalId.objects.count()
    assert run.created > 0
    assert run.created % BATCH_SIZE == 0
    assert counters_recount(fix=False) == []


def test_bad_input_is_one_line_on_the_command_line_not_a_traceback(tmp_path):
    other = write_tsv(tmp_path / "imdb-titles.tsv", ["tconst"], [["tt1"]])
    result = run_manage(
        "ingest_imdb",
        str(other),
        env={"DJANGO_SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("CommandError: imdb-titles.tsv: not an IMDb dataset file")


# --- fixed queries per batch -----------------------------------------------------------------


def count_queries(write, batch):
    with CaptureQueriesContext(connection) as queries:
        write(batch)
    return len(queries)


def batch_of(size, offset):
    """Rows for every IMDb file about `size` new films, shows and episodes (ids from offset)."""
    films = [f"tt{offset + n}" for n in range(size)]
    shows = [f"tt{offset + 1000 + n}" for n in range(size)]
    episodes = [f"tt{offset + 2000 + n}" for n in range(size)]
    people = [f"nm{offset + n}" for n in range(size)]

    def parse(parser, dataset, rows):
        return [
            parser(Row(n + 2, dict(zip(dataset.columns, r, strict=True))))
            for n, r in enumerate(rows)
        ]

    def staged(parser, rows):
        return [parser(n + 2, r) for n, r in enumerate(rows)]

    names = staged(imdb.parse_name, [[p, f"Person {p}", "1970", N] for p in people])
    titles = staged(
        imdb.parse_title,
        [[t, "movie", f"Film {t}", f"Film {t}", "2000", N, "90", "Drama,Genre" + t] for t in films]
        + [[t, "tvSeries", f"Show {t}", f"Show {t}", "2000", N, "45", "Crime"] for t in shows]
        + [[t, "tvEpisode", f"Ep {t}", f"Ep {t}", "2001", N, "44", "Crime"] for t in episodes],
    )
    links = parse(
        imdb.parse_episode,
        imdb.TITLE_EPISODE,
        [[e, s, str(1 + n % 3), "1"] for n, (e, s) in enumerate(zip(episodes, shows, strict=True))],
    )
    akas = staged(imdb.parse_aka, [[t, f"AKA {t}", "DE", "de", "dvd"] for t in films])
    ratings = staged(imdb.parse_rating, [[t, "7.0", "10"] for t in films])
    crew = [imdb.parse_crew(2, [t, p, p]) for t, p in zip(films, people, strict=True)]
    principals = staged(
        imdb.parse_principal,
        [
            [t, "1", p, "actor", N, f'["Part {p}"]']
            for t, p in zip(films + episodes, people * 2, strict=True)
        ],
    )
    return [
        (ingest_imdb.write_names, names),
        (ingest_imdb.write_titles, titles),
        (ingest_imdb.write_episodes, links),
        (ingest_imdb.write_akas, akas),
        (partial(ingest_imdb.write_ratings, fetched_at=timezone.now()), ratings),
        (ingest_imdb.write_crew, crew),
        (ingest_imdb.write_principals, principals),
    ]


def queries_of(write, batch):
    return getattr(write, "func", write).__name__, count_queries(write, batch)


def test_queries_per_batch_do_not_grow_with_the_batch():
    for write, batch in batch_of(3, 9_500_000):  # the first batch also creates the counters
        write(batch)
    # Sizes stay under SQLite's 999-parameter chunking of bulk inserts (62 titles a statement).
    small = [queries_of(w, b) for w, b in batch_of(5, 9_600_000)]
    large = [queries_of(w, b) for w, b in batch_of(25, 9_700_000)]
    assert small == large
    unchanged_small = [queries_of(w, b) for w, b in batch_of(5, 9_600_000)]
    unchanged_large = [queries_of(w, b) for w, b in batch_of(25, 9_700_000)]
    assert unchanged_small == unchanged_large
    assert Title.objects.filter(kind=TitleKind.EPISODE).count() == 3 + 5 + 25
    assert Title.objects.filter(kind=TitleKind.SEASON).count() == 3 + 5 + 25
    assert Credit.objects.count() == 4 * (3 + 5 + 25)  # director, writer, two actors


# --- a killed run converges ------------------------------------------------------------------


def generate_dataset(folder, shows=105, seasons=2, episodes=10, films=100):
    """A made-up dataset big enough for several batches of title.episode."""
    names = [[f"nm96{n:05d}", f"Person {n}", str(1930 + n % 60), N, "actor", N] for n in range(300)]
    basics, links, principals, crew = [], [], [], []
    tconst = itertools.count(9_800_000)
    for n in range(films):
        t = f"tt{next(tconst)}"
        basics.append(
            [t, "movie", f"Film {n}", f"Film {n}", "0", str(1950 + n % 70), N, "90", "Drama"]
        )
        principals.append([t, "1", f"nm96{n % 300:05d}", "actor", N, f'["Hero {n}"]'])
        crew.append([t, f"nm96{(n + 1) % 300:05d}", N])
    for s in range(shows):
        show = f"tt{next(tconst)}"
        basics.append([show, "tvSeries", f"Show {s}", f"Show {s}", "0", "2000", N, "45", "Crime"])
        for season, episode in itertools.product(range(1, seasons + 1), range(1, episodes + 1)):
            t = f"tt{next(tconst)}"
            basics.append(
                [
                    t,
                    "tvEpisode",
                    f"Episode {s}.{season}.{episode}",
                    f"E{episode}",
                    "0",
                    str(2000 + season),
                    N,
                    "44",
                    "Crime",
                ]
            )
            links.append([t, show, str(season), str(episode)])
            if episode == 1:
                principals.append([t, "1", f"nm96{s:05d}", "actress", N, f'["Lead {s}"]'])
    write_tsv(
        folder / "name.basics.tsv",
        ["nconst", "primaryName", "birthYear", "deathYear", "primaryProfession", "knownForTitles"],
        names,
    )
    write_tsv(folder / "title.basics.tsv", BASICS_HEADER, basics)
    write_tsv(folder / "title.episode.tsv", EPISODE_HEADER, links)
    write_tsv(folder / "title.crew.tsv", ["tconst", "directors", "writers"], crew)
    write_tsv(
        folder / "title.principals.tsv",
        ["tconst", "ordering", "nconst", "category", "job", "characters"],
        principals,
    )
    return len(links)


DUMPS = {
    "titles": "SELECT t.slug, t.kind, t.title, t.original_title, t.year, t.end_year, "
    "t.runtime_minutes, p.slug, t.season_number, t.episode_number FROM catalog_title t "
    "LEFT JOIN catalog_title p ON p.id = t.parent_id",
    "people": "SELECT slug, name, birth_year, death_year FROM catalog_person",
    "ids": "SELECT e.source, e.value, t.slug, p.slug FROM catalog_externalid e "
    "LEFT JOIN catalog_title t ON t.id = e.title_id "
    "LEFT JOIN catalog_person p ON p.id = e.person_id",
    "credits": "SELECT t.slug, p.slug, c.department, c.job, c.character, c.billing_order "
    "FROM catalog_credit c JOIN catalog_title t ON t.id = c.title_id "
    "JOIN catalog_person p ON p.id = c.person_id",
    "genres": "SELECT t.slug, g.name FROM catalog_title_genres l JOIN catalog_title t "
    "ON t.id = l.title_id JOIN catalog_genre g ON g.id = l.genre_id",
    "counters": "SELECT name, value FROM core_sitecounter",
    "stage": "SELECT tconst, title FROM ingest_imdbepisodestage",
}


def dump(database):
    with sqlite3.connect(database) as db:
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in DUMPS.items()}


def count(database, sql):
    with sqlite3.connect(database, timeout=10) as db:
        return db.execute(sql).fetchone()[0]


def test_a_killed_import_converges_to_a_clean_run(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip(
            "runs its own file-backed SQLite database; the SQLite half of the suite runs it"
        )
    data = tmp_path / "data"
    episodes = generate_dataset(data)
    assert episodes > BATCH_SIZE  # two batches at least: the kill lands after the first

    def env(database):
        return {
            "DJANGO_SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{database}",
            "INGEST_REJECTS_DIR": str(tmp_path / "rejects"),
        }

    template, killed, clean = (tmp_path / f"{n}.sqlite3" for n in ("template", "killed", "clean"))
    assert run_manage("migrate", "--no-input", "-v", "0", env=env(template)).returncode == 0
    for target in (killed, clean):
        with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
            source.backup(copy)

    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "ingest_imdb", str(data)],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.base", **inherited, **env(killed)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    placed_sql = "SELECT count(*) FROM catalog_title WHERE kind = 'episode'"
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if count(killed, placed_sql) > 0:  # the first title.episode batch has committed
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    assert 0 < count(killed, placed_sql) < episodes
    assert count(killed, "SELECT status FROM ingest_importrun") == "running"

    for database in (killed, clean):
        result = run_manage("ingest_imdb", str(data), env=env(database))
        assert result.returncode == 0, result.stderr
    assert count(killed, placed_sql) == episodes
    assert dump(killed) == dump(clean)


# --- the real IMDb samples -------------------------------------------------------------------


def sample(name):
    folder = SAMPLES / name
    if not folder.is_dir():
        pytest.skip(f"the IMDb samples are not at {folder} (see PROVENANCE.md there)")
    return folder


def test_movies_subset_2022_counts_and_pages():
    folder = sample("movies-subset-2022")
    run, _ = ingest(folder)
    files = sorted(folder.glob("*.tsv"))
    assert run.status == ImportStatus.SUCCEEDED
    assert run.read == data_rows(*files) == 10_177 + 2_000 + 11_576
    assert run.created + run.updated + run.unchanged + run.rejected == run.read
    refused = rejects(run)
    # The names cover all but 6 of the principals' people (PROVENANCE.md).
    assert run.rejected == len(refused) == 6
    assert {r["file"] for r in refused} == {"title.principals.tsv"}
    assert all(r["reason"].endswith("is not in the catalogue") for r in refused)
    # One actor listed twice in one film (tt9838780) is one credit.
    assert run.unchanged == 1
    assert run.created == 10_177 + 2_000 + 11_576 - 6 - 1
    assert Title.objects.filter(kind=TitleKind.MOVIE).count() == 2_000
    assert Credit.objects.count() == 11_576 - 6 - 1
    assert counters_recount(fix=False) == []

    client = Client()
    credits = (
        Credit.objects.filter(department=Department.ACTING, billing_order__lt=10)
        .exclude(character="")
        .select_related("title", "person")
        .order_by("title__slug", "billing_order")[:3]
    )
    assert len(credits) == 3
    for credit in credits:
        html = client.get(credit.title.get_absolute_url()).content.decode()
        assert escape(credit.title.title) in html
        assert escape(credit.person.name) in html
        assert f"as {escape(credit.character)}" in html


def test_head_100_2021_all_seven_files():
    folder = sample("head-100-2021")
    run, output = ingest(folder)
    assert run.status == ImportStatus.SUCCEEDED
    assert run.read == 7 * 99
    refused = rejects(run)
    by_file = {name: [r for r in refused if r["file"] == name] for name in imdb.DATASET_NAMES}
    # The head's 99 episodes belong to shows outside its 99 titles.
    assert len(by_file["title.episode.tsv"]) == 99
    assert all(r["reason"].startswith("show tt") for r in by_file["title.episode.tsv"])
    assert "title.episode.tsv: read 99" in output
    assert Title.objects.count() == 99
    assert Person.objects.count() == 99
    assert ExternalRating.objects.count() == 99
    assert AlternativeTitle.objects.filter(title__isnull=False).count() > 0
    carmencita = by_imdb("tt0000001")
    assert (carmencita.kind, carmencita.year) == ("short", 1894)
    assert counters_recount(fix=False) == []
    again, _ = ingest(folder)
    assert (again.created, again.updated, again.rejected) == (0, 0, run.rejected)


def test_famous_40_akas_and_ratings_on_the_page():
    folder = sample("famous-40-movies-2022")
    run, _ = ingest(folder)
    assert run.read == 40 + 40 + 2_570
    assert run.rejected == 0
    godfather = by_imdb("tt0068646")
    assert godfather.alternative_titles.filter(name="ゴッドファーザー", region="JP").exists()
    html = Client().get(godfather.get_absolute_url()).content.decode()
    assert '<span class="imdb">9.2 <span class="votes">(1,814,613 votes)</span>' in html
    assert "ゴッドファーザー" in html
    # Every AKA row is an AKA, or the same AKA as its neighbour with another type.
    assert AlternativeTitle.objects.count() + run.unchanged == 2_570


def test_head_50k_2025_with_its_quoted_characters():
    folder = sample("head-50k-2025")
    run, _ = ingest(folder, limit=2000)
    assert run.status == ImportStatus.SUCCEEDED
    assert run.read == 7 * 2000
    # The Great Train Robbery: one actor in three parts, quoted CSV-style in this copy.
    anderson = Credit.objects.get(title=by_imdb("tt0000439"), person=person("nm0001908"))
    assert anderson.character == "Bandit / Shot Passenger / Tenderfoot Dancer"
    assert anderson.billing_order == 1
    assert not Credit.objects.filter(character__contains='""').exists()
    assert counters_recount(fix=False) == []
