"""One slug rule for every writer: the slugs it gives are the ones the writers gave before,
except that letters Django's `slugify` could not spell are now transliterated.

The expected values below were produced by the code each writer had before the rule moved
into `catalog.slugs` (ASCII, as Django's `slugify`), but for the names in other scripts,
which now read as their letters ("東京物語" was "1953"). Both write paths are checked to name
a clashing new row alike.
"""

import pytest

from cinemeter.catalog import bulk, slugs
from cinemeter.catalog.bulk import (
    CompanyRecord,
    PersonRecord,
    Ref,
    StagedPerson,
    StagedTitle,
    TitleRecord,
)
from cinemeter.catalog.models import Company, Person, Title, TitleKind
from tests.catalog.factories import TitleFactory

WORDS = "word " * 60

SLUGS = [
    # text, base, fallback with an IMDb id, fallback with a TMDb company id
    ("Heat 1995", "heat-1995", "heat-1995-imdbtt0113277", "heat-1995-tmdb_company-508"),
    ("Amélie 2001", "amelie-2001", "amelie-2001-imdbtt0113277", "amelie-2001-tmdb_company-508"),
    (
        "東京物語 1953",
        "dongjingwuyu-1953",
        "dongjingwuyu-1953-imdbtt0113277",
        "dongjingwuyu-1953-tmdb_company-508",
    ),
    ("Сталкер 1979", "stalker-1979", "stalker-1979-imdbtt0113277", "stalker-1979-tmdb_company-508"),
    (
        "Léon: The Professional",
        "leon-the-professional",
        "leon-the-professional-imdbtt0113277",
        "leon-the-professional-tmdb_company-508",
    ),
    (
        "  --Hello, World!--  ",
        "hello-world",
        "hello-world-imdbtt0113277",
        "hello-world-tmdb_company-508",
    ),
    ("", "title", "title-imdbtt0113277", "title-tmdb_company-508"),
    ("Ænima_ _x", "aenima_-_x", "aenima_-_x-imdbtt0113277", "aenima_-_x-tmdb_company-508"),
    ("8½", "812", "812-imdbtt0113277", "812-tmdb_company-508"),
    (
        WORDS,
        "-".join(["word"] * 36),
        "-".join(["word"] * 36) + "-imdbtt0113277",
        "-".join(["word"] * 36) + "-tmdb_company-508",
    ),
]


@pytest.mark.parametrize(("text", "base", "imdb", "company"), SLUGS)
def test_bases_and_fallbacks_are_the_ones_given_before(text, base, imdb, company):
    assert slugs.slug_base(text, "title") == base
    assert slugs.slug_fallback(base, "imdb:tt0113277") == imdb
    assert slugs.slug_fallback(base, "tmdb_company 508") == company


def test_a_fallback_is_cut_to_the_title_column():
    base = slugs.slug_base("x" * 300, "title")
    assert len(base) == 180
    assert slugs.slug_fallback(base, "source:" + "9" * 50) == (base + "-source" + "9" * 50)[:200]


def test_free_slugs_numbers_a_taken_fallback_and_builds_fallbacks_only_when_needed():
    TitleFactory.create(slug="heat-1995")
    TitleFactory.create(slug="heat-1995-imdbtt0113277")
    asked = []

    def fallback(key, base):
        asked.append(key)
        return slugs.slug_fallback(base, key)

    bases = {"imdb:tt0113277": "heat-1995", "imdb:tt0000001": "alien-1979"}
    chosen = slugs.free_slugs(Title, bases, fallback)
    assert chosen == {"imdb:tt0113277": "heat-1995-imdbtt0113277-2", "imdb:tt0000001": "alien-1979"}
    assert set(asked) == {"imdb:tt0113277"}


@pytest.mark.parametrize("path", ["record", "staged"])
def test_both_paths_name_a_clashing_title_and_person_alike(path):
    TitleFactory.create(title="Heat", year=1995, slug="heat-1995")
    heat, pacino = Ref("imdb", "tt0113277"), Ref("imdb", "nm0000199")
    names = ["Al Pacino", "Al Pacino"]  # two people of one name: the second gets the fallback
    people = [pacino, Ref("imdb", "nm9999999")]
    if path == "record":
        bulk.titles_upsert([TitleRecord(ref=heat, kind=TitleKind.MOVIE, title="Heat", year=1995)])
        bulk.people_upsert(
            [PersonRecord(ref=r, name=n) for r, n in zip(people, names, strict=True)]
        )
    else:
        slug = slugs.slug_text(slugs.title_slug_source("Heat", 1995))
        row = StagedTitle(
            2, heat.value, TitleKind.MOVIE, "Heat", "Heat", 1995, None, None, (), slug
        )
        bulk.titles_upsert_staged([row], source="imdb")
        staged = [
            StagedPerson(2 + i, r.value, n, None, None, slugs.slug_text(n))
            for i, (r, n) in enumerate(zip(people, names, strict=True))
        ]
        bulk.people_upsert_staged(staged, source="imdb")
    assert Title.objects.filter(slug="heat-1995-imdbtt0113277").exists()
    assert sorted(Person.objects.values_list("slug", flat=True)) == [
        "al-pacino",
        "al-pacino-imdbnm9999999",
    ]


def test_a_company_of_a_taken_name_gets_its_source_id():
    bulk.companies_upsert([CompanyRecord(Ref("tmdb_company", "1"), "Regency")])
    bulk.companies_upsert([CompanyRecord(Ref("tmdb_company", "508"), "Regency")])
    assert sorted(Company.objects.values_list("slug", flat=True)) == [
        "regency",
        "regency-tmdb_company-508",
    ]
