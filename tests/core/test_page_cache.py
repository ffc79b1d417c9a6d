"""The anonymous page cache: served from the cache, invalidated by every write that changes
the page, never for members, per language; on local memory and on a real Redis server."""

from __future__ import annotations

import os
from datetime import date

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings

from cinemeter.catalog.models import Title
from cinemeter.catalog.services import title_save
from cinemeter.core.counters import counter_add, counters_recount
from cinemeter.core.models import SiteCounter
from cinemeter.core.page_cache import anonymous_page
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast
from tests.community.messages_helpers import post


def _worker_redis_url() -> str:
    """One Redis database per pytest-xdist worker: a test's `cache.clear()` (FLUSHDB) must not
    empty another worker's cache in the middle of its test."""
    base = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
    server, _, number = base.rpartition("/")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"{server}/{int(number) + int(worker or 0)}"


REDIS_URL = _worker_redis_url()


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request):
    """Each test runs on the default local-memory cache and on Redis (when one answers)."""
    if request.param == "locmem":
        yield
        return
    if not redis_reachable():
        pytest.skip(f"no Redis server at {REDIS_URL} (set TEST_REDIS_URL)")
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{os.getpid()}",
    }
    with override_settings(CACHES={"default": backend}):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def film() -> Title:
    return TitleFactory.create(title="Escape from L.A.", year=1996)


def test_a_second_anonymous_visit_is_served_from_the_cache(
    page_cache, client, film, django_assert_max_num_queries
):
    first = client.get(film.get_absolute_url())
    with django_assert_max_num_queries(1):  # the page's version numbers, nothing else
        second = client.get(film.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content


def test_a_vote_shows_at_once(page_cache, client, film):
    assert "No votes yet" in client.get(film.get_absolute_url()).text
    cast(MemberFactory.create(), film, "4.0")
    assert "(1 vote)" in client.get(film.get_absolute_url()).text


def test_a_message_and_its_authors_new_counts_show_at_once(page_cache, client, film):
    author = MemberFactory.create(username="kurt")
    post(author, film, "Snake is back, and the city is a cartoon of itself.")
    page = client.get(film.get_absolute_url()).text
    assert "Snake is back" in page
    assert "0 votes" in page
    # a vote on another title changes the author's count shown beside the message here
    cast(author, TitleFactory.create(), "3.0")
    assert "1 vote" in client.get(film.get_absolute_url()).text


def test_a_catalogue_edit_shows_at_once_on_every_page(page_cache, client, film):
    assert "Escape from L.A." in client.get(film.get_absolute_url() + "cast/").text
    film.title = "Escape from Los Angeles"
    title_save(film)
    assert "Escape from Los Angeles" in client.get(film.get_absolute_url() + "cast/").text
    assert "Escape from Los Angeles" in client.get(film.get_absolute_url()).text


def test_the_home_page_shows_the_counters_as_they_move(page_cache, client, film):
    counters_recount()
    client.get("/")
    counter_add("votes", 12345)
    assert "12,345" in client.get("/").text


def test_a_recount_that_fixes_a_counter_renews_the_home_page(page_cache, client, film):
    counters_recount()
    movies = Title.objects.filter(kind="movie").count()
    SiteCounter.objects.filter(name="movies").update(value=4321)  # drift behind the services
    assert "<strong>4,321</strong> movies" in client.get("/").text
    counters_recount()  # fixes it
    assert f"<strong>{movies}</strong> movie" in client.get("/").text


def test_members_never_get_a_cached_page_nor_leave_theirs(page_cache, client, film):
    client.get(film.get_absolute_url())  # cached for anonymous visitors
    member = MemberFactory.create(username="snake")
    cast(member, film, "4.5")
    client.force_login(member)
    page = client.get(film.get_absolute_url()).text
    assert "snake" in page
    assert "csrfmiddlewaretoken" in page
    client.logout()
    anonymous = client.get(film.get_absolute_url()).text
    assert "snake" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous


def test_each_language_has_its_own_copy(page_cache, client):
    film = TitleFactory.create(release_date=date(1996, 8, 9))
    english = client.get(film.get_absolute_url(), headers={"accept-language": "en"})
    dutch = client.get(film.get_absolute_url(), headers={"accept-language": "nl"})
    assert "9 August 1996" in english.text  # month names come from Django's own catalogues
    assert "9 augustus 1996" in dutch.text


def _view_with_token(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"token {get_token(request)}")


def test_a_page_that_hands_out_a_csrf_token_is_not_stored(page_cache):
    view = anonymous_page(lambda **_: [])(_view_with_token)
    factory = RequestFactory()

    def visit() -> bytes:
        request = factory.get("/form/")
        request.user = AnonymousUser()
        return view(request).content

    assert visit() != visit()  # a fresh token each time: nothing was served from the cache
