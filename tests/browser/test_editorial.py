"""An editor writes, previews, tags and publishes an article in a real browser; a visitor then
finds it on the film's page and reads it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import snap
from tests.browser.test_member_flow import log_in
from tests.editorial.factories import editor_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server) -> str:
    call_command("load_demo", verbosity=0)
    call_command("load_demo_releases", verbosity=0)
    return str(live_server.url)


def test_editor_writes_previews_tags_publishes_and_a_visitor_finds_it(
    page: Page, site: str, browser
) -> None:
    editor = editor_make("chief", publisher=True)
    editor.set_password("a long enough password 1")
    editor.save(update_fields=["password"])
    log_in(page, site, "chief", "a long enough password 1")
    page.goto(f"{site}/articles/editor/new/")
    page.get_by_label("Headline").fill("Snake's second escape, thirty years on")
    body = page.get_by_label("Text")
    body.fill("Thirty years of ")
    body.press_sequentially("[[escape fr", delay=30)
    suggestion = page.get_by_role(
        "option", name="Escape from L.A. (1996) — title:escape-from-la-1996"
    )
    suggestion.click()
    body.press("End")
    body.press_sequentially(" and its music.", delay=5)
    about = page.get_by_label("About")
    about.press_sequentially("title:escape", delay=30)
    page.get_by_role("option", name="Escape from L.A. (1996) — title:escape-from-la-1996").click()
    about.press_sequentially("shirley", delay=30)
    page.get_by_role("option", name="Shirley Walker — person:shirley-walker").click()
    expect(about).to_have_value("title:escape-from-la-1996, person:shirley-walker, ")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".article-preview")
    expect(preview.get_by_role("link", name="Escape from L.A.")).to_be_visible()
    snap(page, "editorial-preview")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Saved.")
    expect(page.locator(".article-state")).to_contain_text("Published")

    visitor = browser.new_context().new_page()
    visitor.goto(f"{site}/title/escape-from-la-1996/")
    panel = visitor.locator(".articles-about-panel")
    expect(panel).to_contain_text("Snake's second escape, thirty years on")
    panel.get_by_role("link", name="Snake's second escape, thirty years on").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Snake's second escape, thirty years on"
    )
    expect(visitor.locator(".about-card")).to_contain_text(["Shirley Walker"])
    snap(visitor, "editorial-article")
    visitor.context.close()


def test_the_editors_pages_fit_a_phone_and_suggestions_open_under_their_field(
    site: str, browser
) -> None:
    editor = editor_make("desk", publisher=True)
    editor.set_password("a long enough password 1")
    editor.save(update_fields=["password"])
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(page, site, "desk", "a long enough password 1")
    page.goto(f"{site}/articles/editor/new/")
    page.get_by_label("Headline").fill("A desk on a phone")
    page.get_by_label("Text").fill("Words about a film.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".article-state")).to_contain_text("Draft")
    about = page.get_by_label("About")
    about.press_sequentially("title:escape", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    expect(about).to_have_attribute("aria-expanded", "true")
    field, listed = about.bounding_box(), page.locator(".ref-suggestions").bounding_box()
    assert field is not None
    assert listed is not None
    # Right under the field, as wide as it: not under the help text, not pushing the page.
    assert 0 <= listed["y"] - (field["y"] + field["height"]) <= 8
    assert abs(listed["x"] - field["x"]) <= 1
    assert abs(listed["width"] - field["width"]) <= 2
    snap(page, "editorial-suggestions-390")
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    for path in (
        "/articles/editor/",
        f"/articles/editor/{slug}/",
        f"/articles/editor/{slug}/revisions/",
        "/articles/",
        "/",
    ):
        page.goto(f"{site}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390px"
    page.context.close()
