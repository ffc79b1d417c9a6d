"""Staff set a username once, when adding a member; the change form cannot alter it."""

import pytest
from django.test import Client
from django.urls import reverse

from cinemeter.accounts.models import User
from tests.accounts.factories import PASSWORD, MemberFactory


@pytest.fixture
def staff_client(client):
    admin = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)
    return client


def change_form_data(member, **changes):
    data = {
        "username": member.username,
        "first_name": "",
        "last_name": "",
        "email": member.email,
        "is_active": "on",
        "bio": "Edited by staff.",
        "preferred_language": "en",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "12:00:00",
    }
    data.update(changes)
    return data


def test_the_change_form_shows_the_username_read_only(staff_client):
    member = MemberFactory.create(username="ann")
    page = staff_client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert page.status_code == 200
    assert 'name="username"' not in page.text
    assert '<div class="readonly">ann</div>' in page.text


def test_a_crafted_post_cannot_rename_a_member(staff_client):
    member = MemberFactory.create(username="ann")
    response = staff_client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        change_form_data(member, username="admin-ann"),
    )
    assert response.status_code == 302, response.text
    member.refresh_from_db()
    assert member.username == "ann"
    assert member.bio == "Edited by staff."


def test_the_add_form_sets_a_username_and_applies_the_rules(staff_client):
    add = reverse("admin:accounts_user_add")
    assert 'name="username"' in staff_client.get(add).text
    data = {"username": "bob", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"}
    data["usable_password"] = "true"
    assert staff_client.post(add, data).status_code == 302
    assert User.objects.filter(username="bob").exists()
    refused = staff_client.post(add, {**data, "username": "BOB"})
    assert refused.status_code == 200
    assert "already exists" in refused.text
    refused = staff_client.post(add, {**data, "username": "moderator"})
    assert "is reserved" in refused.text
    assert not User.objects.filter(username__in=["BOB", "moderator"]).exists()


def test_admin_log_in_is_throttled_too(client):
    User.objects.create_superuser("editor", "editor@example.org", "the-right-one")
    login = reverse("admin:login")
    for _ in range(5):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert "correct username and password for a staff account" in response.text
    response = client.post(login, {"username": "editor", "password": "the-right-one"})
    assert "Log-in to this account is paused for 15 minutes" in response.text
    assert not response.wsgi_request.user.is_authenticated
    # Members who are not staff still cannot get in.
    MemberFactory.create(username="ann")
    refused = Client(REMOTE_ADDR="203.0.113.30").post(
        login, {"username": "ann", "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert not refused.wsgi_request.user.is_authenticated
