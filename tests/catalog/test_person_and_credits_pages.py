"""The person page leads with what the person is known for, and the cast & crew tables line
up: over real HTTP, with the query budget kept whatever the number of credits."""

import re
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from cinemeter.catalog import services
from cinemeter.catalog.models import Department, ExternalSource, Image, ImageKind
from tests.catalog.factories import PersonFactory, TitleFactory, add_actor, add_crew


def rated(title, votes):
    services.external_rating_set(
        title=title,
        source=ExternalSource.IMDB,
        value=Decimal("6.5"),
        votes=votes,
        fetched_at=timezone.now(),
    )
    return title


def plays(person, title, order):
    services.credit_add(
        title=title,
        person=person,
        department=Department.ACTING,
        character="Someone",
        billing_order=order,
    )


def test_an_actor_who_also_writes_has_cast_first(client):
    actor = PersonFactory.create(name="Kurt Russell")
    for n in range(3):
        title = TitleFactory.create(title=f"Role {n}", year=1980 + n)
        services.credit_add(
            title=title, person=actor, department=Department.ACTING, character=f"Hero {n}"
        )
    written = TitleFactory.create(title="Written", year=1996)
    services.credit_add(title=written, person=actor, department=Department.WRITING, job="Writer")
    html = client.get(actor.get_absolute_url()).content.decode()
    assert html.index("filmography-acting") < html.index("filmography-writing")
    assert '<dd class="known-for-department">Cast</dd>' in html


def test_known_for_is_the_most_popular_titles_with_posters(client, django_assert_max_num_queries):
    actor = PersonFactory.create(name="Stacy Keach")
    titles = {}
    for name, votes in [("Aardvark", 10), ("Blockbuster", 900_000), ("Cult", 50_000)]:
        titles[name] = rated(TitleFactory.create(title=name), votes)
        plays(actor, titles[name], 5)
    Image.objects.create(
        title=titles["Blockbuster"], kind=ImageKind.POSTER, remote_url="https://e.org/b.jpg"
    )
    for n in range(4):  # unrated titles come after every rated one
        plays(actor, TitleFactory.create(title=f"Obscure {n}"), 0)
    with django_assert_max_num_queries(10) as before:
        html = client.get(actor.get_absolute_url()).content.decode()
    known = html.split('class="known-for-list"')[1].split("</ul>")[0]
    names = re.findall(r'<span class="known-for-title">([^<]+)</span>', known)
    assert names[:3] == ["Blockbuster", "Cult", "Aardvark"]
    assert len(names) == 4
    assert 'src="https://e.org/b.jpg"' in known
    for n in range(10):
        plays(actor, rated(TitleFactory.create(), n), 9)
    cache.clear()
    with django_assert_max_num_queries(10) as after:
        assert client.get(actor.get_absolute_url()).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_every_credits_table_shares_one_column_plan(client):
    title = TitleFactory.create(title="Escape from L.A.")
    add_actor(title, "Kurt Russell", "Snake Plissken", 0)
    add_crew(title, "John Carpenter", Department.DIRECTING, "Director")
    add_crew(title, "Shirley Walker", Department.SOUND, "Composer")
    html = client.get(f"{title.get_absolute_url()}cast/").content.decode()
    tables = re.findall(r"<table[^>]*>\s*(<colgroup>.*?</colgroup>)", html, re.S)
    assert len(tables) == 3  # cast, directing, music & sound
    assert len(set(tables)) == 1
    assert html.count('class="credits credits-aligned"') == 3
