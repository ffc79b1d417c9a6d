"""The database itself refuses a second vote per member and title, and off-scale values."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cinemeter.accounts.models import User
from cinemeter.community.models import Vote
from tests.catalog.factories import TitleFactory


@pytest.fixture
def member():
    return User.objects.create(username="ann")


@pytest.mark.parametrize("value", ["0.5", "1.0", "2.5", "3", "4.5", "5.0"])
def test_half_steps_from_half_to_five_are_stored(member, value):
    vote = Vote.objects.create(user=member, title=TitleFactory.create(), value=Decimal(value))
    vote.refresh_from_db()
    assert vote.value == Decimal(value)


@pytest.mark.parametrize("value", ["0.0", "5.5", "4.3", "-1.0", "0.4", "9.9"])
def test_other_values_are_refused_by_the_database(member, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(user=member, title=TitleFactory.create(), value=Decimal(value))


def test_one_vote_per_member_per_title(member):
    title = TitleFactory.create()
    Vote.objects.create(user=member, title=title, value=Decimal(3))
    with (
        pytest.raises(IntegrityError, match=r"vote_one_per_member_per_title|UNIQUE"),
        transaction.atomic(),
    ):
        Vote.objects.create(user=member, title=title, value=Decimal(4))
    other = User.objects.create(username="bob")
    Vote.objects.create(user=other, title=title, value=Decimal(4))
    assert title.votes.count() == 2


def test_a_voted_title_or_member_cannot_be_deleted_behind_the_counter(member):
    title = TitleFactory.create()
    Vote.objects.create(user=member, title=title, value=Decimal(3))
    with pytest.raises(ProtectedError):
        title.delete()
    with pytest.raises(ProtectedError):
        member.delete()


def test_an_imported_account_cannot_be_active():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="movielens-1", is_imported=True, is_active=True)
    User.objects.create(username="movielens-1", is_imported=True, is_active=False)
