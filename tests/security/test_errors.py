"""Error responses: bounded, clear, and logged as one line."""

import logging

from django.urls import reverse

from cinemeter.accounts.models import User
from cinemeter.community.models import Message
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import post

MEGABYTE = 1024 * 1024


def test_a_megabyte_in_a_short_field_is_not_sent_back(client):
    response = client.post(
        reverse("accounts:register"),
        {"username": "a" * MEGABYTE, "email": "x@example.org", "password1": "p", "password2": "p"},
    )
    assert response.status_code == 200
    # The rule says what was wrong, with the length that was sent...
    assert f"A username is 3 to 30 characters long (this one has {MEGABYTE})" in response.text
    # ...but the page repeats no more than the field can hold.
    assert len(response.content) < 64 * 1024
    assert 'value="' + "a" * 30 + '"' in response.text
    assert not User.objects.exists()
    login = client.post(reverse("accounts:login"), {"username": "b" * MEGABYTE, "password": "x"})
    assert login.status_code == 200
    assert len(login.content) < 64 * 1024


def test_the_form_field_says_what_the_validator_says(client):
    html = client.get(reverse("accounts:register")).text
    assert 'maxlength="30"' in html
    assert 'minlength="3"' in html
    assert 'maxlength="150"' not in html


def test_text_within_the_limit_comes_back_whole(client, settings):
    # A message refused (here: a new member's hourly limit) keeps every character typed.
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 0
    title = TitleFactory.create()
    client.force_login(MemberFactory.create())
    text = "word " * 1999  # 9,995 characters, under the 10,000 limit
    response = client.post(reverse("community:message-new", args=[title.slug]), {"body": text})
    assert response.status_code == 200
    assert "New members may post at most 0 messages an hour." in response.text
    assert text + "</textarea>" in response.text
    assert not Message.objects.exists()


def test_a_403_is_logged_as_one_line(client, caplog):
    title = TitleFactory.create()
    message = post(MemberFactory.create(username="ann"), title)
    client.force_login(MemberFactory.create(username="bob"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(reverse("community:message-delete", args=[message.pk]))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Forbidden (Permission denied): /messages/{message.pk}/delete/"
    assert record.exc_info is None
    formatted = logging.Formatter().format(record)
    assert "\n" not in formatted
    assert "Traceback" not in formatted
