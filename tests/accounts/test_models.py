"""The database itself keeps usernames and addresses unique whatever their capitals."""

import pytest
from django.db import IntegrityError, transaction

from cinemeter.accounts.models import User
from cinemeter.accounts.services import member_counts_add
from tests.accounts.factories import MemberFactory


def test_usernames_differing_only_in_case_are_refused_by_the_database():
    User.objects.create(username="Ann")
    with (
        pytest.raises(IntegrityError, match=r"user_username_ci_unique|UNIQUE"),
        transaction.atomic(),
    ):
        User.objects.create(username="aNN")
    assert User.objects.count() == 1


def test_addresses_differing_only_in_case_are_refused_but_many_may_have_none():
    User.objects.create(username="ann", email="Ann@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="bob", email="ann@example.ORG")
    # Imported accounts have no address at all.
    User.objects.create(username="movielens-1", is_imported=True, is_active=False)
    User.objects.create(username="movielens-2", is_imported=True, is_active=False)
    assert User.objects.filter(email="").count() == 2


def test_member_counts_move_with_f_updates():
    member = MemberFactory.create()
    member_counts_add(user_id=member.pk, votes=3)
    member_counts_add(user_id=member.pk, votes=-1, messages=2)
    member_counts_add(user_id=member.pk)
    member.refresh_from_db()
    assert (member.vote_count, member.message_count) == (2, 2)


def test_counts_never_go_below_zero():
    member = MemberFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        member_counts_add(user_id=member.pk, votes=-1)
    member.refresh_from_db()
    assert member.vote_count == 0
