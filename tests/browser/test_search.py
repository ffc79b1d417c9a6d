"""The header's search box in a real browser: type, pick a suggestion by keyboard, land on it."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import Page, expect

from cinemeter.catalog.models import Title


def test_type_pick_a_suggestion_with_the_keyboard_and_land_on_the_title(
    page: Page, live_server
) -> None:
    call_command("load_demo", verbosity=0)
    film = Title.objects.get(title="Escape from L.A.")
    page.goto(live_server.url)
    box = page.get_by_role("combobox", name="Search films, shows and people")
    box.click()
    box.press_sequentially("escape fr", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Escape from")
    # Down to the suggestion for the film, whichever place it has, then Enter.
    texts = options.all_inner_texts()
    index = next(i for i, text in enumerate(texts) if "Escape from L.A." in text)
    for _ in range(index + 1):
        box.press("ArrowDown")
    selected = listbox.locator('[aria-selected="true"]')
    expect(selected).to_contain_text("Escape from L.A.")
    expect(box).to_have_attribute("aria-activedescendant", selected.get_attribute("id") or "")
    box.press("Enter")
    page.wait_for_url(f"**{film.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Escape from L.A.")


def test_escape_closes_the_list_and_enter_submits_the_form(page: Page, live_server) -> None:
    call_command("load_demo", verbosity=0)
    page.goto(live_server.url)
    box = page.get_by_role("combobox", name="Search films, shows and people")
    box.press_sequentially("kurt russel", delay=40)
    expect(page.get_by_role("listbox")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.press("Enter")  # no suggestion chosen: the plain form's results page
    page.wait_for_url("**/search/?q=kurt+russel")
    expect(page.locator(".search-hit").first).to_contain_text("Kurt Russell")
