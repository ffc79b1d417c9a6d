"""The demo's members and votes (`manage.py load_demo_votes`): Escape from L.A. shows "2.63" from
830 votes as the film page the demo imitates does, the other titles plausible scores, search
ranks by them, nothing drifts, and a second load adds nothing."""

from __future__ import annotations

import json
import re
from datetime import datetime
from io import StringIO
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from cinemeter.accounts.models import User
from cinemeter.accounts.validators import USERNAME_VALIDATORS
from cinemeter.catalog import services
from cinemeter.catalog.demo.loader import DATA_FILE as CATALOGUE_FILE
from cinemeter.catalog.models import Title, TitleKind, TitleScore
from cinemeter.community.models import Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.core.counters import counters_read, counters_recount
from cinemeter.scale.demo.loader import DATA_FILE, demo_draw, demo_plan
from cinemeter.search.models import DocumentKind, SearchDocument

ESCAPE_LA = "/title/escape-from-la-1996/"


def _load_votes() -> str:
    out = StringIO()
    call_command("load_demo_votes", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo() -> str:
    """The demo as `make run` loads it, up to its votes; what the votes' load said."""
    call_command("load_demo", "--if-empty", stdout=StringIO())
    call_command("load_demo_messages", stdout=StringIO())
    return _load_votes()


def _snapshot() -> tuple[int, int, list[tuple[int, int, int]], dict[str, int]]:
    scores = sorted(TitleScore.objects.values_list("title_id", "vote_count", "half_star_sum"))
    return User.objects.count(), Vote.objects.count(), scores, counters_read()


def test_escape_from_la_has_830_votes_averaging_263_and_nothing_drifts(demo):
    assert re.match(r"Loaded 10,\d{3} demo votes by 3,\d{3} demo members in [\d.]+ s\.", demo)
    score = Title.objects.get(slug="escape-from-la-1996").score
    assert score.vote_count == 830
    assert score.half_star_sum == 4366  # 2.6301...: shown as 2.63
    assert f"{score.average:.2f}" == "2.63"
    assert not votes_recount(fix=False).drifted
    assert counters_recount(fix=False) == []
    assert counters_read()["votes"] == Vote.objects.count()
    out = StringIO()
    call_command("recount", "--check", stdout=out)  # exits 1 on drift
    assert "no drift" in out.getvalue()


def test_a_second_load_adds_nothing(demo):
    before = _snapshot()
    assert _load_votes() == "Demo votes already present.\n"
    assert _snapshot() == before


def _planned_title(row: dict[str, Any]) -> Title:
    if "show" in row:
        return Title.objects.get(
            parent__parent__title=row["show"],
            season_number=row["season"],
            episode_number=row["episode"],
        )
    return Title.objects.get(title=row["title"], year=row["year"], parent__isnull=True)


def test_every_demo_title_gets_a_plausible_score():
    call_command("load_demo", "--if-empty", stdout=StringIO())
    _load_votes()
    plan = json.loads(DATA_FILE.read_text(encoding="utf-8"))["titles"]
    assert TitleScore.objects.count() == len(plan) == 20
    averages = {}
    for row in plan:
        score = TitleScore.objects.get(title=_planned_title(row))
        assert score.vote_count == row["votes"]
        averages[row.get("title")] = average = score.half_star_sum / (2 * score.vote_count)
        # Drawn towards the plan's average; a dozen votes cannot always land on it exactly.
        assert abs(average - float(row["average"])) <= 0.5 / row["votes"] + 0.005
    # The classics score above the sequel, as members rate them.
    assert averages["The Thing"] > averages["Halloween"] > averages["Escape from L.A."]


def test_the_title_page_shows_the_score_in_either_language_with_a_real_histogram(client, demo):
    english = client.get(ESCAPE_LA, HTTP_ACCEPT_LANGUAGE="en").text
    dutch = client.get(ESCAPE_LA, HTTP_ACCEPT_LANGUAGE="nl").text
    assert '<span class="average"' in english
    assert ">2.63</span>" in english
    assert "(830 votes)" in english
    assert ">2,63</span>" in dutch
    assert "(830 stemmen)" in dutch
    bars = [
        int(count)
        for count in re.findall(r'class="bar" data-value="[\d.]+" data-count="(\d+)"', english)
    ]
    assert len(bars) == 10
    assert sum(bars) == 830
    # A real shape: every value used, no value with more than a third, one peak at 3 stars
    # with whole stars above their half-star neighbours (as members vote).
    assert min(bars) > 0
    assert max(bars) < 830 / 3
    assert bars.index(max(bars)) == 5
    assert all(bars[whole] > bars[whole - 1] for whole in (3, 5))


def test_search_ranks_by_the_demo_votes(client, demo):
    document = SearchDocument.objects.get(
        kind=DocumentKind.FILM, object_id=Title.objects.get(slug="escape-from-la-1996").pk
    )
    assert document.vote_count == 830
    assert document.vote_average == pytest.approx(2.63, abs=0.005)
    # Without votes IMDb's 81,665 put Escape from L.A. first; its members now prefer New York.
    html = client.get("/search/", {"q": "escape"}).text
    assert html.index("Escape from New York") < html.index("Escape from L.A.")


def test_members_vote_over_years_after_joining_and_differ_in_activity(demo):
    votes = Vote.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert (votes["last"] - votes["first"]).days > 15 * 365
    members = User.objects.filter(is_imported=True, votes__isnull=False).annotate(
        first_vote=Min("votes__created_at"), cast=Count("votes")
    )
    assert all(member.date_joined <= member.first_vote for member in members)
    assert not any(member.has_usable_password() or member.is_active for member in members)
    cast = sorted(member.cast for member in members)
    assert cast[0] == 1  # a one-off voter
    assert cast[-1] >= 15  # and someone who saw nearly all
    escape = Vote.objects.filter(title__slug="escape-from-la-1996")
    assert escape.filter(created_at__year__lt=1996).count() == 0
    # Members of other tastes: a member's votes are not one value.
    mixed = User.objects.filter(pk__in=escape.values("user")).annotate(
        values=Count("votes__value", distinct=True)
    )
    assert mixed.filter(values__gte=3).exists()


def test_the_draws_are_the_same_every_time_and_the_usernames_valid():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    catalogue = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    planned = demo_plan(data, catalogue)
    first, second = demo_draw(data, planned, now), demo_draw(data, planned, now)
    assert first.members.usernames == second.members.usernames
    for one, other in zip(first.votes, second.votes, strict=True):
        assert np.array_equal(one.voters, other.voters)
        assert np.array_equal(one.halves, other.halves)
    assert len(set(first.members.usernames)) == data["members"]
    for username in first.members.usernames:
        for validate in USERNAME_VALIDATORS:
            validate(username)
    # An episode's voters voted on its show.
    show = first.votes[6]
    for entry, drawn in zip(planned, first.votes, strict=True):
        assert len(set(drawn.voters.tolist())) == entry.plan.votes
        if entry.season is not None:
            assert set(drawn.voters.tolist()) <= set(show.voters.tolist())


def test_without_the_demo_catalogue_nothing_is_loaded():
    assert _load_votes() == "No demo titles to vote on; demo votes not loaded.\n"
    # An imported catalogue has these films too: real titles get no made-up votes.
    services.title_create(kind=TitleKind.MOVIE, title="Escape from L.A.", year=1996)
    services.title_create(kind=TitleKind.MOVIE, title="Halloween", year=1978)
    assert _load_votes() == "No demo titles to vote on; demo votes not loaded.\n"
    assert not User.objects.exists()
    assert not Vote.objects.exists()
