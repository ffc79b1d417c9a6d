"""32 members voting at the same moment through the real vote view lose nothing (PostgreSQL).

The scale target of issue 6: many concurrent voters on a few titles, each request in its
own thread and database connection, through the page's own form post; afterwards every
tally, member count, site counter and cached page version agrees with the votes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection
from django.test import Client

from cinemeter.accounts.models import User
from cinemeter.catalog.models import VOTE_VALUES, Title, TitleScore
from cinemeter.catalog.page_keys import title_score_key
from cinemeter.community.models import Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.core.counters import counters_read, counters_recount
from cinemeter.core.page_cache import versions_read
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.test_concurrency import run_at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite runs one write transaction at a time, nothing can race",
)

VOTERS = 32


def _vote(client: Client, title: Title, value: Decimal) -> None:
    response = client.post(f"/title/{title.slug}/vote/", {"value": f"{value:.1f}"})
    if response.status_code != 302 or response.headers["Location"] != title.get_absolute_url():
        raise AssertionError(f"vote refused: {response.status_code} {response.headers}")


@pytest.mark.django_db(transaction=True)
def test_32_members_voting_at_once_through_the_vote_view_lose_nothing():
    counters_recount()
    titles = [TitleFactory.create() for _ in range(3)]
    members: list[User] = MemberFactory.create_batch(VOTERS, date_joined="2020-01-01T00:00Z")
    expected: dict[tuple[int, int], Decimal] = {}
    actions: list[Callable[[], object]] = []
    for number, member in enumerate(members):
        client = Client()
        client.force_login(member)
        title = titles[number % len(titles)]
        value = VOTE_VALUES[number % len(VOTE_VALUES)]
        expected[(member.pk, title.pk)] = value
        actions.append(partial(_vote, client, title, value))

    run_at_once(actions)

    stored = {
        (user, title): value
        for user, title, value in Vote.objects.values_list("user_id", "title_id", "value")
    }
    assert stored == expected
    for title in titles:
        mine = [value for (_, title_id), value in expected.items() if title_id == title.pk]
        score = TitleScore.objects.get(title=title)
        assert score.vote_count == len(mine)
        assert score.half_star_sum == sum(int(value * 2) for value in mine)
        # every vote moved the title's cached page version
        assert versions_read([title_score_key(title.slug)]) == [len(mine)]
    assert counters_read()["votes"] == VOTERS
    assert set(
        User.objects.filter(pk__in=[m.pk for m in members]).values_list("vote_count", flat=True)
    ) == {1}
    assert not votes_recount(fix=False).drifted
