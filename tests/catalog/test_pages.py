"""Every catalogue page over real HTTP: status, key content, and a fixed query budget."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cinemeter.catalog import services
from cinemeter.catalog.models import (
    Country,
    Department,
    ExternalSource,
    Genre,
    Image,
    ImageKind,
    ReleaseDate,
    ReleaseType,
    TitleKind,
    Video,
    VideoKind,
    VideoProvider,
)
from cinemeter.core.counters import counter_add
from tests.catalog.factories import PersonFactory, TitleFactory, add_actor, add_crew


@pytest.fixture
def film():
    action = Genre.objects.create(name="Action", slug="action")
    scifi = Genre.objects.create(name="Sci-Fi", slug="sci-fi")
    usa = Country.objects.create(code="US", name="United States")
    title = services.title_create(
        kind=TitleKind.MOVIE,
        title="Escape from L.A.",
        year=1996,
        runtime_minutes=101,
        release_date=datetime.date(1996, 8, 9),
        tagline="Snake is back.",
        plot="A one-eyed outlaw is sent into a walled city.",
        original_language="en",
        genres=[action, scifi],
        countries=[usa],
    )
    add_crew(title, "John Carpenter", Department.DIRECTING, "Director")
    add_actor(title, "Kurt Russell", "Snake Plissken", 0)
    add_actor(title, "Stacy Keach", "Cmdr. Malloy", 1)
    add_actor(title, "Steve Buscemi", "Map to the Stars Eddie", 2)
    add_actor(title, "Bruce Campbell", "Surgeon General of Beverly Hills", 3)
    services.external_rating_set(
        title=title,
        source=ExternalSource.IMDB,
        value=Decimal("5.7"),
        votes=81665,
        fetched_at=timezone.now(),
    )
    services.external_id_set(source=ExternalSource.IMDB, value="tt0116225", title=title)
    ReleaseDate.objects.create(
        title=title, country=usa, type=ReleaseType.THEATRICAL, date=datetime.date(1996, 8, 9)
    )
    Image.objects.create(
        title=title,
        kind=ImageKind.POSTER,
        remote_url="https://images.example.org/poster.jpg",
        attribution="TMDb",
    )
    Video.objects.create(
        title=title,
        kind=VideoKind.TRAILER,
        name="Official trailer",
        provider=VideoProvider.YOUTUBE,
        key="trailer1",
        language="en",
        duration_seconds=150,
    )
    Video.objects.create(
        title=title,
        kind=VideoKind.TV_SPOT,
        name="TV spot",
        provider=VideoProvider.YOUTUBE,
        key="spot1",
    )
    return title


def add_many_credits(title, count):
    for n in range(count):
        add_actor(title, f"Extra {title.pk}-{n}", f"Citizen {n}", 10 + n)
        add_crew(title, f"Grip {title.pk}-{n}", Department.CREW, f"Grip {n}")


def get(client: Client, url: str, django_assert_max_num_queries, budget: int):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response, len(captured.captured_queries)


def test_title_page_shows_every_fact(client, film, django_assert_max_num_queries):
    response, _ = get(client, film.get_absolute_url(), django_assert_max_num_queries, 15)
    html = response.content.decode()
    for fact in (
        "Escape from L.A.",
        "(1996)",
        "Action",
        "Sci-Fi",
        "101 minutes",
        "United States",
        "Directed by",
        "John Carpenter",
        "No votes yet",
        "5.7",
        "(81,665 votes)",
        "9 August 1996",
        "Snake is back.",
        "A one-eyed outlaw",
        "Image: TMDb",
        "Trailer &amp; other videos",
        "Official trailer",
        "TV spot",
        "2:30",
        "Full cast &amp; crew",
        "English",
    ):
        assert fact in html, fact
    assert ">Kurt Russell</a>, <a" in html
    assert ">Stacy Keach</a> and <a" in html  # "A, B and C"
    stars = html.split('class="stars"')[1].split("</dd>")[0]
    assert "Steve Buscemi" in stars
    assert "Bruce Campbell" not in stars  # only the top three billed


def test_a_person_with_two_writing_credits_is_named_once(client, film):
    carpenter = film.credits.get(department=Department.DIRECTING).person
    services.credit_add(
        title=film, person=carpenter, department=Department.WRITING, job="Screenplay"
    )
    services.credit_add(
        title=film, person=carpenter, department=Department.WRITING, job="Characters"
    )
    html = client.get(film.get_absolute_url()).content.decode()
    writers = html.split('class="writers"')[1].split("</dd>")[0]
    assert writers.count("John Carpenter") == 1


def test_title_page_query_count_does_not_grow(client, film, django_assert_max_num_queries):
    _, before = get(client, film.get_absolute_url(), django_assert_max_num_queries, 15)
    add_many_credits(film, 40)
    for n in range(20):
        TitleFactory.create(title=f"Other {n}")
    _, after = get(client, film.get_absolute_url(), django_assert_max_num_queries, 15)
    assert after == before


def test_credits_page_lists_cast_in_billing_order_and_crew_by_department(
    client, film, django_assert_max_num_queries
):
    url = f"{film.get_absolute_url()}cast/"
    response, before = get(client, url, django_assert_max_num_queries, 10)
    html = response.content.decode()
    order = [
        html.index(name)
        for name in ("Kurt Russell", "Stacy Keach", "Steve Buscemi", "Bruce Campbell")
    ]
    assert order == sorted(order)
    assert "Surgeon General of Beverly Hills" in html
    assert "Directing" in html
    add_many_credits(film, 30)
    response, after = get(client, url, django_assert_max_num_queries, 10)
    assert after == before
    assert "Citizen 29" in response.content.decode()


def test_person_page_groups_filmography_newest_first(client, film, django_assert_max_num_queries):
    carpenter = film.credits.get(department=Department.DIRECTING).person
    older = TitleFactory.create(title="Escape from New York", year=1981)
    services.credit_add(
        title=older, person=carpenter, department=Department.DIRECTING, job="Director"
    )
    services.credit_add(title=older, person=carpenter, department=Department.SOUND, job="Composer")
    response, before = get(client, carpenter.get_absolute_url(), django_assert_max_num_queries, 10)
    html = response.content.decode()
    directing = html.split("filmography-directing")[1].split("</section>")[0]
    assert directing.index("Escape from L.A.") < directing.index("Escape from New York")
    assert "Music &amp; sound" in html
    for n in range(15):
        services.credit_add(
            title=TitleFactory.create(year=1970 + n),
            person=carpenter,
            department=Department.WRITING,
            job="Writer",
        )
    _, after = get(client, carpenter.get_absolute_url(), django_assert_max_num_queries, 10)
    assert after == before


def test_actor_page_shows_characters(client, film):
    russell = film.credits.get(character="Snake Plissken").person
    html = client.get(russell.get_absolute_url()).content.decode()
    assert "as Snake Plissken" in html


@pytest.fixture
def show():
    series = TitleFactory.create(
        kind=TitleKind.SERIES, title="Masters of Horror", year=2005, end_year=2007
    )
    seasons = [services.season_create(show=series, season_number=n, year=2004 + n) for n in (1, 2)]
    for season in seasons:
        for number in (1, 2, 3):
            services.episode_create(
                season=season,
                episode_number=number,
                title=f"Tale {season.season_number}.{number}",
                release_date=datetime.date(2004 + (season.season_number or 0), 10, number),
            )
    return series


def test_show_lists_seasons_and_season_lists_episodes(client, show, django_assert_max_num_queries):
    html = get(client, show.get_absolute_url(), django_assert_max_num_queries, 15)[0]
    html = html.content.decode()
    assert "(2005–2007)" in html
    assert "Season 1" in html
    assert "Season 2" in html
    season = show.children.get(season_number=2)
    html = get(client, season.get_absolute_url(), django_assert_max_num_queries, 15)[0]
    html = html.content.decode()
    assert "Tale 2.1" in html
    assert "Tale 2.3" in html
    assert "Masters of Horror" in html


def test_episode_links_to_previous_and_next_across_seasons(
    client, show, django_assert_max_num_queries
):
    last_of_first = show.children.get(season_number=1).children.get(episode_number=3)
    # 15, and one for the editions panel of the releases app (none on this episode).
    response, _ = get(client, last_of_first.get_absolute_url(), django_assert_max_num_queries, 16)
    html = response.content.decode()
    assert 'rel="prev"' in html
    assert "Tale 1.2" in html
    assert "Next: S02E01 Tale 2.1" in html
    first = show.children.get(season_number=1).children.get(episode_number=1)
    html = client.get(first.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in html
    assert "Next: S01E02 Tale 1.2" in html


def test_episodes_outside_a_season_hang_off_the_show(client, show):
    specials = [
        services.title_create(
            kind=TitleKind.EPISODE, title=f"Special {n}", parent=show, episode_number=n
        )
        for n in (1, 2)
    ]
    html = client.get(show.get_absolute_url()).content.decode()
    assert "Episodes outside a season" in html
    assert "Special 2" in html
    html = client.get(specials[0].get_absolute_url()).content.decode()
    assert "Season None" not in html
    assert "Episode 1" in html
    assert "Next: E02 Special 2" in html
    assert 'rel="prev"' not in html
    assert f'href="{show.get_absolute_url()}">Masters of Horror</a>' in html


def test_home_shows_counters_and_titles(client, film, show, django_assert_max_num_queries):
    response, before = get(client, "/", django_assert_max_num_queries, 10)
    html = response.content.decode()
    assert "<strong>1</strong> movie</span>" in html
    assert "<strong>1</strong> show</span>" in html
    assert "<strong>2</strong> seasons" in html
    assert "<strong>4</strong> actors" in html
    assert "<strong>0</strong> votes" in html
    assert "Escape from L.A." in html
    for n in range(20):
        TitleFactory.create(title=f"Filler {n}", release_date=datetime.date(2000, 1, n + 1))
    _, after = get(client, "/", django_assert_max_num_queries, 10)
    assert after == before


def test_counters_use_thousand_separators(client, film):
    counter_add("movies", 166117)
    assert "<strong>166,118</strong> movies" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("url", "present", "absent"),
    [
        ("/browse/genre/sci-fi/", "Escape from L.A.", "Masters of Horror"),
        ("/browse/decade/1990s/", "Escape from L.A.", "Masters of Horror"),
        ("/browse/year/2005/", "Masters of Horror", "Escape from L.A."),
        ("/browse/country/us/", "Escape from L.A.", "Masters of Horror"),
        ("/browse/?kind=shows", "Masters of Horror", "Escape from L.A."),
        ("/browse/?kind=films", "Escape from L.A.", "Masters of Horror"),
    ],
)
def test_browse_pages_filter(
    client, film, show, url, present, absent, django_assert_max_num_queries
):
    html = get(client, url, django_assert_max_num_queries, 10)[0].content.decode()
    assert present in html
    assert absent not in html
    assert "Tale 1.1" not in html  # episodes are not browsed on their own


def test_browse_paginates_with_fixed_queries(client, settings, django_assert_max_num_queries):
    settings.CATALOG_PAGE_SIZE = 5
    for n in range(12):
        TitleFactory.create(title=f"Film {n:02d}", year=1990 + n)
    response, before = get(client, "/browse/?sort=oldest&page=2", django_assert_max_num_queries, 10)
    html = response.content.decode()
    assert "Page 2 of 3" in html
    assert "Film 05" in html
    assert "Film 04" not in html
    assert "12 titles" in html
    for n in range(30):
        TitleFactory.create(title=f"More {n:02d}", year=1980)
    _, after = get(client, "/browse/?sort=oldest&page=2", django_assert_max_num_queries, 10)
    assert after == before
    # A page number past the end or not a number falls back to a real page, never a 500.
    assert client.get("/browse/?page=999").status_code == 200
    assert client.get("/browse/?page=abc").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/title/no-such-film/",
        "/title/no-such-film/cast/",
        "/person/nobody/",
        "/browse/genre/no-such-genre/",
        "/browse/country/zz/",
        "/browse/decade/1995s/",
        "/no/such/page/",
    ],
)
def test_missing_pages_are_proper_404s(client, url, settings):
    settings.DEBUG = False
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_person_without_credits_has_a_clear_page(client):
    person = PersonFactory.create(name="Nobody Yet")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "No credits in the catalogue yet." in html


def test_unknown_language_code_does_not_break_the_page(client):
    title = TitleFactory.create(original_language="qx")
    response = client.get(title.get_absolute_url())
    assert response.status_code == 200
    assert "qx" in response.content.decode()
