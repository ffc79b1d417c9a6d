"""`manage.py recount`: finds every kind of drift, fixes it, and finds none after any
sequence of casts, changes and removals (a property test with hypothesis)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cinemeter.accounts.models import User
from cinemeter.catalog.models import VOTE_VALUES, TitleScore
from cinemeter.community.models import Vote
from cinemeter.community.votes.recount import votes_recount
from cinemeter.community.votes.services import vote_cast, vote_remove, votes_delete
from cinemeter.core.counters import counter_add, counters_read, counters_recount
from cinemeter.core.models import SiteCounter
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast


def recount(*options):
    out = StringIO()
    try:
        call_command("recount", *options, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def voted():
    counters_recount()
    ann, bob = MemberFactory.create(username="ann"), MemberFactory.create(username="bob")
    film = TitleFactory.create(title="Escape from L.A.")
    cast(ann, film, "4.0")
    cast(bob, film, "2.5")
    cast(ann, TitleFactory.create(), "1.0")
    return ann, bob, film


def test_no_drift_after_the_services(voted):
    assert recount("--check") == (0, "Recount: no drift.\n")
    assert recount() == (0, "Recount: no drift.\n")


def test_a_tampered_tally_is_reported_and_fixed(voted):
    _ann, _bob, film = voted
    # A consistent-looking tally (the database checks the histogram adds up) that is wrong.
    TitleScore.objects.filter(title=film).update(vote_count=3, half_star_sum=23, stars_5_0=1)
    code, out = recount("--check")
    assert code == 1
    assert (
        f"drift: title {film.slug}: 3 votes, sum 11.5, histogram [0, 0, 0, 0, 1, 0, 0, 1, 0, 1]"
        " stored, actually 2 votes, sum 6.5, histogram [0, 0, 0, 0, 1, 0, 0, 1, 0, 0]"
    ) in out
    assert TitleScore.objects.get(title=film).vote_count == 3  # --check changes nothing

    code, out = recount()
    assert code == 0
    assert "Fixed the drift above." in out
    score = TitleScore.objects.get(title=film)
    assert (score.vote_count, score.half_star_sum, score.stars_5_0) == (2, 13, 0)
    assert recount("--check")[0] == 0


def test_a_missing_tally_and_votes_behind_the_services_back_are_found(voted):
    ann, _bob, film = voted
    TitleScore.objects.filter(title=film).delete()
    other = TitleFactory.create()
    Vote.objects.create(user=ann, title=other, value=Decimal("3.5"))  # no service, no counts
    report = votes_recount(fix=False)
    assert {d.title_id for d in report.titles} == {film.pk, other.pk}
    assert [(d.user_id, d.stored, d.actual) for d in report.members] == [(ann.pk, 2, 3)]
    assert [(d.name, d.stored, d.actual) for d in report.counters] == [("votes", 3, 4)]

    votes_recount()
    assert not votes_recount(fix=False).drifted
    assert TitleScore.objects.get(title=other).stars_3_5 == 1
    assert User.objects.get(pk=ann.pk).vote_count == 3
    assert counters_read()["votes"] == 4


def test_member_and_site_counter_drift_is_reported(voted):
    ann, _bob, _film = voted
    User.objects.filter(pk=ann.pk).update(vote_count=7)
    counter_add("votes", 5)
    code, out = recount("--check")
    assert code == 1
    assert f"drift: member {ann.pk} vote count was 7, actually 2 (-5)" in out
    assert "drift: site counter votes was 8, actually 3 (-5)" in out
    recount()
    assert User.objects.get(pk=ann.pk).vote_count == 2
    assert SiteCounter.objects.get(name="votes").value == 3


def test_deleting_votes_in_bulk_moves_every_count(voted):
    ann, bob, film = voted
    assert votes_delete(Vote.objects.filter(title=film)) == 2
    assert TitleScore.objects.get(title=film).vote_count == 0
    assert User.objects.get(pk=ann.pk).vote_count == 1
    assert User.objects.get(pk=bob.pk).vote_count == 0
    assert counters_read()["votes"] == 1
    assert not votes_recount(fix=False).drifted


# --- Property: no sequence of casts, changes and removals makes anything drift -------------

MEMBERS = 3
TITLES = 3
operations = st.lists(
    st.tuples(
        st.integers(0, MEMBERS - 1),
        st.integers(0, TITLES - 1),
        st.one_of(st.none(), st.sampled_from(VOTE_VALUES)),  # None: remove the vote
    ),
    max_size=25,
)


@pytest.fixture
def cast_and_titles():
    counters_recount()
    members = [MemberFactory.create(username=f"prop{n}") for n in range(MEMBERS)]
    titles = [TitleFactory.create() for _ in range(TITLES)]
    return members, titles


# The fixtures are made once per test, not per example: each example runs in a savepoint
# that is rolled back, so every one starts from the same empty votes.
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_any_sequence_of_votes_leaves_no_drift(cast_and_titles, steps):
    members, titles = cast_and_titles
    with transaction.atomic():
        expected: dict[tuple[int, int], Decimal] = {}
        for member, title, value in steps:
            if value is None:
                vote_remove(user=members[member], title=titles[title])
                expected.pop((member, title), None)
            else:
                vote_cast(user=members[member], title=titles[title], value=value)
                expected[(member, title)] = value

        assert not votes_recount(fix=False).drifted
        for index, title in enumerate(titles):
            given_values = [v for (_m, t), v in expected.items() if t == index]
            score = TitleScore.objects.filter(title=title).first() or TitleScore()
            assert score.vote_count == len(given_values)
            assert score.half_star_sum == sum(int(v * 2) for v in given_values)
            assert {v: n for v, n in score.counts.items() if n} == Counter(given_values)
        for index, member in enumerate(members):
            member.refresh_from_db()
            assert member.vote_count == sum(1 for m, _t in expected if m == index)
        assert counters_read()["votes"] == len(expected)
        transaction.set_rollback(True)
