"""A key repeated within one batch: the last row wins, on both write paths.

The record path (`titles_upsert`, `people_upsert`, `credits_upsert` ...) and the staged SQL
path (`titles_upsert_staged`, `keyed_upsert_staged` ...) are asked the same question: the
same external id (or natural key) twice in one call, with different values, both for a row
that is new and for one already in the catalogue. Run on SQLite and PostgreSQL alike.
"""

import datetime
from decimal import Decimal

import pytest

from cinemeter.catalog import bulk
from cinemeter.catalog.bulk import (
    ALTERNATIVE_TITLES,
    RATINGS,
    CompanyRecord,
    CreditRecord,
    EpisodeRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    StagedAka,
    StagedCredit,
    StagedPerson,
    StagedRating,
    StagedTitle,
    TitleRecord,
)
from cinemeter.catalog.models import (
    AlternativeTitle,
    Company,
    Credit,
    Department,
    ExternalRating,
    Person,
    Title,
    TitleKind,
)
from cinemeter.core.counters import counters_recount
from cinemeter.core.text import slug_of

HEAT = Ref("imdb", "tt0113277")
PACINO = Ref("imdb", "nm0000199")
FETCHED = datetime.datetime(2025, 1, 2, 3, 4, tzinfo=datetime.UTC)


def title_rows(path, runtimes, *, line=2):
    """One batch naming HEAT once per runtime, in that order."""
    if path == "record":
        return [
            TitleRecord(
                ref=HEAT,
                kind=TitleKind.MOVIE,
                title="Heat",
                year=1995,
                runtime_minutes=minutes,
                line=line + i,
            )
            for i, minutes in enumerate(runtimes)
        ]
    return [
        StagedTitle(
            line + i,
            HEAT.value,
            TitleKind.MOVIE,
            "Heat",
            "Heat",
            1995,
            None,
            minutes,
            (),
            slug_of("Heat 1995"),
        )
        for i, minutes in enumerate(runtimes)
    ]


def titles_write(path, rows):
    if path == "record":
        return bulk.titles_upsert(rows)
    return bulk.titles_upsert_staged(rows, source="imdb")


def people_write(path, names):
    if path == "record":
        return bulk.people_upsert([PersonRecord(ref=PACINO, name=name) for name in names])
    rows = [
        StagedPerson(2 + i, PACINO.value, name, None, None, slug_of(name))
        for i, name in enumerate(names)
    ]
    return bulk.people_upsert_staged(rows, source="imdb")


def credits_write(path, characters):
    if path == "record":
        rows = [
            CreditRecord(
                title=HEAT,
                person=PACINO,
                department=Department.ACTING,
                character=character,
                billing_order=i + 1,
                line=2 + i,
            )
            for i, character in enumerate(characters)
        ]
        return bulk.credits_upsert(rows)
    staged = [
        StagedCredit(2 + i, HEAT.value, PACINO.value, Department.ACTING, "", character, i + 1)
        for i, character in enumerate(characters)
    ]
    return bulk.credits_upsert_staged(staged, source="imdb")


def ratings_write(path, values):
    if path == "record":
        rows = [
            RatingRecord(
                title=HEAT,
                source="imdb",
                value=Decimal(value),
                votes=votes,
                fetched_at=FETCHED,
                line=2 + i,
            )
            for i, (value, votes) in enumerate(values)
        ]
        return bulk.ratings_upsert(rows)
    staged = [
        StagedRating(2 + i, HEAT.value, "imdb", value, votes)
        for i, (value, votes) in enumerate(values)
    ]
    return bulk.keyed_upsert_staged(RATINGS, staged, source="imdb", stamps=[FETCHED])


def heat():
    return Title.objects.get(external_ids__source="imdb", external_ids__value=HEAT.value)


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_new_title_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [100, 170]))
    assert Title.objects.count() == 1
    assert heat().runtime_minutes == 170
    assert heat().slug == "heat-1995"
    assert counters_recount(fix=False) == []


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_known_title_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [90]))
    titles_write(path, title_rows(path, [100, 170]))
    assert heat().runtime_minutes == 170


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_person_twice_in_a_batch(path):
    people_write(path, ["Al Pacino", "Alfredo James Pacino"])
    assert Person.objects.get().name == "Alfredo James Pacino"
    people_write(path, ["Al", "Alfredo"])
    assert Person.objects.get().name == "Alfredo"


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_credit_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [170]))
    people_write(path, ["Al Pacino"])
    credits_write(path, ["Vincent Hanna", "Lt. Vincent Hanna"])
    credit = Credit.objects.get()
    assert (credit.character, credit.billing_order) == ("Lt. Vincent Hanna", 2)
    credits_write(path, ["Hanna", "Vincent"])
    assert Credit.objects.get().character == "Vincent"
    assert counters_recount(fix=False) == []


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_rating_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [170]))
    ratings_write(path, [("8.2", 100), ("8.3", 200)])
    assert ExternalRating.objects.get().votes == 200
    ratings_write(path, [("8.4", 300), ("8.5", 400)])
    assert ExternalRating.objects.get().votes == 400


def test_an_aka_twice_in_a_batch():
    """Only the staged path writes AKAs (IMDb's title.akas)."""
    titles_write("staged", title_rows("staged", [170]))
    aka = StagedAka(2, HEAT.value, "Heat - Im Auge des Sturms", "DE", "", "imdbDisplay")
    bulk.keyed_upsert_staged(
        ALTERNATIVE_TITLES, [aka, aka._replace(line=3, kind="dvd")], source="imdb"
    )
    assert AlternativeTitle.objects.get().kind == "dvd"


def test_a_company_twice_in_a_batch():
    """Only the record path writes companies (TMDb's documents)."""
    ref = Ref("tmdb_company", "508")
    bulk.companies_upsert(
        [CompanyRecord(ref, "Regency"), CompanyRecord(ref, "Regency Enterprises")]
    )
    assert Company.objects.get().name == "Regency Enterprises"
    bulk.companies_upsert([CompanyRecord(ref, "New Regency"), CompanyRecord(ref, "Regency Ent.")])
    assert Company.objects.get().name == "Regency Ent."


def test_the_staged_path_counts_every_earlier_row_of_a_key_as_unchanged():
    """Each line of an IMDb file ends as one outcome: the run's counts add up to what was read."""
    result = titles_write("staged", title_rows("staged", [100, 120, 170]))
    assert (result.created, result.updated, result.unchanged) == (1, 0, 2)
    result = titles_write("staged", title_rows("staged", [90, 95]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)


def test_an_episode_placed_twice_in_a_batch_takes_the_last_place():
    show = Ref("imdb", "tt0108778")
    bulk.titles_upsert([TitleRecord(ref=show, kind=TitleKind.SERIES, title="Friends", year=1994)])
    pilot = Ref("imdb", "tt0583459")
    details = TitleRecord(ref=pilot, kind=TitleKind.EPISODE, title="The Pilot", year=1994)
    placed = [
        EpisodeRecord(pilot, show, 1, 2, details=details, line=7),
        EpisodeRecord(pilot, show, 1, 1, details=details, line=9),
    ]
    result = bulk.episodes_upsert(placed)
    assert result.created == 1
    assert [(r.line, r.reason) for r in result.rejections] == [
        (7, "tt0583459 is listed again on line 9, which is used")
    ]
    episode = Title.objects.get(kind=TitleKind.EPISODE)
    assert (episode.season_number, episode.episode_number) == (1, 1)
