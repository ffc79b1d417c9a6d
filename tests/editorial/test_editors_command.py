"""`manage.py editors`: the operator gives a member the writer or publisher role, and what
the role allows follows at once (the services ask the same permissions)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cinemeter.accounts.models import User
from cinemeter.editorial.permissions import can_publish, can_write
from tests.accounts.factories import MemberFactory


def run(*args: str) -> str:
    out = StringIO()
    call_command("editors", *args, stdout=out)
    return out.getvalue()


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # has_perm caches what it found


def test_roles_are_given_changed_listed_and_taken_away(db):
    alice, bob = MemberFactory.create(username="alice"), MemberFactory.create(username="bob")
    assert "No member has an editor's role yet." in run()
    assert run("alice", "--role", "writer") == "alice now has the writer role.\n"
    assert can_write(fresh(alice))
    assert not can_publish(fresh(alice))
    run("Bob", "--role", "publisher")  # the username as typed, in any case
    assert can_publish(fresh(bob))
    assert run() == "alice\twriter\nbob\tpublisher\n"
    run("alice", "--role", "publisher")
    assert run() == "alice\tpublisher\nbob\tpublisher\n"
    assert run("bob", "--role", "none") == "bob now has no editor's role.\n"
    assert not can_write(fresh(bob))
    assert run() == "alice\tpublisher\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("nobody", "--role", "writer"), "No member is called 'nobody'."),
        (("alice",), "Say which role"),
        (("--role", "writer"), "--role needs a username"),
    ],
)
def test_mistakes_get_a_clear_message(db, args, words):
    MemberFactory.create(username="alice")
    with pytest.raises(CommandError, match=words):
        run(*args)
