"""IMDb rows to records: every mapping, every way a row is refused, no database involved."""

import datetime
from typing import TypeVar

import pytest

from cinemeter.catalog.bulk import (
    Ref,
    StagedAka,
    StagedCredit,
    StagedPerson,
    StagedRating,
    StagedTitle,
)
from cinemeter.ingest.readers import Row, read_rows
from cinemeter.ingest.sources import imdb
from cinemeter.ingest.sources.imdb import EpisodeLink, Rejected, folds
from tests.datasets import SHARED_DATA

N = "\\N"
SAMPLES = SHARED_DATA / "imdb-sample"
FETCHED = datetime.datetime(2025, 8, 1, tzinfo=datetime.UTC)


def row(dataset, *values, line=2):
    return Row(line, dict(zip(dataset.columns, values, strict=True)))


def staged(parse, dataset, *values, line=2):
    """A parser that takes (line, cells in `dataset.columns` order), as the importer calls it."""
    return parse(line, list(values))


def basics(tconst="tt0116225", kind="movie", title="Escape from L.A.", **cells):
    values = {
        "originalTitle": title,
        "startYear": "1996",
        "endYear": N,
        "runtimeMinutes": "101",
        "genres": "Action,Adventure,Sci-Fi",
        **cells,
    }
    # (line, cells), as the importer calls the parser.
    return 2, [
        tconst,
        kind,
        title,
        values["originalTitle"],
        values["startYear"],
        values["endYear"],
        values["runtimeMinutes"],
        values["genres"],
    ]


def principal(category, job=N, characters=N, ordering="3", nconst="nm0000123"):
    return staged(
        imdb.parse_principal,
        imdb.TITLE_PRINCIPALS,
        "tt0116225",
        ordering,
        nconst,
        category,
        job,
        characters,
    )


R = TypeVar("R")


def ok(result: R | Rejected) -> R:
    assert not isinstance(result, Rejected), result
    return result


def rejected(result, text):
    assert isinstance(result, Rejected), result
    assert text in result.reason
    return True


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "dataset"),
    [
        ("name.basics.tsv", "name.basics"),
        ("title.basics.tsv.gz", "title.basics"),
        ("title.principals.tsv", "title.principals"),
        ("title.akas.tsv.gz", "title.akas"),
    ],
)
def test_dataset_names_plain_and_gzipped(filename, dataset):
    found = imdb.dataset_for(filename)
    assert found is not None
    assert found.name == dataset


@pytest.mark.parametrize("filename", ["titles.tsv", "title.basics.csv", "title.basics", "x.gz"])
def test_other_names_are_not_datasets(filename):
    assert imdb.dataset_for(filename) is None


def test_datasets_are_in_import_order():
    assert [d.name for d in imdb.DATASETS] == [
        "name.basics",
        "title.basics",
        "title.episode",
        "title.akas",
        "title.ratings",
        "title.crew",
        "title.principals",
    ]


# --- title.basics ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("imdb_type", "kind"),
    [
        ("movie", "movie"),
        ("short", "short"),
        ("tvShort", "short"),
        ("tvMovie", "tv_movie"),
        ("tvSeries", "series"),
        ("tvMiniSeries", "miniseries"),
        ("tvEpisode", "episode"),
        ("tvSpecial", "tv_special"),
        ("video", "video"),
    ],
)
def test_title_types_map_to_kinds(imdb_type, kind):
    record = ok(imdb.parse_title(*basics(kind=imdb_type)))
    assert isinstance(record, StagedTitle)
    assert record.kind == kind


def test_a_title_row_becomes_a_record():
    record = ok(imdb.parse_title(*basics(originalTitle="Escape from L.A. (orig)")))
    assert record == StagedTitle(
        title_ref="tt0116225",
        kind="movie",
        title="Escape from L.A.",
        original_title="Escape from L.A. (orig)",
        year=1996,
        end_year=None,
        runtime_minutes=101,
        genres=("Action", "Adventure", "Sci-Fi"),
        slug="escape-from-la-1996",
        line=2,
    )


def test_nulls_are_empty_values():
    record = ok(
        imdb.parse_title(
            *basics(kind="tvSeries", startYear=N, runtimeMinutes=N, genres=N, originalTitle=N)
        )
    )
    assert (record.year, record.end_year, record.runtime_minutes, record.genres) == (
        None,
        None,
        None,
        (),
    )
    assert record.original_title == "Escape from L.A."


def test_a_show_keeps_its_end_year():
    record = ok(imdb.parse_title(*basics(kind="tvSeries", startYear="2005", endYear="2007")))
    assert (record.year, record.end_year) == (2005, 2007)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"kind": "videoGame"}, "titleType videoGame is not imported"),
        ({"kind": "tvPilot"}, "titleType 'tvPilot' is not a type Cinemeter imports"),
        ({"tconst": ""}, "tconst is empty"),
        ({"tconst": N}, "tconst is empty"),
        ({"tconst": "0116225"}, "tconst '0116225' is not an IMDb id"),
        ({"startYear": "199x"}, "startYear '199x' is not a year"),
        ({"startYear": "-300"}, "startYear '-300' is not a year"),
        ({"startYear": "1066"}, "startYear 1066 is outside 1870–2200"),
        ({"endYear": "1990"}, "endYear 1990 is before startYear 1996"),
        ({"runtimeMinutes": "ninety"}, "runtimeMinutes 'ninety' is not a whole number"),
        ({"runtimeMinutes": "１２"}, "runtimeMinutes '１２' is not a whole number"),
        ({"title": N}, "primaryTitle is empty"),
        ({"title": "Bad\x00byte"}, "NUL character"),
    ],
)
def test_bad_title_rows_are_rejected_with_the_reason(cells, reason):
    assert rejected(imdb.parse_title(*basics(**cells)), reason)


def test_long_titles_are_cut_to_the_column():
    record = ok(imdb.parse_title(*basics(title="x" * 400, originalTitle="y" * 400)))
    assert len(record.title) == len(record.original_title) == 300
    assert record.title.endswith("…")


# --- name.basics -----------------------------------------------------------------------------


def test_a_name_row_becomes_a_person():
    record = ok(
        staged(imdb.parse_name, imdb.NAME_BASICS, "nm0000001", "Fred Astaire", "1899", "1987")
    )
    assert record == StagedPerson(
        line=2,
        person="nm0000001",
        name="Fred Astaire",
        birth_year=1899,
        death_year=1987,
        slug="fred-astaire",
    )
    alive = ok(staged(imdb.parse_name, imdb.NAME_BASICS, "nm0000002", "Someone", N, N))
    assert (alive.birth_year, alive.death_year) == (None, None)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (("nm1", "A", "18x9", N), "birthYear '18x9' is not a year"),
        (("nm1", "A", "1900", "1899"), "deathYear 1899 is before birthYear 1900"),
        (("", "A", "1900", N), "nconst is empty"),
        (("tt1", "A", "1900", N), "nconst 'tt1' is not an IMDb id"),
        (("nm1", N, "1900", N), "primaryName is empty"),
    ],
)
def test_bad_name_rows_are_rejected(values, reason):
    assert rejected(staged(imdb.parse_name, imdb.NAME_BASICS, *values), reason)


# --- title.episode ---------------------------------------------------------------------------


def test_an_episode_row_links_episode_to_show():
    link = ok(imdb.parse_episode(row(imdb.TITLE_EPISODE, "tt0041951", "tt0041038", "1", "9")))
    assert link == EpisodeLink(Ref("imdb", "tt0041951"), Ref("imdb", "tt0041038"), 1, 9, line=2)
    special = ok(imdb.parse_episode(row(imdb.TITLE_EPISODE, "tt0031458", "tt32857063", N, N)))
    assert (special.season_number, special.episode_number) == (None, None)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (("tt1", "tt2", "one", "1"), "seasonNumber 'one' is not a whole number"),
        (("tt1", "tt2", "1", "1a"), "episodeNumber '1a' is not a whole number"),
        (("tt1", "tt2", "40000", "1"), "seasonNumber 40000 is outside 0–32767"),
        (("tt1", N, "1", "1"), "parentTconst is empty"),
        (("tt1", "tt1", "1", "1"), "the episode is its own show"),
    ],
)
def test_bad_episode_rows_are_rejected(values, reason):
    assert rejected(imdb.parse_episode(row(imdb.TITLE_EPISODE, *values)), reason)


