"""Voting over real HTTP: the plain form, the JSON requests votes.js makes, and the title page.

Every request goes through the test client (middleware, CSRF, sessions, messages); the
numbers are checked against the tally, the member's count and the site counter.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.catalog.models import TitleKind, TitleScore
from cinemeter.catalog.pages.title import TitleSubject
from cinemeter.catalog.pages.title import score as score_panel
from cinemeter.community.models import Suspension, Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.community.votes.sql import vote_read as own_vote_of
from cinemeter.core.counters import counters_read, counters_recount
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast
from tests.community.votes_helpers import chosen, filled, star_buttons

JSON = {"Accept": "application/json"}


@pytest.fixture
def film():
    counters_recount()  # every counter row exists, as on a running site
    return TitleFactory.create(title="Escape from L.A.", year=1996)


@pytest.fixture
def ann():
    return MemberFactory.create(username="ann")


@pytest.fixture
def ann_client(client, ann):
    client.force_login(ann)
    return client


def vote_url(title):
    return reverse("community:vote", kwargs={"slug": title.slug})


def tally(title):
    score = TitleScore.objects.filter(title=title).first()
    if score is None:
        return (0, 0, {})
    return (
        score.vote_count,
        score.half_star_sum,
        {f"{value:.1f}": n for value, n in score.counts.items() if n},
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def bars(html):
    return {
        value: int(count)
        for value, count in re.findall(
            r'<g class="bar" data-value="([\d.]+)" data-count="(\d+)">', html
        )
    }


# --- The plain form (no JavaScript) ---------------------------------------------------------


def test_cast_change_and_remove_through_the_form(ann_client, ann, film):
    response = ann_client.post(vote_url(film), {"value": "3.5"}, follow=True)
    assert response.redirect_chain == [(film.get_absolute_url(), 302)]
    assert "You gave Escape from L.A. 3.5 stars." in messages_of(response)
    assert Vote.objects.get(user=ann, title=film).value == Decimal("3.5")
    assert tally(film) == (1, 7, {"3.5": 1})
    ann.refresh_from_db()
    assert ann.vote_count == 1
    assert counters_read()["votes"] == 1

    response = ann_client.post(vote_url(film), {"value": "5.0"}, follow=True)
    assert "You gave Escape from L.A. 5.0 stars." in messages_of(response)
    assert Vote.objects.get(user=ann, title=film).value == Decimal(5)
    assert tally(film) == (1, 10, {"5.0": 1})
    ann.refresh_from_db()
    assert ann.vote_count == 1  # a change is no new vote
    assert counters_read()["votes"] == 1

    response = ann_client.post(vote_url(film), {"remove": "1"}, follow=True)
    assert "Your vote is removed." in messages_of(response)
    assert not Vote.objects.exists()
    assert tally(film) == (0, 0, {})
    ann.refresh_from_db()
    assert ann.vote_count == 0
    assert counters_read()["votes"] == 0

    response = ann_client.post(vote_url(film), {"remove": "1"}, follow=True)
    assert "You had not voted on this title." in messages_of(response)
    assert not votes_recount(fix=False).drifted


@pytest.mark.parametrize("kind", [TitleKind.SERIES, TitleKind.SEASON, TitleKind.EPISODE])
def test_shows_seasons_and_episodes_take_votes_too(ann_client, kind):
    show = TitleFactory.create(kind=TitleKind.SERIES, title="Masters of Horror")
    season = TitleFactory.create(kind=TitleKind.SEASON, parent=show, season_number=1)
    episode = TitleFactory.create(kind=TitleKind.EPISODE, parent=season, episode_number=1)
    title = {TitleKind.SERIES: show, TitleKind.SEASON: season, TitleKind.EPISODE: episode}[kind]
    assert ann_client.post(vote_url(title), {"value": "4"}).status_code == 302
    assert tally(title) == (1, 8, {"4.0": 1})
    page = ann_client.get(title.get_absolute_url()).content.decode()
    assert chosen(page) == ["4.0"]
    assert star_buttons(page)["4.0"][2] == "4.0 stars"


@pytest.mark.parametrize("value", ["0", "0.0", "5.5", "3.3", "abc", "", "-1", "NaN", "sNaN", "1e1"])
def test_invalid_values_are_refused_with_a_message_and_change_nothing(ann_client, ann, film, value):
    cast(ann, film, "2.0")
    response = ann_client.post(vote_url(film), {"value": value}, follow=True)
    assert response.redirect_chain == [(film.get_absolute_url(), 302)]
    assert messages_of(response) == ["Choose a vote from 0.5 to 5 stars in half steps."]
    assert Vote.objects.get().value == Decimal(2)
    assert tally(film) == (1, 4, {"2.0": 1})

    answer = ann_client.post(vote_url(film), {"value": value}, headers=JSON)
    assert answer.status_code == 400
    assert answer.json() == {
        "ok": False,
        "error": "Choose a vote from 0.5 to 5 stars in half steps.",
    }
    assert tally(film) == (1, 4, {"2.0": 1})


def test_visitors_are_sent_to_log_in(client, film):
    response = client.post(vote_url(film), {"value": "4"})
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={film.get_absolute_url()}"
    answer = client.post(vote_url(film), {"value": "4"}, headers=JSON)
    assert answer.status_code == 401
    assert answer.json()["ok"] is False
    assert not Vote.objects.exists()
    assert tally(film) == (0, 0, {})

    html = client.get(film.get_absolute_url()).text
    assert "Log in to vote" in html
    assert f'href="{reverse("accounts:login")}?next=/title/{film.slug}/"' in html
    assert "data-vote-form" not in html


def test_voting_needs_the_csrf_token(ann, film):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ann)
    assert browser.post(vote_url(film), {"value": "4"}).status_code == 403
    assert browser.post(vote_url(film), {"value": "4"}, headers=JSON).status_code == 403
    assert not Vote.objects.exists()
    # With the token from the page's form, the same vote goes through.
    page = browser.get(film.get_absolute_url()).text
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    token = found.group(1)
    answer = browser.post(vote_url(film), {"value": "4"}, headers={**JSON, "X-CSRFToken": token})
    assert answer.status_code == 200
    assert Vote.objects.get().value == 4


def test_only_post_is_allowed_and_unknown_titles_are_404(ann_client, film):
    assert ann_client.get(vote_url(film)).status_code == 405
    assert ann_client.post("/title/no-such-film/vote/", {"value": "4"}).status_code == 404


# --- JSON (votes.js) ------------------------------------------------------------------------


def test_json_vote_answers_with_the_new_numbers_and_html(ann_client, ann, film, settings):
    settings.VOTES_MINIMUM_FOR_AVERAGE = 3
    for username, value in [("bob", "2.5"), ("cyd", "2.5")]:
        cast(MemberFactory.create(username=username), film, value)

    answer = ann_client.post(vote_url(film), {"value": "3.0"}, headers=JSON)
    assert answer.status_code == 200
    data = answer.json()
    assert data["ok"] is True
    assert data["message"] == "You gave Escape from L.A. 3.0 stars."
    assert data["own_vote"] == "3.0"
    assert data["vote_count"] == 3
    assert data["average"] == "2.67"  # 8 / 3, rounded half up as the page does
    assert data["too_few_votes"] is False
    assert data["histogram"]["2.5"] == 2
    assert data["histogram"]["3.0"] == 1
    assert '<span class="average"' in data["summary_html"]
    assert "2.67" in data["summary_html"]
    assert "data-vote-panel" in data["panel_html"]
    assert chosen(data["panel_html"]) == ["3.0"]
    assert "Remove my vote" in data["panel_html"]
    assert "data-score-panel" in data["score_html"]
    assert bars(data["score_html"]) == {
        "0.5": 0, "1.0": 0, "1.5": 0, "2.0": 0, "2.5": 2,
        "3.0": 1, "3.5": 0, "4.0": 0, "4.5": 0, "5.0": 0,
    }  # fmt: skip
    # A JSON vote leaves no message waiting for the next page.
    assert messages_of(ann_client.get(film.get_absolute_url())) == []

    removed = ann_client.post(vote_url(film), {"remove": "1"}, headers=JSON).json()
    assert removed["own_vote"] is None
    assert removed["vote_count"] == 2
    assert removed["average"] is None
    assert removed["too_few_votes"] is True
    assert "Too few votes" in removed["summary_html"]
    assert "Remove my vote" not in removed["panel_html"]
    ann.refresh_from_db()
    assert ann.vote_count == 0
    assert not votes_recount(fix=False).drifted


# --- The title page -------------------------------------------------------------------------


def votes_on(title, values):
    for number, value in enumerate(values):
        cast(MemberFactory.create(username=f"voter{number}"), title, value)


def test_the_page_shows_average_count_histogram_and_own_vote(ann_client, ann, film):
    votes_on(film, ["2.5", "2.5", "2.5"])
    cast(ann, film, "3.0")  # 10.5 / 4 = 2.625
    html = ann_client.get(film.get_absolute_url()).text
    assert (
        '<span class="average" title="Average of the members\' votes, out of 5">2.63</span>' in html
    )
    assert "(4 votes)" in html
    assert bars(html)["2.5"] == 3
    assert bars(html)["3.0"] == 1
    assert 'Your vote: <strong class="own-vote">3.0</strong> stars' in html
    assert chosen(html) == ["3.0"]
    assert len(star_buttons(html)) == 10
    # The stars fill up to the member's vote: halves 0.5 to 3.0, left and right in turn.
    assert filled(html) == ["0.5", "1.0", "1.5", "2.0", "2.5", "3.0"]
    assert star_buttons(html)["0.5"][0] == {"half-left", "on"}
    assert star_buttons(html)["3.0"][0] == {"half-right", "on", "chosen"}
    assert star_buttons(html)["3.5"][0] == {"half-left"}
    assert "js/votes.js" in html


def test_the_average_follows_the_language(client, film):
    votes_on(film, ["2.5", "2.5", "2.5", "3.0"])
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").text
    assert ">2,63</span>" in html
    assert "(4 stemmen)" in html
    html = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert ">2.63</span>" in html
    assert "(4 votes)" in html


def test_too_few_votes_below_the_minimum(client, film, settings):
    settings.VOTES_MINIMUM_FOR_AVERAGE = 3
    html = client.get(film.get_absolute_url()).text
    assert '<span class="no-votes">No votes yet</span>' in html
    assert 'class="histogram"' not in html
    votes_on(film, ["4.0", "5.0"])
    html = client.get(film.get_absolute_url()).text
    assert '<span class="too-few">Too few votes</span>' in html
    assert "(2 votes)" in html
    assert 'class="average"' not in html
    cast(MemberFactory.create(username="third"), film, "4.5")
    html = client.get(film.get_absolute_url()).text
    assert ">4.50</span>" in html
    settings.VOTES_MINIMUM_FOR_AVERAGE = 10
    cache.clear()  # a settings change comes with a restart, and pages cached before it go
    assert "Too few votes" in client.get(film.get_absolute_url()).text


def test_the_page_costs_a_fixed_number_of_queries_whatever_the_votes(
    client, ann, film, django_assert_max_num_queries
):
    def queries(*, cold: bool) -> int:
        if cold:  # no whole page and no panel cached: everything is read
            cache.clear()
        # The catalogue's own panels, and the editions and music panels' one query (releases);
        # a film no article is about costs the articles panel nothing (tests/editorial).
        with django_assert_max_num_queries(16) as captured:
            assert client.get(film.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    def member_view() -> tuple[int, int]:
        return queries(cold=True), queries(cold=False)

    visitor_few = queries(cold=True)
    client.force_login(ann)
    member_few = member_view()
    votes_on(film, ["1.0", "2.0", "3.5", "4.5", "5.0"] * 4)
    cast(ann, film, "3.5")
    member_many = member_view()
    client.logout()
    visitor_many = queries(cold=True)
    assert visitor_few == visitor_many
    assert member_few == member_many
    # Warm panels: the session, the member, the page versions, the title's brief, the vote.
    assert member_many[1] == 5
    # Cold: the session and the member more than a visitor, and the vote with the brief.
    assert member_many[0] - visitor_many <= 3


def test_the_selector_reads_the_tally_not_the_votes(film, ann):
    votes_on(film, ["1.0", "2.0", "3.0"])
    cast(ann, film, "4.0")
    score = score_panel(TitleSubject(film.slug), None)["score"]
    assert score.vote_count == 4
    assert score.average == Decimal("2.5")
    assert own_vote_of(ann.pk, film.pk) == Decimal(4)
    Vote.objects.all().delete()  # behind the services' back: the page still shows the tally
    assert score_panel(TitleSubject(film.slug), None)["score"].vote_count == 4


def test_the_profile_counts_votes_cast_on_the_site(ann_client, ann, film):
    ann_client.post(vote_url(film), {"value": "4.5"})
    ann_client.post(vote_url(TitleFactory.create()), {"value": "1.0"})
    html = ann_client.get(ann.get_absolute_url()).text
    assert "<strong>2</strong> votes</li>" in html
    assert User.objects.get(pk=ann.pk).vote_count == 2


def test_a_suspended_member_cannot_vote(ann_client, ann, film):
    Suspension.objects.create(user=ann, reason="Spam")

    response = ann_client.post(vote_url(film), {"value": "4.0"}, follow=True)
    assert "Your account is suspended" in response.content.decode()
    answer = ann_client.post(vote_url(film), {"value": "4.0"}, headers=JSON)
    assert answer.status_code == 403
    assert not Vote.objects.exists()
    assert tally(film) == (0, 0, {})


@override_settings(NEW_MEMBER_VOTES_PER_HOUR=2)
def test_new_members_cast_a_limited_number_of_votes_an_hour(ann_client, ann, film):
    others = [TitleFactory.create(title=f"Other {n}") for n in range(2)]
    for title in others:
        assert ann_client.post(vote_url(title), {"value": "3.0"}, headers=JSON).status_code == 200

    answer = ann_client.post(vote_url(film), {"value": "4.0"}, headers=JSON)
    assert answer.status_code == 429
    assert "at most 2 votes an hour" in answer.json()["error"]
    assert not Vote.objects.filter(title=film).exists()
    # Removing a vote is never limited, and older accounts are not limited at all.
    assert ann_client.post(vote_url(others[0]), {"remove": "1"}, headers=JSON).status_code == 200
    User.objects.filter(pk=ann.pk).update(date_joined=timezone.now() - timedelta(days=30))
    assert ann_client.post(vote_url(film), {"value": "4.0"}, headers=JSON).status_code == 200
