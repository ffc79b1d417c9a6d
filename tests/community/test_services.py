"""votes_import and imported members: idempotent batches, fixed queries, exact counters."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinemeter.accounts.models import User
from cinemeter.accounts.services import imported_members_ensure
from cinemeter.catalog.bulk import Ref
from cinemeter.catalog.models import ExternalId
from cinemeter.community.models import Vote
from cinemeter.community.votes.records import VoteRecord
from cinemeter.community.votes.services import votes_delete, votes_import
from cinemeter.core.counters import counters_read, counters_recount
from tests.catalog.factories import TitleFactory


def titles_with_refs(count, start=1):
    refs = []
    for number in range(start, start + count):
        title = TitleFactory.create()
        ExternalId.objects.create(source="movielens", value=str(number), title=title)
        refs.append(Ref("movielens", str(number)))
    return refs


def votes(members, refs, value="4.0"):
    return [
        VoteRecord(member=m, title=r, value=Decimal(value), line=n)
        for n, (m, r) in enumerate(((m, r) for m in members for r in refs), start=2)
    ]


def test_imported_members_are_accounts_that_cannot_log_in():
    ids = imported_members_ensure(["movielens-1", "movielens-2", "movielens-1"])
    assert set(ids) == {"movielens-1", "movielens-2"}
    member = User.objects.get(pk=ids["movielens-1"])
    assert member.is_imported
    assert not member.is_active
    assert not member.has_usable_password()
    assert authenticate(username="movielens-1", password="") is None
    assert imported_members_ensure(["movielens-1"]) == {"movielens-1": ids["movielens-1"]}
    assert User.objects.count() == 2


def test_a_registered_account_is_never_taken_for_an_imported_one():
    User.objects.create_user(username="movielens-7", password="s3cret-pass")
    assert imported_members_ensure(["movielens-7", "movielens-8"]).keys() == {"movielens-8"}
    [ref] = titles_with_refs(1)
    result = votes_import(votes(["movielens-7"], [ref]))
    assert result.rejected == 1
    assert result.rejections[0].reason == "no imported member movielens-7"
    assert not Vote.objects.exists()


def test_votes_are_created_updated_and_left_unchanged_by_member_and_title():
    refs = titles_with_refs(3)
    imported_members_ensure(["movielens-1", "movielens-2"])
    first = votes_import(votes(["movielens-1", "movielens-2"], refs))
    assert (first.created, first.updated, first.unchanged, first.rejected) == (6, 0, 0, 0)
    assert counters_read()["votes"] == 6

    again = votes_import(votes(["movielens-1", "movielens-2"], refs))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)

    changed = votes(["movielens-1"], refs[:1], value="2.5") + votes(["movielens-2"], refs[:1])
    result = votes_import(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    vote = Vote.objects.get(user__username="movielens-1", title__external_ids__value="1")
    assert vote.value == Decimal("2.5")
    assert vote.updated_at > vote.created_at
    assert counters_read()["votes"] == 6
    assert counters_recount(fix=False) == []


def test_unknown_titles_members_and_values_are_rejected_with_reasons():
    [ref] = titles_with_refs(1)
    imported_members_ensure(["movielens-1"])
    records = [
        VoteRecord("movielens-1", Ref("movielens", "999"), Decimal(4), line=2),
        VoteRecord("movielens-9", ref, Decimal(4), line=3),
        VoteRecord("movielens-1", ref, Decimal("4.3"), line=4),
        VoteRecord("movielens-1", ref, Decimal(3), line=5),
        VoteRecord("movielens-1", ref, Decimal("3.5"), line=6),
    ]
    result = votes_import(records)
    assert (result.created, result.rejected) == (1, 4)
    assert [(r.line, r.reason) for r in result.rejections] == [
        (2, "title movielens:999 is not in the catalogue"),
        (3, "no imported member movielens-9"),
        (4, "rating 4.3 is not 0.5-5 in half steps"),
        (5, "superseded by line 6 (movielens-1 rates movielens:1 again)"),
    ]
    assert Vote.objects.get().value == Decimal("3.5")


def test_a_batch_takes_the_same_queries_whatever_its_size():
    few, many = titles_with_refs(2), titles_with_refs(38, start=100)
    members_few = [f"movielens-{n}" for n in range(2)]
    members_many = [f"movielens-{n}" for n in range(10, 30)]
    imported_members_ensure(members_few + members_many)
    counters_recount()  # stores every counter, so the first batch does not create its row

    def queries(records):
        with CaptureQueriesContext(connection) as captured:
            votes_import(records)
        return len(captured)

    small = queries(votes(members_few, few))
    large = queries(votes(members_many, many))  # 20 members x 38 titles = 760 votes
    # Nine: titles, members, existing votes, insert, the titles' tallies, the members'
    # vote counts, the site counter, and the versions of the pages showing the counters and
    # of every cached page.
    assert small == large <= 9
    # Updating and leaving unchanged cost no more than creating.
    assert queries(votes(members_many, many, value="1.5")) <= large + 1
    assert Vote.objects.count() == 4 + 760


def test_the_votes_counter_follows_imports_and_deletes():
    refs = titles_with_refs(2)
    imported_members_ensure(["movielens-1"])
    votes_import(votes(["movielens-1"], refs))
    assert counters_read()["votes"] == 2
    assert votes_delete(Vote.objects.filter(title__external_ids__value="1")) == 1
    assert counters_read()["votes"] == 1
    out = StringIO()
    call_command("recount_counters", "--check", stdout=out)
    assert "no drift" in out.getvalue()


def test_recount_finds_and_fixes_drift_in_votes():
    [ref] = titles_with_refs(1)
    imported_members_ensure(["movielens-1"])
    votes_import(votes(["movielens-1"], [ref]))
    Vote.objects.all().delete()  # behind the service's back
    with pytest.raises(SystemExit):
        call_command("recount_counters", "--check", stdout=StringIO())
    [drift] = counters_recount()
    assert (drift.name, drift.stored, drift.actual) == ("votes", 1, 0)
    assert counters_read()["votes"] == 0