# --- title.akas ------------------------------------------------------------------------------


def test_an_aka_keeps_region_language_and_types():
    record = staged(
        imdb.parse_aka, imdb.TITLE_AKAS, "tt0068646", "ゴッドファーザー", "JP", "ja", "dvd"
    )
    assert record == StagedAka(
        title="tt0068646", name="ゴッドファーザー", region="JP", language="ja", kind="dvd", line=2
    )
    several = ok(
        staged(imdb.parse_aka, imdb.TITLE_AKAS, "tt1", "Şey", "TR", "tr", "dvd\x02imdbDisplay")
    )
    assert several.kind == "dvd, imdbDisplay"
    bare = ok(staged(imdb.parse_aka, imdb.TITLE_AKAS, "tt1", "Carmencita", N, N, N))
    assert (bare.region, bare.language, bare.kind) == ("", "", "")


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (("tt1", N, "DE", N, N), "title is empty"),
        (("tt1", "X", "GERMANY", N, N), "region 'GERMANY' is not a region code"),
        (("tt1", "X", "DE", "deutsch-alt", N), "is not a language code"),
        (("", "X", "DE", N, N), "titleId is empty"),
    ],
)
def test_bad_aka_rows_are_rejected(values, reason):
    assert rejected(staged(imdb.parse_aka, imdb.TITLE_AKAS, *values), reason)


# --- title.ratings ---------------------------------------------------------------------------


def test_a_rating_row():
    record = staged(imdb.parse_rating, imdb.TITLE_RATINGS, "tt0068646", "9.2", "1814613")
    assert record == StagedRating(
        title="tt0068646", source="imdb", value="9.2", votes=1814613, line=2
    )
    # Other spellings of a number are checked and given the column's one decimal.
    assert ok(staged(imdb.parse_rating, imdb.TITLE_RATINGS, "tt1", "7", "5")).value == "7.0"
    assert ok(staged(imdb.parse_rating, imdb.TITLE_RATINGS, "tt1", "7.25", "5")).value == "7.2"
    assert ok(staged(imdb.parse_rating, imdb.TITLE_RATINGS, "tt1", "10", "5")).value == "10.0"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (("tt1", "nine", "10"), "averageRating 'nine' is not a number"),
        (("tt1", "11.0", "10"), "averageRating 11.0 is outside 0–10"),
        (("tt1", "NaN", "10"), "averageRating NaN is outside 0–10"),
        (("tt1", N, "10"), "averageRating is empty"),
        (("tt1", "5.0", "many"), "numVotes 'many' is not a whole number"),
    ],
)
def test_bad_rating_rows_are_rejected(values, reason):
    result = staged(imdb.parse_rating, imdb.TITLE_RATINGS, *values)
    assert rejected(result, reason)


# --- title.crew ------------------------------------------------------------------------------


def test_crew_rows_become_director_and_writer_credit_lists():
    assert imdb.parse_crew(7, ["tt1", "nm1,nm2", "nm1,nm3,nm3"]) == [
        (7, "tt1", "nm1,nm2", "directing", "Director"),
        (7, "tt1", "nm1,nm3", "writing", "Writer"),
    ]
    assert imdb.parse_crew(7, ["tt1", N, N]) == []
    assert imdb.parse_crew(7, ["tt1", "nm1, ,nm2", N]) == [
        (7, "tt1", "nm1,nm2", "directing", "Director")
    ]
    assert rejected(imdb.parse_crew(7, ["tt1", "nm1,x9", N]), "directors 'x9' is not")
    assert rejected(imdb.parse_crew(7, ["x1", "nm1", N]), "tconst 'x1' is not")
    assert rejected(imdb.parse_crew(7, ["tt1", "nm1\x00", N]), "the row contains a NUL")


