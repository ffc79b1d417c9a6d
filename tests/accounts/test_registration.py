"""Registration over real HTTP: the username rules, e-mail verification, and the robot guards."""

import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.test import Client
from django.urls import reverse

from cinemeter.accounts.models import User
from cinemeter.accounts.validators import RESERVED_USERNAMES
from tests.accounts.factories import MemberFactory
from tests.accounts.pages import csrf_token, mailed_link

REGISTER = reverse("accounts:register")
DONE = reverse("accounts:register-done")
PASSWORD = "a-long-film-buff-password"


def form_data(**changes):
    data = {
        "username": "snake.plissken",
        "email": "snake@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def activation_link(message):
    return mailed_link(message.body, "/account/activate/")


def test_the_form_marks_required_fields_and_warns_about_the_username(client):
    page = client.get(REGISTER)
    assert page.status_code == 200
    html = page.text
    assert "* denotes required fields" in html
    assert "Pay attention! You cannot change your username afterwards." in html
    for label in ["Username", "E-mail address", "Password", "Password again", "I accept the"]:
        assert re.search(rf"{label}[^<]*<span class=\"required-mark\"[^>]*>\*</span>", html), label
    assert "letters (a–z, A–Z), digits, and . _ - only" in html
    # The honeypot is in the form but out of sight.
    assert re.search(r'class="hp-field" aria-hidden="true">.*name="website"', html, re.S)


def test_registration_mails_a_link_that_activates_the_account(client):
    response = client.post(REGISTER, form_data())
    assert response.status_code == 302
    assert response.url == reverse("accounts:register-done")
    user = User.objects.get(username="snake.plissken")
    assert not user.is_active
    assert not user.email_verified
    assert user.check_password(PASSWORD)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["snake@example.org"]
    assert "Confirm your Cinemeter account" in message.subject
    # Not yet verified: logging in fails.
    assert not client.login(username="snake.plissken", password=PASSWORD)

    link = activation_link(message)
    # Opening the link (as a mail scanner does) changes nothing: the page asks for a click.
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm and log in" in page.text
    assert re.search(
        r'<form method="post">\s*<input type="hidden" name="csrfmiddlewaretoken"', page.text
    )
    assert not User.objects.get(pk=user.pk).is_active
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("catalog:home")
    activated = User.objects.get(pk=user.pk)
    assert activated.is_active
    assert activated.email_verified
    assert get_user(client) == activated  # logged in by the click

    # A link works once: a closed account is not reopened by it.
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Client().get(link).status_code == 400
    assert Client().post(link).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_a_tampered_or_expired_link_is_refused(client, settings):
    client.post(REGISTER, form_data())
    link = activation_link(mail.outbox[0])
    assert client.get(link.replace("/activate/", "/activate/x")).status_code == 400
    settings.ACCOUNTS_LINK_MAX_AGE = -1
    response = client.get(link)
    assert response.status_code == 400
    assert "This link does not work" in response.text
    assert not User.objects.get(username="snake.plissken").is_active


def test_an_expired_link_can_be_replaced(client, settings):
    client.post(REGISTER, form_data())
    old_link = activation_link(mail.outbox[0])
    settings.ACCOUNTS_LINK_MAX_AGE = -1
    assert "ask for a new link" in client.get(old_link).text
    settings.ACCOUNTS_LINK_MAX_AGE = 3600
    resend = reverse("accounts:activation-resend")
    response = client.post(resend, {"email": "SNAKE@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:register-done")
    assert len(mail.outbox) == 2
    assert client.post(activation_link(mail.outbox[1])).status_code == 302
    assert User.objects.get(username="snake.plissken").is_active
    # Confirmed or unknown addresses get the same answer and no e-mail.
    assert client.post(resend, {"email": "snake@example.org"}).url == response.url
    assert client.post(resend, {"email": "nobody@example.org"}).url == response.url
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("ab", "A username is 3 to 30 characters long (this one has 2)."),
        ("a" * 31, "A username is 3 to 30 characters long (this one has 31)."),
        ("snake plissken", "Use only letters (a–z, A–Z), digits, and the characters . _ - in"),
        ("snake@la", "Use only letters (a–z, A–Z), digits, and the characters . _ - in"),
        ("snäke", "Use only letters (a–z, A–Z), digits, and the characters . _ - in"),
        ("аdmin", "Use only letters (a–z, A–Z), digits, and the characters . _ - in"),
        ("<script>alert(1)</script>", "Use only letters"),
        ('"><img src=x onerror=alert(1)>', "Use only letters"),
    ],
)
def test_username_rules_are_explained(client, username, message):
    response = client.post(REGISTER, form_data(username=username))
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.exists()
    assert not mail.outbox
    # What was typed comes back escaped, never as markup.
    assert "<script>alert(1)</script>" not in response.text
    assert "<img src=x" not in response.text


