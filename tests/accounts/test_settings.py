"""The settings page: address (re-verified), bio, language, avatar; never the username."""

import re

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cinemeter.accounts.avatars import default_avatar_svg
from cinemeter.accounts.models import User
from tests.accounts.factories import MemberFactory
from tests.accounts.images import picture, pixel_size
from tests.accounts.pages import mailed_link

SETTINGS = reverse("accounts:settings")


@pytest.fixture
def member():
    return MemberFactory.create(username="ann", email="ann@example.org")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def form_data(**changes):
    data = {"email": "ann@example.org", "bio": "", "preferred_language": "en"}
    data.update(changes)
    return data


def test_the_page_needs_a_member(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={SETTINGS}"


def test_the_page_shows_the_username_but_no_field_for_it(member_client):
    html = member_client.get(SETTINGS).text
    assert '<strong>ann</strong> <span class="muted">(your username cannot be changed)' in html
    assert 'name="username"' not in html
    assert "* denotes required fields" in html
    assert f'href="{reverse("accounts:password-change")}"' in html
    assert f'href="{reverse("community:account-delete")}"' in html


def test_bio_and_language_are_saved_and_a_crafted_username_ignored(member_client, member):
    response = member_client.post(
        SETTINGS,
        form_data(bio="I like  Carpenter.\nAnd Snake.", preferred_language="nl", username="admin"),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bio == "I like  Carpenter.\nAnd Snake."
    assert member.preferred_language == "nl"
    assert member.username == "ann"
    assert "Your settings are saved." in member_client.get(SETTINGS).text


def test_bio_length_and_language_choices_are_checked(member_client, member):
    response = member_client.post(SETTINGS, form_data(bio="x" * 501, preferred_language="fr"))
    assert "Ensure this value has at most 500 characters (it has 501)." in response.text
    assert "Select a valid choice. fr is not one of the available choices." in response.text
    member.refresh_from_db()
    assert (member.bio, member.preferred_language) == ("", "en")


def test_a_new_address_takes_effect_through_its_link(member_client, member):
    response = member_client.post(SETTINGS, form_data(email="Ann.New@Example.org"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "ann@example.org"
    [message] = mail.outbox
    assert message.to == ["Ann.New@Example.org"]
    assert "We sent a link to Ann.New@Example.org" in member_client.get(SETTINGS).text
    link = mailed_link(message.body, "/account/email/")

    # The link works without being logged in (e.g. opened on a phone), and only once.
    assert Client().get(link).status_code == 302
    member.refresh_from_db()
    assert member.email == "Ann.New@Example.org"
    assert member.email_verified
    again = Client().get(link)
    assert again.status_code == 400
    assert "already been used" in again.text


def test_an_address_taken_meanwhile_is_not_moved_to(member_client, member):
    member_client.post(SETTINGS, form_data(email="shared@example.org"))
    link = mailed_link(mail.outbox[0].body, "/account/email/")
    MemberFactory.create(username="bob", email="SHARED@example.org")
    response = Client().get(link)
    assert response.status_code == 400
    assert "Another account now uses that e-mail address." in response.text
    member.refresh_from_db()
    assert member.email == "ann@example.org"


def test_an_address_in_use_is_not_revealed_and_its_owner_is_told(member_client, member):
    MemberFactory.create(username="bob", email="bob@example.org")
    response = member_client.post(SETTINGS, form_data(email="BOB@example.org"), follow=True)
    # The page says what it says for any new address.
    assert "We sent a link to BOB@example.org" in response.text
    [note] = mail.outbox
    assert note.to == ["bob@example.org"]
    assert "nothing changed" in note.body
    assert "/account/email/" not in note.body
    member.refresh_from_db()
    assert member.email == "ann@example.org"
    response = member_client.post(SETTINGS, form_data(email="not-an-address"))
    assert "Enter a valid email address." in response.text
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "me.png"), ("JPEG", "me.jpg")])
def test_a_picture_is_cut_to_two_squares(member_client, member, fmt, name):
    response = member_client.post(
        SETTINGS, {**form_data(), "avatar": picture(name, size=(800, 500), fmt=fmt)}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert pixel_size(default_storage, member.avatar.name) == ((256, 256), "PNG")
    assert pixel_size(default_storage, member.avatar_small.name) == ((64, 64), "PNG")
    assert member.avatar.name.startswith(f"avatars/{member.pk}/")
    html = member_client.get(SETTINGS).text
    assert f'<img class="avatar" src="/media/{member.avatar_small.name}"' in html


def test_a_new_picture_replaces_the_old_files(
    member_client, member, django_capture_on_commit_callbacks
):
    member_client.post(SETTINGS, {**form_data(), "avatar": picture()})
    member.refresh_from_db()
    old = [member.avatar.name, member.avatar_small.name]
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(SETTINGS, {**form_data(), "avatar": picture(colour=(0, 0, 255))})
    member.refresh_from_db()
    assert member.avatar.name not in old
    assert default_storage.exists(member.avatar.name)
    assert not any(default_storage.exists(name) for name in old)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(SETTINGS, {**form_data(), "remove_avatar": "on"})
    member.refresh_from_db()
    assert not member.avatar
    assert not member.avatar_small


def test_a_renamed_text_file_is_refused(member_client, member):
    fake = SimpleUploadedFile("me.png", b"I am not a picture at all.\n", content_type="image/png")
    response = member_client.post(SETTINGS, {**form_data(), "avatar": fake})
    assert response.status_code == 200
    assert "That file is not a picture we can read. Upload a PNG, JPEG, GIF or WebP image." in (
        response.text
    )
    member.refresh_from_db()
    assert not member.avatar


def test_an_svg_is_refused(member_client, member):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    upload = SimpleUploadedFile("me.svg", svg, content_type="image/svg+xml")
    response = member_client.post(SETTINGS, {**form_data(), "avatar": upload})
    assert "That file is not a picture we can read." in response.text
    member.refresh_from_db()
    assert not member.avatar


def test_an_oversized_file_is_refused(member_client, member, settings):
    assert settings.ACCOUNTS_AVATAR_MAX_BYTES == 5 * 1024 * 1024
    upload = picture(padding=5 * 1024 * 1024)
    assert upload.size > settings.ACCOUNTS_AVATAR_MAX_BYTES
    response = member_client.post(SETTINGS, {**form_data(), "avatar": upload})
    assert response.status_code == 200
    assert "The picture is larger than the limit of 5 MB; upload a smaller one." in response.text
    member.refresh_from_db()
    assert not member.avatar


def test_without_a_picture_the_member_gets_drawn_initials(member_client):
    MemberFactory.create(username="snake.plissken")
    html = member_client.get(SETTINGS).text
    assert re.search(r'<svg class="avatar avatar-default"[^>]*aria-label="ann&#x27;s avatar"', html)
    assert ">A</text></svg>" in html
    two = default_avatar_svg("snake.plissken", 64)
    assert ">SP</text></svg>" in two
    # The colour is fixed by the name, so it is the same on every page.
    colour = re.compile(r'<rect width="100" height="100" fill="#[0-9a-f]{6}"/>')
    assert colour.findall(two) == colour.findall(default_avatar_svg("Snake.Plissken", 9))
    assert len(colour.findall(two)) == 1


def test_settings_require_the_csrf_token(member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.post(SETTINGS, form_data(bio="changed")).status_code == 403
    assert User.objects.get(pk=member.pk).bio == ""