# --- title.principals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "job", "department", "expected_job"),
    [
        ("actor", N, "acting", ""),
        ("actress", N, "acting", ""),
        ("self", N, "acting", ""),
        ("archive_footage", N, "acting", "Archive footage"),
        ("archive_sound", N, "acting", "Archive sound"),
        ("director", "co-director", "directing", "Director"),
        ("writer", N, "writing", "Writer"),
        ("writer", "screenplay", "writing", "Screenplay"),
        ("writer", "writer", "writing", "Writer"),
        ("producer", N, "production", "Producer"),
        ("producer", "executive producer", "production", "Executive producer"),
        ("composer", N, "sound", "Composer"),
        ("cinematographer", "director of photography", "camera", "Director of Photography"),
        ("editor", N, "editing", "Editor"),
        ("production_designer", N, "art", "Production Designer"),
        ("casting_director", N, "production", "Casting Director"),
        ("sound_designer", N, "crew", "Sound designer"),
        ("stunt_coordinator", "fight choreographer", "crew", "Fight choreographer"),
    ],
)
def test_categories_map_to_department_and_job(category, job, department, expected_job):
    record = ok(principal(category, job))
    assert isinstance(record, StagedCredit)
    assert (record.department, record.job, record.billing_order) == (
        department,
        expected_job,
        3,
    )


@pytest.mark.parametrize(
    ("cell", "character"),
    [
        ('["Maya"]', "Maya"),
        ('["Herself","Narrator"]', "Herself / Narrator"),
        ('"[""Self""]"', "Self"),  # head-50k-2025: re-written CSV-style
        ('"[""Dr. \\""Doc\\"" Brown""]"', 'Dr. "Doc" Brown'),
        ('["Snake \\"Plissken\\""]', 'Snake "Plissken"'),
        ("[]", ""),
        (N, ""),
        ('["A","A"," "]', "A"),
    ],
)
def test_characters_are_joined(cell, character):
    assert ok(principal("actor", characters=cell)).character == character


def test_crew_categories_drop_characters():
    assert ok(principal("director", characters='["Himself"]')).character == ""


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ('["Unclosed', "characters is not valid JSON"),
        ('"[""Half quoted""', "characters is not valid JSON"),
        ('{"name": "Maya"}', "characters is not a JSON list of names"),
        ("[1, 2]", "characters is not a JSON list of names"),
        ("42", "characters is not a JSON list of names"),
    ],
)
def test_broken_characters_are_rejected(cell, reason):
    assert rejected((principal("actor", characters=cell)), reason)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"ordering": "first"}, "ordering 'first' is not a whole number"),
        ({"nconst": ""}, "nconst is empty"),
        ({"category": N}, "category is empty"),
    ],
)
def test_bad_principal_rows_are_rejected(cells, reason):
    assert rejected((principal(**{"category": "actor", **cells})), reason)


def test_long_characters_are_cut_to_the_column():
    names = ",".join(f'"Character number {n}"' for n in range(60))
    record = ok(principal("actor", characters=f"[{names}]"))
    assert len(record.character) == 500


# --- folding repeated rows -------------------------------------------------------------------


def credit(title, person, character, order, line, job=""):
    return StagedCredit(
        title=title,
        person=person,
        department="acting",
        job=job,
        character=character,
        billing_order=order,
        line=line,
    )


def test_one_actor_in_several_parts_is_one_credit_on_every_row():
    rows = [
        credit("tt1", "nm1", "Bandit", 1, 2),
        credit("tt1", "nm2", "Engineer", 2, 3),
        credit("tt1", "nm1", "Shot Passenger", 3, 4),
        credit("tt1", "nm1", "Bandit", 4, 5),
        credit("tt2", "nm1", "Messenger Boy", 1, 6),
    ]
    folded = list(imdb.fold_repeated_credits(rows))
    assert [(r.line, r.character, r.billing_order) for r in folded] == [
        (2, "Bandit / Shot Passenger", 1),
        (3, "Engineer", 2),
        (4, "Bandit / Shot Passenger", 1),
        (5, "Bandit / Shot Passenger", 1),
        (6, "Messenger Boy", 1),
    ]


