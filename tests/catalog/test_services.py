"""Catalogue services keep slugs unique and the site counters exact."""

from io import StringIO

import pytest
from django.core.management import call_command

from cinemeter.catalog import services
from cinemeter.catalog.models import Credit, Department, Person, Title, TitleKind
from cinemeter.core.counters import counters_read, counters_recount
from tests.catalog.factories import PersonFactory, TitleFactory, add_actor


def counts():
    values = counters_read()
    return {name: values[name] for name in ("movies", "shows", "seasons", "actors")}


def assert_no_drift():
    assert counters_recount(fix=False) == []


def test_slugs_follow_title_and_year_and_never_collide():
    first = TitleFactory.create(title="Escape from L.A.", year=1996)
    second = TitleFactory.create(title="Escape from L.A.", year=1996)
    assert first.slug == "escape-from-la-1996"
    assert second.slug == "escape-from-la-1996-2"
    assert TitleFactory.create(title="東京物語", year=1953).slug == "dongjingwuyu-1953"
    assert TitleFactory.create(title="???", year=1953).slug == "title-1953"


def test_original_title_defaults_to_display_title():
    assert TitleFactory.create(title="They Live").original_title == "They Live"


def test_seasons_and_episodes_get_show_based_slugs():
    show = TitleFactory.create(kind=TitleKind.SERIES, title="Masters of Horror", year=2005)
    season = services.season_create(show=show, season_number=2)
    episode = services.episode_create(season=season, episode_number=7, title="Pro-Life")
    assert season.slug == "masters-of-horror-2005-season-2"
    assert season.title == "Masters of Horror: Season 2"
    assert episode.slug == "masters-of-horror-2005-s02e07"
    assert episode.season_number == 2


def test_only_shows_have_seasons_and_only_seasons_have_episodes():
    film = TitleFactory.create()
    with pytest.raises(ValueError, match="not a show"):
        services.season_create(show=film, season_number=1)
    with pytest.raises(ValueError, match="not a season"):
        services.episode_create(season=film, episode_number=1, title="x")


def test_counters_move_with_every_write():
    assert counts() == {"movies": 0, "shows": 0, "seasons": 0, "actors": 0}
    film = TitleFactory.create()
    TitleFactory.create(kind=TitleKind.TV_MOVIE)
    show = TitleFactory.create(kind=TitleKind.SERIES)
    season = services.season_create(show=show, season_number=1)
    services.season_create(show=show, season_number=2)
    services.episode_create(season=season, episode_number=1, title="Pilot")
    assert counts() == {"movies": 2, "shows": 1, "seasons": 2, "actors": 0}

    credit = add_actor(film, "Kurt Russell", "Snake Plissken", 0)
    # A second acting credit of the same person does not make a second actor.
    services.credit_add(
        title=show,
        person=credit.person,
        department=Department.ACTING,
        character="Himself",
        billing_order=0,
    )
    # Crew are not actors.
    services.credit_add(
        title=film, person=PersonFactory.create(), department=Department.DIRECTING, job="Director"
    )
    assert counts()["actors"] == 1
    assert_no_drift()

    services.credits_delete(Credit.objects.filter(title=film, department=Department.ACTING))
    assert counts()["actors"] == 1  # still acting in the show
    services.title_delete(show)  # takes its seasons, episodes and credits with it
    assert counts() == {"movies": 2, "shows": 0, "seasons": 0, "actors": 0}
    assert_no_drift()


def test_changing_kind_moves_the_title_between_counters():
    title = TitleFactory.create(kind=TitleKind.MOVIE)
    title.kind = TitleKind.MINISERIES
    services.title_save(title)
    assert counts()["movies"] == 0
    assert counts()["shows"] == 1
    assert_no_drift()


def test_deleting_people_updates_actors():
    film = TitleFactory.create()
    add_actor(film, "A", "One", 0)
    add_actor(film, "B", "Two", 1)
    services.people_delete(Person.objects.filter(name="A"))
    assert counts()["actors"] == 1
    assert_no_drift()


def test_recount_command_reports_and_fixes_drift():
    TitleFactory.create()
    Title.objects.create(kind=TitleKind.MOVIE, title="Raw write", slug="raw-write")

    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("recount_counters", "--check", stdout=out)
    assert exit_info.value.code == 1
    assert "drift: movies was 1, actually 2 (+1)" in out.getvalue()
    assert counts()["movies"] == 1  # --check changes nothing

    out = StringIO()
    call_command("recount_counters", stdout=out)
    assert "Fixed 1 drifted counter(s)." in out.getvalue()
    assert counts()["movies"] == 2
    out = StringIO()
    call_command("recount_counters", stdout=out)
    assert "no drift" in out.getvalue()
