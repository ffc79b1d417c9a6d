"""The home page's panels (`catalog.pages.home`, `community.panels`, `editorial.panels`)
never serve a stale fragment or page: a review posted, edited and hidden by a moderator
through the real forms, and votes cast and changed, show at once to a member (cached
fragments) and to a visitor (the whole page cached); each write renders again only the panels
it changes.

The home page also keeps its query count whatever the number of titles and reviews.
Every test runs on the local-memory cache and on Redis (`page_cache` fixture).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.catalog import services
from cinemeter.catalog.models import ExternalSource, Image, ImageKind, Title
from cinemeter.community.models import Message
from cinemeter.core.panels import PanelStats, panels_for
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast
from tests.community.messages_helpers import post
from tests.core.test_page_cache import page_cache  # noqa: F401  (locmem and Redis)

pytestmark = pytest.mark.usefixtures("page_cache")

# featured, counters, recent, popular (the catalogue's), recent reviews (the community's) and
# the newest articles (the editorial app's)
HOME_PANELS = 6
REVIEW = "Snake is back, and Los Angeles is a cartoon of itself."
EDITED = "On a second look the surfing scene is the best joke in the film."


@pytest.fixture(autouse=True)
def _averages_from_one_vote(settings: Any) -> None:
    settings.VOTES_MINIMUM_FOR_AVERAGE = 1
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 10_000


@pytest.fixture
def film() -> Title:
    return TitleFactory.create(
        title="Escape from L.A.", year=1996, release_date=datetime.date(1996, 8, 9)
    )


def member_client(member: User | None = None) -> Client:
    client = Client()
    client.force_login(member or MemberFactory.create())
    return client


@pytest.fixture(params=["member", "visitor"])
def reader(request: pytest.FixtureRequest) -> Client:
    return member_client() if request.param == "member" else Client()


def view(client: Client) -> tuple[str, PanelStats | None]:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), getattr(response.wsgi_request, "panel_stats", None)


def view_cached(client: Client) -> str:
    """View twice; the second view is all cached (a visitor's whole page, a member's panels)."""
    first, _ = view(client)
    second, stats = view(client)
    if stats is None:
        assert second == first
    else:
        assert (stats.hits, stats.misses, stats.personal) == (HOME_PANELS, 0, 0)
    return second


def renewed(stats: PanelStats | None) -> int:
    """How many panels the view rendered again (the rest came from the fragment cache)."""
    assert stats is not None, "served from the whole-page cache: the page was not renewed"
    assert stats.hits + stats.misses == HOME_PANELS
    return stats.misses


def reviews_panel(html: str) -> str:
    return html.split('class="home-reviews"')[1].split("</section>", maxsplit=1)[0]


def test_the_panels_the_home_page_is_made_of():
    names = [panel.name for panel in panels_for("home")]
    assert sorted(names) == [
        "catalog.home.counters",
        "catalog.home.featured",
        "catalog.home.popular",
        "catalog.home.recent",
        "community.home.reviews",
        "editorial.home.newest",
    ]


def test_a_review_posted_edited_and_hidden_never_leaves_a_stale_home(reader, film):
    before = view_cached(reader)
    assert "No reviews yet." in reviews_panel(before)
    author = member_client(MemberFactory.create(username="kurt"))
    response = author.post(reverse("community:message-new", args=[film.slug]), {"body": REVIEW})
    assert response.status_code == 302
    message = Message.objects.get(title=film)

    after, stats = view(reader)
    panel = reviews_panel(after)
    assert REVIEW in panel
    assert "Escape from L.A." in panel
    assert ">kurt</a>" in panel
    assert "No reviews yet." not in panel
    assert renewed(stats) == 1  # the recent reviews alone

    view_cached(reader)
    response = author.post(reverse("community:message-edit", args=[message.pk]), {"body": EDITED})
    assert response.status_code == 302
    after, stats = view(reader)
    assert EDITED in reviews_panel(after)
    assert REVIEW not in after
    assert renewed(stats) == 1

    view_cached(reader)
    moderator = member_client(MemberFactory.create(is_staff=True))
    response = moderator.post(
        reverse("community:moderation-message", args=[message.pk, "hide"]),
        {"next": film.get_absolute_url()},
    )
    assert response.status_code == 302
    assert Message.objects.get(pk=message.pk).is_hidden
    after, stats = view(reader)
    assert EDITED not in after
    assert "No reviews yet." in reviews_panel(after)
    assert renewed(stats) == 1


def test_the_authors_vote_beside_their_review_follows_their_vote(reader, film):
    author = MemberFactory.create(username="kurt")
    post(author, film, REVIEW)
    cast(author, film, "4.0")
    assert "4.0</span>" in reviews_panel(view_cached(reader))
    cast(author, film, "2.5")  # a changed vote moves no counter: only the scores key says so
    after, _ = view(reader)
    assert "2.5</span>" in reviews_panel(after)
    assert "4.0</span>" not in reviews_panel(after)


def badges(html: str) -> list[str]:
    return re.findall(r'<span class="value" title="Members[^"]*">([0-9.]+)</span>', html)


def test_a_changed_vote_renews_the_scores_on_the_home_page(reader, film):
    voter = MemberFactory.create()
    cast(voter, film, "4.0")
    assert "4.00" in badges(view_cached(reader))
    cast(voter, film, "2.0")
    after, stats = view(reader)
    assert "2.00" in badges(after)
    assert "4.00" not in badges(after)
    # featured, recent, popular and the reviews show scores; the counters and the articles
    # did not move
    assert renewed(stats) == HOME_PANELS - 2


def featured_panel(html: str) -> str:
    return html.split('<section class="featured')[1].split("</section>", maxsplit=1)[0]


def test_the_featured_title_is_the_best_scored_recent_release(client):
    dull = TitleFactory.create(title="Dull", release_date=datetime.date(2001, 1, 1))
    great = TitleFactory.create(title="Great", release_date=datetime.date(2000, 1, 1))
    TitleFactory.create(title="Unreleased", release_date=timezone.localdate().replace(year=2999))
    for value in ("2.0", "2.5"):
        cast(MemberFactory.create(), dull, value)
    for value in ("4.5", "5.0"):
        cast(MemberFactory.create(), great, value)
    Image.objects.create(
        title=great, kind=ImageKind.BACKDROP, remote_url="https://images.example.org/b.jpg"
    )
    html = client.get("/").content.decode()
    featured = featured_panel(html)
    assert ">Great</a>" in featured
    assert 'src="https://images.example.org/b.jpg"' in featured
    assert ">4.75</span>" in featured
    assert "Unreleased" not in html  # not out yet: not a recent release
    assert html.count(">Great</span>") == 0  # featured, so not repeated among the cards


def test_without_scores_the_most_popular_title_is_featured(client):
    TitleFactory.create(title="Recent", release_date=datetime.date(2020, 1, 1))
    known = TitleFactory.create(title="Known", release_date=datetime.date(1990, 1, 1))
    services.external_rating_set(
        title=known,
        source=ExternalSource.IMDB,
        value=Decimal("7.9"),
        votes=100_000,
        fetched_at=timezone.now(),
    )
    featured = featured_panel(client.get("/").content.decode())
    assert ">Known</a>" in featured
    assert "IMDb 7.9" in featured


def test_the_home_page_costs_the_same_whatever_the_data(client, django_assert_max_num_queries):
    def cold_view() -> int:
        cache.clear()
        with django_assert_max_num_queries(10) as captured:
            assert client.get("/").status_code == 200
        return len(captured.captured_queries)

    film = TitleFactory.create(title="First", release_date=datetime.date(2000, 1, 1))
    post(MemberFactory.create(), film, REVIEW)
    before = cold_view()
    for n in range(15):
        title = TitleFactory.create(title=f"Film {n}", release_date=datetime.date(2001, 1, n + 1))
        Image.objects.create(title=title, kind=ImageKind.POSTER, remote_url="https://e.org/p.jpg")
        services.external_rating_set(
            title=title,
            source=ExternalSource.IMDB,
            value=Decimal("6.0"),
            votes=n,
            fetched_at=timezone.now(),
        )
        writer = MemberFactory.create()
        post(writer, title, f"Review {n} of a film.")
        cast(writer, title, "3.5")
    assert cold_view() == before
