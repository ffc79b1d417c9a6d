"""Log-in by username or address, throttled failures, log-out, password reset and change."""

import re
import time

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.test import Client
from django.urls import reverse

from cinemeter.accounts import throttle
from tests.accounts.factories import PASSWORD, MemberFactory
from tests.accounts.pages import mailed_link

LOGIN = reverse("accounts:login")


@pytest.fixture
def member():
    return MemberFactory.create(username="Snake.Plissken", email="Snake@Example.org")


def log_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in_as(client):
    # From the session itself: anonymous pages may come from the page cache, without context.
    return get_user(client)


@pytest.mark.parametrize(
    "identifier", ["Snake.Plissken", "snake.plissken", "snake@example.org", "SNAKE@EXAMPLE.ORG"]
)
def test_members_log_in_with_username_or_address_in_any_case(client, member, identifier):
    response = log_in(client, identifier)
    assert response.status_code == 302
    assert logged_in_as(client) == member


def test_a_wrong_password_or_unverified_account_is_refused(client, member):
    response = log_in(client, "snake.plissken", "wrong-password")
    assert response.status_code == 200
    assert "do not match an active account" in response.text
    assert not logged_in_as(client).is_authenticated
    MemberFactory.create(username="newbie", is_active=False, email_verified=False)
    assert "follow the link in the e-mail" in log_in(client, "newbie").text
    assert not logged_in_as(client).is_authenticated


PAUSED = "Log-in to this account is paused for 15 minutes"


def test_failed_log_ins_pause_the_account_and_mail_its_owner_a_link(client, member, settings):
    assert settings.ACCOUNTS_LOGIN_FAILURES_ALLOWED == 5
    for number in range(5):
        # Username and address share the account's budget.
        name = "snake.plissken" if number % 2 else "snake@example.org"
        assert "do not match" in log_in(client, name, "wrong").text
    assert not mail.outbox
    # Even the right password is refused during the pause, from another address too.
    elsewhere = Client(REMOTE_ADDR="203.0.113.20")
    response = log_in(elsewhere, "SNAKE.plissken")
    assert PAUSED in response.text
    assert "we sent it a link that logs you in at once" in response.text
    assert not logged_in_as(elsewhere).is_authenticated
    # The owner gets one link, however many attempts follow.
    log_in(client, "snake.plissken", "wrong")
    [unlock] = mail.outbox
    assert unlock.to == ["Snake@example.org"]
    assert unlock.subject == "Log in to your Cinemeter account"
    # Other members are not locked out by it, from the same address either.
    MemberFactory.create(username="ann")
    assert log_in(client, "ann").status_code == 302

    # The link opens a page (a mail scanner's fetch changes nothing); its button logs in.
    owner = Client(REMOTE_ADDR="198.51.100.7")
    link = mailed_link(unlock.body, "/account/unlock/")
    page = owner.get(link)
    assert page.status_code == 200
    assert not logged_in_as(owner).is_authenticated
    response = owner.post(link)
    assert response.status_code == 302
    assert logged_in_as(owner) == member
    # Once.
    assert Client().post(link).status_code == 400
    assert "This link does not work" in Client().get(link).text


def test_a_name_that_is_no_account_is_paused_with_the_same_words(client, member):
    for _ in range(5):
        log_in(client, "nobody.here", "wrong")
    response = log_in(client, "nobody.here", "wrong")
    assert PAUSED in response.text
    assert "If the account has an e-mail address, we sent it a link" in response.text
    assert not mail.outbox


def test_failed_log_ins_are_limited_per_address_too(client, member, settings):
    assert settings.ACCOUNTS_LOGIN_FAILURES_PER_IP == 100  # a NAT hides many members
    settings.ACCOUNTS_LOGIN_FAILURES_PER_IP = 8
    for number in range(8):
        assert "do not match" in log_in(client, f"nobody{number}", "wrong").text
    response = log_in(client, "snake.plissken")
    assert "Too many failed log-ins from your address; try again in 15 minutes." in response.text
    assert not logged_in_as(client).is_authenticated
    assert log_in(Client(REMOTE_ADDR="203.0.113.21"), "snake.plissken").status_code == 302


def test_successful_log_ins_do_not_use_up_the_address_budget(member, settings):
    settings.ACCOUNTS_LOGIN_FAILURES_PER_IP = 3
    for _ in range(5):
        browser = Client()
        assert log_in(browser, "snake.plissken").status_code == 302
    assert "do not match" in log_in(Client(), "snake.plissken", "wrong").text


def test_the_pause_ends_with_the_window(client, member, monkeypatch):
    for _ in range(5):
        log_in(client, "snake.plissken", "wrong")
    assert PAUSED in log_in(client, "snake.plissken").text
    # The clock moves past the 15 minutes instead of the test waiting for them.
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(throttle, "clock", lambda: later)
    assert log_in(client, "snake.plissken").status_code == 302


def test_log_out_is_a_post(client, member):
    client.force_login(member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert logged_in_as(client).is_authenticated
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not logged_in_as(client).is_authenticated


def test_the_header_offers_log_in_or_the_member_menu(client, member):
    html = client.get(reverse("catalog:home")).text
    assert f'href="{LOGIN}">Log in</a>' in html
    assert f'href="{reverse("accounts:register")}">Register</a>' in html
    client.force_login(member)
    html = client.get(reverse("catalog:home")).text
    assert '<a href="/member/Snake.Plissken/">Snake.Plissken</a>' in html
    assert f'href="{reverse("accounts:settings")}">Settings</a>' in html
    assert re.search(
        r'<form method="post" action="/account/logout/"[^>]*>'
        r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>'
        r'<button type="submit"[^>]*>Log out</button>',
        html,
    )
    assert "Log in</a>" not in html


def test_password_reset_by_e_mail(client, member):
    response = client.post(reverse("accounts:password-reset"), {"email": "snake@EXAMPLE.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["Snake@example.org"]  # create_user lower-cases the domain
    assert message.subject == "Reset your Cinemeter password"
    link = mailed_link(message.body, "/account/password/reset/")
    page = client.get(link, follow=True)
    assert "Choose a new password" in page.text
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-complete")
    assert log_in(Client(), "snake.plissken", "a-brand-new-passphrase").status_code == 302
    # The link worked once.
    assert "This link does not work" in client.get(link, follow=True).text


def test_password_change(client, member):
    change = reverse("accounts:password-change")
    assert client.get(change).url.startswith(LOGIN)
    client.force_login(member)
    refused = client.post(
        change,
        {
            "old_password": "wrong",
            "new_password1": "a-new-one-123",
            "new_password2": "a-new-one-123",
        },
    )
    assert "Your old password was entered incorrectly" in refused.text
    response = client.post(
        change,
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-one-123",
            "new_password2": "a-new-one-123",
        },
    )
    assert response.url == reverse("accounts:password-change-done")
    member.refresh_from_db()
    assert member.check_password("a-new-one-123")


@pytest.mark.parametrize("name", ["accounts:login", "accounts:password-reset"])
def test_log_in_and_reset_forms_require_the_csrf_token(member, name):
    browser = Client(enforce_csrf_checks=True)
    data = {"username": "snake.plissken", "password": PASSWORD, "email": "snake@example.org"}
    assert browser.post(reverse(name), data).status_code == 403
    assert not mail.outbox
