"""Deleting one's account: confirmed by password, votes go through the service, then the row."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from cinemeter.accounts.models import User
from cinemeter.community.models import Vote
from cinemeter.core.counters import counters_read, counters_recount
from tests.accounts.factories import PASSWORD, MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast

DELETE = reverse("community:account-delete")


@pytest.fixture
def member():
    return MemberFactory.create(username="ann")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def test_the_page_needs_a_member(client):
    assert client.get(DELETE).url.startswith(reverse("accounts:login"))


def test_a_wrong_password_deletes_nothing(member_client, member):
    cast(member, TitleFactory.create(), "4")
    response = member_client.post(DELETE, {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your password." in response.text
    assert User.objects.filter(pk=member.pk).exists()
    assert Vote.objects.filter(user=member).count() == 1


def test_deleting_removes_the_votes_the_files_and_the_member(
    member_client, member, django_capture_on_commit_callbacks
):
    other = MemberFactory.create(username="bob")
    title = TitleFactory.create()
    cast(member, title, "4")
    cast(member, TitleFactory.create(), "2.5")
    cast(other, title, "5")
    member.avatar.name = default_storage.save("avatars/test/ann-256.png", ContentFile(b"x"))
    member.save(update_fields=["avatar"])
    counters_recount()
    assert counters_read()["votes"] == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("catalog:home")
    assert not User.objects.filter(pk=member.pk).exists()
    assert list(Vote.objects.values_list("user__username", flat=True)) == ["bob"]
    assert counters_read()["votes"] == 1
    assert counters_recount(fix=False) == []
    assert not default_storage.exists(member.avatar.name)
    # Logged out, and the goodbye is shown.
    home = member_client.get(reverse("catalog:home"))
    assert not home.context["user"].is_authenticated
    assert "Your account and your votes are deleted." in home.text
    assert member_client.get(f"/member/{member.username}/").status_code == 404


def test_deleting_requires_the_csrf_token(member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.post(DELETE, {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=member.pk).exists()
