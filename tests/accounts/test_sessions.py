"""Sessions and the logged-in member, loaded by plain SQL (accounts/sessions.py, backends.py)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from cinemeter.accounts.backends import UsernameOrEmailBackend
from cinemeter.accounts.sessions import SessionStore
from tests.accounts.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_stored_session_loads_and_an_expired_or_unknown_one_does_not():
    stored = SessionStore()
    stored["colour"] = "red"
    stored.create()
    assert SessionStore(stored.session_key)["colour"] == "red"

    Session.objects.filter(pk=stored.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(stored.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # the stale key is dropped, as Django's db backend does

    assert SessionStore("x" * 32).load() == {}


def test_the_member_of_a_session_is_found_and_inactive_or_bad_ids_are_not():
    backend = UsernameOrEmailBackend()
    member = MemberFactory.create()
    assert backend.get_user(str(member.pk)) == member
    assert backend.get_user("not a number") is None
    assert backend.get_user(member.pk + 1000) is None
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert backend.get_user(member.pk) is None


def test_a_logged_in_member_stays_logged_in_across_requests(client):
    member = MemberFactory.create()
    client.force_login(member)
    page = client.get(f"/member/{member.username}/")
    assert page.wsgi_request.user == member
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated
