"""`manage.py reslug`: the slugs the ASCII-only rule made unreadable move to readable ones, with
redirects from the old; slugs an editor chose and readable slugs stay; a second run does nothing.

The rows are made as a database from before transliteration has them: with the slugs Django's
`slugify` gave ("Сталкер" 1979 got "1979").
"""

from io import StringIO

import pytest
from django.core.management import call_command

from cinemeter.catalog import services
from cinemeter.catalog.models import Company, Person, SlugKind, SlugRedirect, Title, TitleKind
from cinemeter.core.page_cache import versions_read
from cinemeter.search.models import DocumentKind, SearchDocument


def _film(name: str, year: int | None, slug: str) -> Title:
    return services.title_create(kind=TitleKind.MOVIE, title=name, year=year, slug=slug)


@pytest.fixture
def before():
    """An upgraded database's rows, by the slug they have; the expected slug after."""
    show = services.title_create(kind=TitleKind.SERIES, title="Бригада", year=2002, slug="2002")
    season = services.season_create(show=show, season_number=1)
    episode = services.episode_create(season=season, episode_number=1, title="Серия 1")
    assert (season.slug, episode.slug) == ("2002-season-1", "2002-s01e01")
    _film("Stalker", 1979, "stalker-1979")  # a readable title that has the base already
    services.person_create(name="Søren Ærø", slug="sren-r")
    services.person_create(name="Андрей", slug="person")
    Company.objects.create(name="Ørnen & Co", slug="rnen-co")
    return {
        "2002": "brigada-2002",
        "2002-season-1": "brigada-2002-season-1",
        "2002-s01e01": "brigada-2002-s01e01",
        _film("Сталкер", 1979, "1979-imdbtt0079944").slug: "stalker-1979-2",
        _film("Идиот", None, "title").slug: "idiot",
        _film("Солярис", 1972, "1972").slug: "solyaris-1972",
        _film("Солярис", 1972, "1972-2").slug: "solyaris-1972-2",
        # Left alone: readable already, or chosen by an editor.
        _film("Amélie", 2001, "amelie-2001").slug: "amelie-2001",
        _film("Сталкер", 1980, "stalker-tarkovsky").slug: "stalker-tarkovsky",
        "stalker-1979": "stalker-1979",
    }


def test_check_lists_the_moves_and_changes_nothing(before):
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("reslug", "--check", stdout=out)
    assert exit_.value.code == 1
    assert "title 'Бригада': 2002 -> brigada-2002" in out.getvalue()
    assert "10 slugs would move." in out.getvalue()
    assert set(before) <= set(Title.objects.values_list("slug", flat=True))
    assert not SlugRedirect.objects.exists()


def test_unreadable_slugs_move_and_redirect(client, before):
    catalogue_version = versions_read(["catalogue"])[0]
    out = StringIO()
    call_command("reslug", stdout=out)
    assert "Moved 10 slugs" in out.getvalue()
    titles = dict(Title.objects.values_list("slug", "title"))
    assert set(titles) == set(before.values())
    assert set(Person.objects.values_list("slug", flat=True)) == {"soren-aero", "andrey"}
    assert Company.objects.get().slug == "ornen-co"
    assert SlugRedirect.objects.filter(kind=SlugKind.COMPANY, old_slug="rnen-co").exists()
    for old, new in before.items():
        if old == new:
            assert client.get(f"/title/{old}/").status_code == 200
        else:
            response = client.get(f"/title/{old}/")
            assert response.status_code == 301, old
            assert response["Location"] == f"/title/{new}/"
    response = client.get("/person/sren-r/", follow=True)
    assert response.redirect_chain == [("/person/soren-aero/", 301)]
    assert "Søren Ærø" in response.text
    # Search holds the new addresses at once, and every cached page is renewed.
    show = Title.objects.get(slug="brigada-2002")
    document = SearchDocument.objects.get(kind=DocumentKind.SHOW, object_id=show.pk)
    assert document.url == "/title/brigada-2002/"
    assert versions_read(["catalogue"])[0] > catalogue_version


def test_a_second_run_finds_nothing(before):
    call_command("reslug", stdout=StringIO())
    redirects = SlugRedirect.objects.count()
    out = StringIO()
    call_command("reslug", stdout=out)
    assert "Every slug is readable." in out.getvalue()
    call_command("reslug", "--check", stdout=StringIO())  # exits 0: nothing to move
    assert SlugRedirect.objects.count() == redirects == 10
