"""Nothing tells a visitor which e-mail addresses or log-in names have accounts."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import MemberFactory

REGISTER = reverse("accounts:register")
RESET = reverse("accounts:password-reset")
LOGIN = reverse("accounts:login")


@pytest.fixture
def member():
    return MemberFactory.create(username="ann", email="ann@example.org")


def _page(response):
    """A page as the visitor sees it, without the per-visit CSRF token."""
    return re.sub(r'value="[^"]{40,}"', "", response.text)


def _registration(username, email):
    password = "a-long-film-buff-password"
    return {
        "username": username,
        "email": email,
        "password1": password,
        "password2": password,
        "accept_terms": "on",
    }


def test_registration_answers_the_same_for_a_known_address(member):
    known = Client().post(REGISTER, _registration("newname1", "ANN@example.org"), follow=True)
    unknown = Client().post(REGISTER, _registration("newname2", "new@example.org"), follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known) == _page(unknown)
    # Only the address's owner learns of the attempt.
    assert [m.to for m in mail.outbox] == [["ann@example.org"], ["new@example.org"]]


def test_password_reset_answers_the_same_for_a_known_address(member):
    known = Client().post(RESET, {"email": "ann@example.org"}, follow=True)
    unknown = Client().post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known) == _page(unknown)
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]


def test_activation_resend_answers_the_same_for_a_known_address(member):
    resend = reverse("accounts:activation-resend")
    known = Client().post(resend, {"email": "ann@example.org"})
    unknown = Client().post(resend, {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_log_in_answers_the_same_for_a_wrong_password_and_an_unknown_name(member):
    wrong = Client().post(LOGIN, {"username": "ann", "password": "wrong"})
    unknown = Client().post(LOGIN, {"username": "nobody", "password": "wrong"})
    assert _page(wrong).replace("ann", "X") == _page(unknown).replace("nobody", "X")
    # And when either is paused.
    for name in ("ann", "nobody"):
        for _ in range(5):
            Client().post(LOGIN, {"username": name, "password": "wrong"})
    paused = Client().post(LOGIN, {"username": "ann", "password": "wrong"})
    paused_unknown = Client().post(LOGIN, {"username": "nobody", "password": "wrong"})
    assert "paused" in paused.text
    assert _page(paused).replace("ann", "X") == _page(paused_unknown).replace("nobody", "X")


def test_an_e_mail_change_to_a_used_address_answers_as_any_other(client, member):
    MemberFactory.create(username="bob", email="bob@example.org")
    client.force_login(member)
    settings_page = reverse("accounts:settings")
    data = {"bio": "", "preferred_language": "en"}
    used = client.post(settings_page, {**data, "email": "bob@example.org"}, follow=True)
    free = client.post(settings_page, {**data, "email": "free@example.org"}, follow=True)
    assert _page(used).replace("bob@", "X@") == _page(free).replace("free@", "X@")
