"""A key repeated within one batch: which row's values the catalogue keeps, on both paths.

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
from cinemeter.catalog.bulk.companies import companies_upsert
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

# Which row of a repeated key each path keeps today ("first" or "last").
WINNER = {"record": "last", "staged": "first"}


def pick(path, first, last):
    return first if WINNER[path] == "first" else last


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
    assert heat().runtime_minutes == pick(path, 100, 170)
    assert heat().slug == "heat-1995"
    assert counters_recount(fix=False) == []


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_known_title_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [90]))
    titles_write(path, title_rows(path, [100, 170]))
    assert heat().runtime_minutes == pick(path, 100, 170)


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_person_twice_in_a_batch(path):
    people_write(path, ["Al Pacino", "Alfredo James Pacino"])
    assert Person.objects.get().name == pick(path, "Al Pacino", "Alfredo James Pacino")
    people_write(path, ["Al", "Alfredo"])
    assert Person.objects.get().name == pick(path, "Al", "Alfredo")


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_credit_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [170]))
    people_write(path, ["Al Pacino"])
    credits_write(path, ["Vincent Hanna", "Lt. Vincent Hanna"])
    credit = Credit.objects.get()
    assert (credit.character, credit.billing_order) == pick(
        path, ("Vincent Hanna", 1), ("Lt. Vincent Hanna", 2)
    )
    credits_write(path, ["Hanna", "Vincent"])
    assert Credit.objects.get().character == pick(path, "Hanna", "Vincent")
    assert counters_recount(fix=False) == []


@pytest.mark.parametrize("path", ["record", "staged"])
def test_a_rating_twice_in_a_batch(path):
    titles_write(path, title_rows(path, [170]))
    ratings_write(path, [("8.2", 100), ("8.3", 200)])
    assert ExternalRating.objects.get().votes == pick(path, 100, 200)
    ratings_write(path, [("8.4", 300), ("8.5", 400)])
    assert ExternalRating.objects.get().votes == pick(path, 300, 400)


def test_an_aka_twice_in_a_batch():
    """Only the staged path writes AKAs (IMDb's title.akas)."""
    titles_write("staged", title_rows("staged", [170]))
    aka = StagedAka(2, HEAT.value, "Heat - Im Auge des Sturms", "DE", "", "imdbDisplay")
    bulk.keyed_upsert_staged(
        ALTERNATIVE_TITLES, [aka, aka._replace(line=3, kind="dvd")], source="imdb"
    )
    assert AlternativeTitle.objects.get().kind == pick("staged", "imdbDisplay", "dvd")


def test_a_company_twice_in_a_batch():
    """Only the record path writes companies (TMDb's documents)."""
    ref = Ref("tmdb_company", "508")
    companies_upsert([CompanyRecord(ref, "Regency"), CompanyRecord(ref, "Regency Enterprises")])
    assert Company.objects.get().name == pick("record", "Regency", "Regency Enterprises")
    companies_upsert([CompanyRecord(ref, "New Regency"), CompanyRecord(ref, "Regency Ent.")])
    assert Company.objects.get().name == pick("record", "New Regency", "Regency Ent.")
