"""Many members voting on one title at the same moment: no update is lost (PostgreSQL).

Each thread has its own database connection and transaction; a barrier lets them all go at
once. SQLite runs one write transaction at a time (IMMEDIATE), so there is nothing to race
there; PostgreSQL runs them side by side, which is where a read-modify-write would lose votes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection

from cinemeter.accounts.models import User
from cinemeter.catalog.models import VOTE_VALUES, Title, TitleScore
from cinemeter.community.models import Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.community.votes.services import vote_cast, vote_remove
from cinemeter.core.counters import counters_read, counters_recount
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite runs one write transaction at a time, nothing can race",
)

NEW, CHANGING, REMOVING = 12, 8, 4


def run_at_once(actions: list[Callable[[], object]]) -> None:
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            action()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_on_one_title_lose_nothing():
    counters_recount()
    film: Title = TitleFactory.create(title="Escape from L.A.")
    members = [
        User.objects.create_user(username=f"racer{n}", password=None)
        for n in range(NEW + CHANGING + REMOVING + 1)
    ]
    new, changing = members[:NEW], members[NEW : NEW + CHANGING]
    removing, twice = members[NEW + CHANGING : -1], members[-1]
    for member in changing + removing:
        cast(member, film, "1.0")

    expected: dict[int, Decimal] = {}
    actions: list[Callable[[], object]] = []
    for number, member in enumerate(new + changing):
        value = VOTE_VALUES[number % len(VOTE_VALUES)]
        expected[member.pk] = value
        actions.append(partial(vote_cast, user=member, title=film, value=value))
    actions += [partial(vote_remove, user=member, title=film) for member in removing]
    # One member sending two first votes at once (a double click): one vote, either value.
    actions += [
        partial(vote_cast, user=twice, title=film, value=Decimal(value)) for value in ("3", "4")
    ]

    run_at_once(actions)

    final = dict(Vote.objects.filter(title=film).values_list("user_id", "value"))
    assert final.pop(twice.pk) in {Decimal(3), Decimal(4)}
    assert final == expected
    expected[twice.pk] = Vote.objects.get(user=twice, title=film).value
    score = TitleScore.objects.get(title=film)
    assert score.vote_count == len(expected) == NEW + CHANGING + 1
    assert score.half_star_sum == sum(int(value * 2) for value in expected.values())
    assert counters_read()["votes"] == len(expected)
    assert User.objects.get(pk=twice.pk).vote_count == 1
    assert not votes_recount(fix=False).drifted
