"""Names in any script get readable slugs, on every write path, and search spells them alike."""

from datetime import date

import pytest

from cinemeter.catalog import bulk, services
from cinemeter.catalog.bulk import CompanyRecord, PersonRecord, Ref, StagedTitle, TitleRecord
from cinemeter.catalog.models import Company, Person, Title, TitleKind
from cinemeter.catalog.slugs import slug_text, title_slug_source
from cinemeter.releases.editions.models import Edition
from cinemeter.releases.editions.services import edition_base_slug

TITLES = [
    ("Сталкер", 1979, "stalker-1979"),  # Cyrillic
    ("Ο Θίασος", 1975, "o-thiasos-1975"),  # Greek
    ("となりのトトロ", 1988, "tonarinototoro-1988"),  # Japanese kana
    ("東京物語", 1953, "dongjingwuyu-1953"),  # kanji, spelt as anyascii spells them
    ("Kærlighed på film", 2007, "kaerlighed-pa-film-2007"),  # Danish
    ("Ørnen", 2004, "ornen-2004"),
]


@pytest.mark.parametrize(("name", "year", "slug"), TITLES)
def test_a_title_in_any_script_gets_a_readable_slug_from_the_services(client, name, year, slug):
    title = services.title_create(kind=TitleKind.MOVIE, title=name, year=year)
    assert title.slug == slug
    response = client.get(f"/title/{slug}/")
    assert response.status_code == 200
    assert name in response.text


@pytest.mark.parametrize(("name", "year", "slug"), TITLES)
def test_both_import_paths_give_the_same_readable_slug(name, year, slug):
    bulk.titles_upsert(
        [TitleRecord(ref=Ref("imdb", "tt0000001"), kind="movie", title=name, year=year)]
    )
    staged = StagedTitle(
        2,
        "tt0000002",
        TitleKind.MOVIE,
        name,
        name,
        year,
        None,
        None,
        (),
        slug_text(title_slug_source(name, year)),
    )
    bulk.titles_upsert_staged([staged], source="imdb")
    # The second is the same name and year: it carries its IMDb id, as any clash does.
    assert sorted(Title.objects.values_list("slug", flat=True)) == [slug, f"{slug}-imdbtt0000002"]


def test_people_and_companies_in_any_script_get_readable_slugs():
    services.person_create(name="Søren Ærø")
    bulk.people_upsert([PersonRecord(ref=Ref("imdb", "nm0000001"), name="Андрей Тарковский")])
    bulk.companies_upsert([CompanyRecord(Ref("tmdb_company", "1"), "Ørnen & Co")])
    assert set(Person.objects.values_list("slug", flat=True)) == {
        "soren-aero",
        "andrey-tarkovskiy",
    }
    assert Company.objects.get().slug == "ornen-co"


def test_an_edition_is_slugged_as_the_catalogue_is():
    edition = Edition(name="限定版", format="blu-ray", release_date=date(2020, 5, 26))
    assert edition_base_slug(edition) == "xiandingban-blu-ray-2020"
    edition = Edition(name="Collector's Edition", format="blu-ray", release_date=date(2020, 5, 26))
    assert edition_base_slug(edition) == "collectors-edition-blu-ray-2020"


def test_a_search_for_stalker_finds_the_film_at_its_readable_address(client):
    services.title_create(kind=TitleKind.MOVIE, title="Сталкер", year=1979)
    response = client.get("/search/", {"q": "stalker"})
    assert response.status_code == 200
    assert "Сталкер" in response.text
    assert 'href="/title/stalker-1979/"' in response.text
