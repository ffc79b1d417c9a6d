"""In a real browser: an English reader toggles a translated Dutch review to its original and
back in place, switches the site to Dutch (same URL, remembered), and without JavaScript the
same link still works by reloading."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from cinemeter.catalog.models import Title
from tests.browser.conftest import snap

pytestmark = pytest.mark.django_db(transaction=True)

DUTCH = "Wat een heerlijk foute film."
ENGLISH = "What a gloriously trashy film."


@pytest.fixture
def film_url(live_server, settings) -> str:
    settings.TRANSLATOR_BACKEND = "none"  # the demo's stored translations need no translator
    call_command("load_demo", "--if-empty", stdout=StringIO())
    call_command("load_demo_messages", stdout=StringIO())
    return str(live_server.url) + Title.objects.get(title="Escape from L.A.").get_absolute_url()


def _review(page: Page, text: str):
    return page.locator("article.msg").filter(has_text=text).first


def test_view_original_in_place_then_switch_to_dutch(page: Page, film_url: str) -> None:
    page.goto(film_url)
    review = _review(page, ENGLISH)
    expect(review.get_by_text("Translated from Dutch")).to_be_visible()
    expect(review.get_by_text(ENGLISH)).to_be_visible()
    expect(review.get_by_text(DUTCH)).to_be_hidden()
    page.evaluate("window.samePage = true")
    snap(page, "lang-01-translated")

    review.get_by_role("link", name="View original").click()
    expect(review.get_by_text(DUTCH)).to_be_visible()
    expect(review.get_by_text(ENGLISH)).to_be_hidden()
    expect(review.get_by_role("link", name="View translation")).to_be_visible()
    assert page.evaluate("window.samePage") is True  # no reload
    assert page.url == film_url
    snap(page, "lang-02-original")

    review.get_by_role("link", name="View translation").click()
    expect(review.get_by_text(ENGLISH)).to_be_visible()
    expect(review.get_by_text(DUTCH)).to_be_hidden()

    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Recensies & reacties")).to_be_visible()
    assert page.url == film_url
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("dd.runtime")).to_have_text("101 minuten")
    expect(_review(page, DUTCH).get_by_text("Vertaald")).to_have_count(0)
    english_review = page.locator("article.msg").filter(has_text="Vertaald uit het Engels")
    expect(english_review.get_by_role("link", name="Bekijk origineel")).to_be_visible()
    snap(page, "lang-03-dutch")

    page.goto(film_url)  # remembered
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_view_original_without_javascript(browser: Browser, film_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(film_url)
        review = _review(page, ENGLISH)
        expect(review.get_by_text(DUTCH)).to_be_hidden()
        review.get_by_role("link", name="View original").click()
        assert "?original=" in page.url
        review = _review(page, DUTCH)
        expect(review.get_by_text(DUTCH)).to_be_visible()
        expect(review.get_by_text(ENGLISH)).to_be_hidden()
        review.get_by_role("link", name="View translation").click()
        expect(_review(page, ENGLISH).get_by_text(ENGLISH)).to_be_visible()
    finally:
        context.close()