@pytest.mark.parametrize("username", ["abc", "a" * 30, "Snake_Plissken-1996.la"])
def test_usernames_within_the_rules_are_accepted(client, username):
    assert client.post(REGISTER, form_data(username=username)).status_code == 302
    assert User.objects.filter(username=username).exists()


@pytest.mark.parametrize("username", ["admin", "Administrator", "MODERATOR", "root", "Cinemeter"])
def test_reserved_names_are_refused_in_any_case(client, username):
    assert username.lower() in RESERVED_USERNAMES
    response = client.post(REGISTER, form_data(username=username))
    assert f"“{username}” is reserved; please choose another username." in response.text
    assert not User.objects.exists()


def test_a_name_taken_in_other_capitals_is_refused(client):
    MemberFactory.create(username="Snake.Plissken")
    response = client.post(REGISTER, form_data(username="snake.PLISSKEN"))
    assert response.status_code == 200
    assert "That username is taken" in response.text
    assert User.objects.count() == 1


def test_an_address_with_an_account_gets_a_mail_and_the_page_says_nothing(client):
    MemberFactory.create(username="someone", email="Snake@Example.org")
    taken = client.post(REGISTER, form_data(email="snake@EXAMPLE.org"))
    fresh = Client().post(REGISTER, form_data(username="kurt", email="kurt@example.org"))
    # The same answer as a new address: the page does not say whose address it is.
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == DONE
    assert sorted(User.objects.values_list("username", flat=True)) == ["kurt", "someone"]
    owner_mail, kurt_mail = mail.outbox
    assert owner_mail.to == ["Snake@example.org"]
    assert owner_mail.subject == "You already have a Cinemeter account"
    assert "no new account was made" in owner_mail.body
    assert "http://testserver/account/password/reset/" in owner_mail.body
    assert kurt_mail.subject == "Confirm your Cinemeter account"


def test_an_unconfirmed_address_registering_again_gets_a_new_link(client):
    client.post(REGISTER, form_data())
    response = client.post(REGISTER, form_data(username="another.name"))
    assert response.url == DONE
    assert User.objects.count() == 1
    first, second = mail.outbox
    assert second.subject == first.subject == "Confirm your Cinemeter account"
    assert client.post(activation_link(second)).status_code == 302
    assert User.objects.get(username="snake.plissken").is_active


def test_passwords_must_match_and_be_strong_and_terms_accepted(client):
    response = client.post(REGISTER, form_data(password2="something-else-entirely"))
    assert "The two passwords differ" in response.text
    response = client.post(REGISTER, form_data(password1="snake", password2="snake"))
    assert "This password is too short." in response.text
    response = client.post(REGISTER, form_data(accept_terms=None))
    assert "You need to accept the terms of use to register." in response.text
    assert not User.objects.exists()


def test_a_refused_form_keeps_what_was_typed_except_the_passwords(client):
    response = client.post(REGISTER, form_data(username="ab", email="snake@example.org"))
    html = response.text
    assert 'value="ab"' in html
    assert 'value="snake@example.org"' in html
    assert re.search(r'name="accept_terms"[^>]*checked', html)
    assert PASSWORD not in html


def test_a_filled_honeypot_is_refused_quietly(client):
    response = client.post(REGISTER, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Your registration could not be processed." in response.text
    # Nothing tells the robot which field gave it away.
    assert "website" not in response.text.split("form-errors", 1)[1].split("</div>", 1)[0]
    assert not User.objects.exists()
    assert not mail.outbox


def test_registrations_are_limited_per_address(client, settings):
    assert settings.ACCOUNTS_REGISTRATIONS_PER_IP == 5
    # Refused forms (typos) do not count: only accepted registrations do.
    for _ in range(10):
        assert client.post(REGISTER, form_data(username="x")).status_code == 200
    for number in range(5):
        response = client.post(
            REGISTER, form_data(username=f"member{number}", email=f"m{number}@example.org")
        )
        assert response.status_code == 302
    response = client.post(REGISTER, form_data(username="member5", email="m5@example.org"))
    assert response.status_code == 429
    assert "Too many registrations from your address; try again later." in response.text
    assert 'value="member5"' in response.text
    assert User.objects.count() == 5
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert (
        other.post(REGISTER, form_data(username="member6", email="m6@example.org")).status_code
        == 302
    )


def test_registration_requires_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(REGISTER, form_data()).status_code == 403
    assert not User.objects.exists()
    page = browser.get(REGISTER)
    token = csrf_token(page.text)
    assert browser.post(REGISTER, {**form_data(), "csrfmiddlewaretoken": token}).status_code == 302
    assert User.objects.filter(username="snake.plissken").exists()
