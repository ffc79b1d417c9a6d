"""The member's path through the site in a real browser: register, confirm, log in, log out."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Title
from cinemeter.community.messages.services import PASTE_WARNING
from cinemeter.community.models import Message
from cinemeter.community.votes.services import vote_cast
from tests.accounts.factories import MemberFactory
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

    # Opening the link (as a mail scanner would) confirms nothing; the button does, and logs in.
    page.goto(confirm_link())
    assert not User.objects.get(username="plissken").is_active
    page.get_by_role("button", name="Confirm and log in").click()
    header = page.get_by_role("navigation", name="Account")
    expect(header.get_by_role("link", name="plissken")).to_be_visible()
    assert User.objects.get(username="plissken").is_active
    snap(page, "02-logged-in")

    header.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in")
    ).to_be_visible()
    log_in(page, base, "plissken", password)
    expect(header.get_by_role("link", name="plissken")).to_be_visible()


def paste(page: Page, selector: str, text: str) -> None:
    """What a member's Ctrl+V does to a text box: a paste event carrying the clipboard text,
    then the text in the box."""
    page.locator(selector).evaluate(
        """(box, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
            box.value = text;
        }""",
        text,
    )


def test_a_new_member_votes_and_reviews_a_film(page: Page, live_server) -> None:
    call_command("load_demo", verbosity=0)
    film = Title.objects.get(title="Escape from L.A.")
    for value in ("2.0", "3.0"):
        vote_cast(user=MemberFactory.create(), title=film, value=Decimal(value))
    base, password = live_server.url, "a long walk to Snake Plissken"
    register(page, base, "maggie", password)
    page.goto(confirm_link())
    page.get_by_role("button", name="Confirm and log in").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="maggie")
    ).to_be_visible()

    page.goto(f"{base}{film.get_absolute_url()}")
    # The score panel and the member's own-vote panel, side by side in the page's score slot.
    panel = page.locator(".title-score")
    expect(panel.locator(".member-score-line")).to_contain_text("Too few votes (2 votes)")
    page.evaluate("window.notReloaded = true")
    panel.get_by_role("button", name="3.5 stars").click()
    # (2 + 3 + 3.5) / 3, shown in place: the page was not loaded again.
    expect(panel.locator(".average")).to_have_text("2.83")
    expect(panel.locator(".vote-count")).to_have_text("(3 votes)")
    expect(panel.locator(".own-vote")).to_have_text("3.5")
    assert page.evaluate("window.notReloaded === true")
    snap(page, "03-voted")

    expect(page.get_by_role("heading", name="Reviews & comments")).to_be_visible()
    long_copy = " ".join([film.plot] * 3)
    paste(page, "#id_body", long_copy)
    warning = page.locator("[data-paste-warning]")
    expect(warning).to_be_visible()  # at once, before anything is sent
    expect(warning).to_contain_text("Because of copyright you may not copy")
    snap(page, "04-paste-warning")
    page.get_by_role("button", name="Post").click()
    # The server refuses it too, and keeps every word the member typed.
    expect(page.get_by_text(str(PASTE_WARNING)).filter(visible=True).first).to_be_visible()
    expect(page.locator("#id_body")).to_have_value(long_copy)
    assert not Message.objects.exists()

    review = "Snake is back, and *funnier* than in New York. The surf scene is pure Carpenter."
    page.locator("#id_body").fill(review)
    page.get_by_role("button", name="Post").click()
    expect(page.locator("#messages").get_by_text("funnier")).to_be_visible()
    maggie = User.objects.get(username="maggie")
    assert Message.objects.get().author == maggie
    snap(page, "05-review-posted")

    page.get_by_role("navigation", name="Account").get_by_role("link", name="maggie").click()
    expect(page.locator(".stat-messages")).to_have_text("1 message")
    expect(page.locator(".stat-votes")).to_have_text("1 vote")
    snap(page, "06-profile")

    page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in")
    ).to_be_visible()
