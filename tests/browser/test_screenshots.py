"""The pages a person sees, at a desktop and a phone width, in a real browser: screenshots
into var/screenshots/ (to be looked at) and the layout rules that can be checked by machine.

- No page scrolls sideways at 390 px.
- On the title page at 1280 px the sidebar stands beside the main column; at 390 px below it.
- The star control is reached with Tab, moved with the arrow keys and votes with Enter.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, expect

from cinemeter.catalog.models import Title
from cinemeter.community.models import Vote
from cinemeter.community.votes.services import vote_cast
from tests.accounts.factories import MemberFactory
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)
PASSWORD = "a long walk to Snake Plissken"


@pytest.fixture
def site(live_server) -> str:
    call_command("load_demo", verbosity=0)
    call_command("load_demo_messages", verbosity=0)
    film = Title.objects.get(slug="escape-from-la-1996")
    for value in ("2.5", "3.0", "3.5", "2.0"):
        vote_cast(user=MemberFactory.create(), title=film, value=Decimal(value))
    return str(live_server.url)


def _context(browser: Browser, width: int) -> BrowserContext:
    return browser.new_context(viewport={"width": width, "height": 900})


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/account/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text(username)


def _status(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def _shoot(page: Page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_at_both_widths(browser: Browser, site: str, width: int) -> None:
    MemberFactory.create(username="maggie", password=PASSWORD)
    visitor = _context(browser, width)
    page = visitor.new_page()
    pages = {
        "home": "/",
        "title": "/title/escape-from-la-1996/",
        "cast": "/title/escape-from-la-1996/cast/",
        "media": "/title/escape-from-la-1996/media/",
        "videos": "/title/escape-from-la-1996/videos/",
        "person": "/person/kurt-russell/",
        "show": "/title/masters-of-horror-2005/",
        "register": "/account/register/",
    }
    for name, path in pages.items():
        assert _status(page, f"{site}{path}") == 200, path
        _shoot(page, name, width)
    assert _status(page, f"{site}/title/no-such-film/") == 404
    expect(page.get_by_role("link", name="home page")).to_be_visible()
    _shoot(page, "404", width)
    visitor.close()

    member = _context(browser, width)
    page = member.new_page()
    _log_in(page, site, "maggie")
    page.goto(f"{site}/title/escape-from-la-1996/")
    expect(page.locator("[data-star-vote]")).to_be_visible()
    _shoot(page, "title-member", width)
    assert _status(page, f"{site}/moderation/") == 403
    expect(page.locator("main")).to_contain_text("Only moderators may see this page.")
    _shoot(page, "403", width)
    member.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_sidebar_stands_beside_the_main_column_on_a_desktop_only(
    browser: Browser, site: str, width: int
) -> None:
    context = _context(browser, width)
    page = context.new_page()
    page.goto(f"{site}/title/escape-from-la-1996/")
    main = page.locator(".title-main").bounding_box()
    aside = page.locator(".title-aside").bounding_box()
    assert main is not None
    assert aside is not None
    if width >= 1280:
        assert aside["x"] >= main["x"] + main["width"]  # to its right
        assert abs(aside["y"] - main["y"]) < 2  # and level with it
    else:
        assert aside["y"] >= main["y"] + main["height"]  # below it
        assert abs(aside["x"] - main["x"]) < 2
    context.close()


def test_the_star_control_works_by_keyboard(browser: Browser, site: str) -> None:
    MemberFactory.create(username="maggie", password=PASSWORD)
    context = _context(browser, 1280)
    page = context.new_page()
    _log_in(page, site, "maggie")
    page.goto(f"{site}/title/escape-from-la-1996/")
    # One tab stop for the whole control: Tab lands on the first half star.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('vote-choice')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "0.5 stars"
    expect(page.locator("[data-star-preview]")).to_have_text("0.5 stars")  # named as it is focused
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "3.5 stars"
    expect(page.locator("[data-star-preview]")).to_have_text("3.5 stars")
    page.keyboard.press("Enter")
    expect(page.locator(".own-vote")).to_have_text("3.5")
    # The vote was sent in place and the chosen half keeps the focus.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "3.5 stars"
    film = Title.objects.get(slug="escape-from-la-1996")
    assert Vote.objects.get(user__username="maggie", title=film).value == Decimal("3.5")
    # Only the chosen half is a tab stop now, and the stars are filled up to it.
    stops = page.locator(".vote-choice[tabindex='0']")
    expect(stops).to_have_count(1)
    expect(stops).to_have_attribute("aria-label", "3.5 stars")
    expect(page.locator(".vote-choice.on")).to_have_count(7)
    context.close()
