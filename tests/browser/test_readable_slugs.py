"""In a real browser: "stalker" finds Сталкер at its readable address, and an old bookmark of
its unreadable one lands there too."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import Page, expect

from cinemeter.catalog import services
from cinemeter.catalog.models import TitleKind


def test_an_old_bookmark_and_a_search_both_land_on_the_readable_address(
    page: Page, live_server
) -> None:
    # As the ASCII-only rule named it before, then moved by `reslug`.
    services.title_create(kind=TitleKind.MOVIE, title="Сталкер", year=1979, slug="1979")
    call_command("reslug", stdout=StringIO())
    page.goto(f"{live_server.url}/title/1979/cast/")
    page.wait_for_url("**/title/stalker-1979/cast/")
    expect(page.locator("h1")).to_contain_text("Сталкер")

    page.goto(live_server.url)
    box = page.get_by_role("combobox", name="Search films, shows and people")
    box.press_sequentially("stalker", delay=40)
    option = page.get_by_role("listbox").get_by_role("option").first
    expect(option).to_contain_text("Сталкер")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/title/stalker-1979/")
    expect(page.locator("h1")).to_contain_text("Сталкер")