def test_different_jobs_are_not_folded():
    rows = [credit("tt1", "nm1", "A", 1, 2), credit("tt1", "nm1", "B", 2, 3, job="Archive footage")]
    assert list(imdb.fold_repeated_credits(rows)) == rows


def test_fold_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(folds, "FOLD_LIMIT", 2)  # read where the fold runs
    rows = [credit("tt1", "nm1", f"Part {n}", n, n + 2) for n in range(5)]
    folded = list(imdb.fold_repeated_credits(rows))
    assert [r.character for r in folded] == [
        "Part 0 / Part 1",
        "Part 0 / Part 1",
        "Part 2 / Part 3",
        "Part 2 / Part 3",
        "Part 4",
    ]


def test_the_same_aka_with_two_types_is_one_aka():
    rows = [
        StagedAka(2, "tt1", "Der Titel", "DE", "", "imdbDisplay"),
        StagedAka(3, "tt1", "Le Titre", "FR", "", ""),
        StagedAka(4, "tt1", "Der Titel", "DE", "", "dvd, imdbDisplay"),
    ]
    folded = list(imdb.fold_repeated_akas(rows))
    assert [(r.line, r.kind) for r in folded] == [
        (2, "imdbDisplay, dvd"),
        (3, ""),
        (4, "imdbDisplay, dvd"),
    ]


# --- the real samples ------------------------------------------------------------------------


def sample(name):
    folder = SAMPLES / name
    if not folder.is_dir():
        pytest.skip(f"the IMDb samples are not at {folder} (see PROVENANCE.md there)")
    return folder


@pytest.mark.parametrize("folder", ["head-50k-2025", "movies-subset-2022", "head-100-2021"])
def test_every_real_principals_row_parses(folder):
    path = sample(folder) / "title.principals.tsv"
    results = [
        imdb.parse_principal(r.line, imdb.TITLE_PRINCIPALS.pick(r.values))
        for r in read_rows(path, required=imdb.TITLE_PRINCIPALS.columns)
    ]
    assert [r for r in results if isinstance(r, Rejected)] == []
    characters = [r.character for r in results if isinstance(r, StagedCredit) and r.character]
    assert characters
    # No JSON or CSV quoting left over (quotes inside a name, 'Woman (segment "Fire")', stay).
    assert not [c for c in characters if c.startswith(("[", '"['))]


def test_the_real_csv_quoted_characters_read_as_names():
    path = sample("head-50k-2025") / "title.principals.tsv"
    rows = read_rows(path, required=imdb.TITLE_PRINCIPALS.columns)
    head = next(rows)  # tt0000001 nm1588970 self "[""Self""]"
    first = ok(imdb.parse_principal(head.line, imdb.TITLE_PRINCIPALS.pick(head.values)))
    assert (first.person, first.department, first.character) == (
        "nm1588970",
        "acting",
        "Self",
    )


@pytest.mark.parametrize(
    ("dataset", "parse"),
    [
        (imdb.NAME_BASICS, lambda r: imdb.parse_name(r.line, imdb.NAME_BASICS.pick(r.values))),
        (imdb.TITLE_BASICS, lambda r: imdb.parse_title(r.line, imdb.TITLE_BASICS.pick(r.values))),
        (imdb.TITLE_EPISODE, imdb.parse_episode),
        (imdb.TITLE_AKAS, lambda r: imdb.parse_aka(r.line, imdb.TITLE_AKAS.pick(r.values))),
        (imdb.TITLE_CREW, lambda r: imdb.parse_crew(r.line, imdb.TITLE_CREW.pick(r.values))),
    ],
)
def test_real_head_2021_rows_all_parse(dataset, parse):
    path = sample("head-100-2021") / dataset.filename
    results = [parse(r) for r in read_rows(path, required=dataset.columns)]
    assert len(results) == 99
    assert [r for r in results if isinstance(r, Rejected)] == []
