"""The member's path through the site in a real browser: register, confirm, log in, log out."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from cinemeter.accounts.models import User
from tests.browser.conftest import snap

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+/account/activate/\S+/")


def register(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/account/register/")
    expect(page.get_by_text("* denotes required fields")).to_be_visible()
    expect(
        page.get_by_text("Pay attention! You cannot change your username afterwards.")
    ).to_be_visible()
    page.locator("#id_username").fill(username)
    page.locator("#id_email").fill(f"{username}@example.org")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("#id_accept_terms").check()
    snap(page, "01-register")
    page.get_by_role("button", name=re.compile("Register", re.IGNORECASE)).click()


def confirm_link() -> str:
    assert len(mail.outbox) == 1
    found = LINK.search(str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    return found.group(0)


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=re.compile("Log in", re.IGNORECASE)).click()


def test_register_confirm_log_in_and_out(page: Page, live_server) -> None:
    base, password = live_server.url, "a long walk to Snake Plissken"
    register(page, base, "plissken", password)
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert not User.objects.get(username="plissken").is_active

    page.goto(confirm_link())
    assert User.objects.get(username="plissken").is_active
    log_in(page, base, "plissken", password)
    header = page.get_by_role("navigation", name="Account")
    expect(header.get_by_role("link", name="plissken")).to_be_visible()
    snap(page, "02-logged-in")

    header.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in")
    ).to_be_visible()
