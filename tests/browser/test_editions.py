"""A collector's way through the editions in a real browser: from the title page to the
newest edition, on to the compare view; from the home page to the new & upcoming releases
and back through the weeks to the Collector's Edition."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import snap

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server) -> str:
    call_command("load_demo", verbosity=0)
    call_command("load_demo_releases", verbosity=0)
    return str(live_server.url)


def test_title_page_to_edition_to_compare(page: Page, site: str) -> None:
    page.goto(f"{site}/title/escape-from-la-1996/")
    panel = page.locator(".editions-panel")
    expect(panel).to_contain_text("3 editions")
    expect(panel).to_contain_text("with 9 new features")
    panel.get_by_role("link", name="Collector's Edition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collector's Edition")
    keach = page.locator(".feature", has_text="Interview with Stacy Keach")
    expect(keach.locator(".badge-new")).to_be_visible()
    trailer = page.locator(".feature", has_text="Theatrical Trailer")
    expect(trailer.locator(".badge-new")).to_have_count(0)
    keach.get_by_role("link", name="Stacy Keach").click()
    expect(page).to_have_url(f"{site}/person/stacy-keach/")
    page.go_back()
    page.get_by_role("link", name="Compare with the other editions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Editions compared")
    row = page.locator("tbody tr", has_text="Theatrical Trailer")
    expect(row.locator(".compare-first")).to_contain_text("Widescreen DVD")
    expect(page.locator(".compare-focus")).to_contain_text("Gains 9 new features")
    snap(page, "editions-compare")


def test_home_to_new_releases_and_back_through_the_weeks(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New releases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New & upcoming releases")
    # The demo's Collector's Edition came out in 2020: the way back leads to its week.
    page.get_by_role("link", name="Earlier releases").click()
    week = page.locator(".release-week", has_text="Week of 25 May 2020")
    expect(week).to_contain_text("Collector's Edition")
    expect(week).to_contain_text("9 new features")
    page.get_by_label("Format").select_option("dvd")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".release-item")).to_have_count(0)
    snap(page, "new-releases")


def test_title_page_to_the_score_album_and_a_release_tracklist(page: Page, site: str) -> None:
    page.goto(f"{site}/title/escape-from-la-1996/")
    music = page.locator(".music-panel")
    expect(music.locator(".album-card")).to_have_count(2)
    expect(music.locator(".album-card").first).to_contain_text("Original score")
    music.get_by_role("link", name="Escape from L.A. (Original Motion Picture Score)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Escape from L.A. (Original Motion Picture Score)"
    )
    credit = page.locator(".album-credit")
    expect(credit).to_have_text("Shirley Walker & John Carpenter")
    # The first release is chosen: its tracklist is only counted, not listed yet.
    expect(page.locator(".tracklist")).to_contain_text("16 tracks")
    page.get_by_role("link", name='2×12" Vinyl').click()
    expect(page.locator(".release-table tr[aria-current]")).to_contain_text("Real Gone Music")
    expect(page.locator(".release-facts")).to_contain_text("848064005537")
    credit.get_by_role("link", name="Shirley Walker").click()
    expect(page).to_have_url(f"{site}/person/shirley-walker/")
    expect(page.locator(".person-albums")).to_contain_text("Composer")
    snap(page, "person-albums")


def test_the_songs_album_lists_each_track_with_its_band(page: Page, site: str) -> None:
    page.goto(f"{site}/title/escape-from-la-1996/")
    page.locator(".music-panel").get_by_role(
        "link", name="Music from and Inspired", exact=False
    ).click()
    tracks = page.locator(".track-list .track")
    expect(tracks).to_have_count(7)
    sweat = tracks.filter(has_text="Sweat")
    expect(sweat.locator(".track-credit")).to_have_text("Tool")
    expect(sweat.locator(".track-first")).to_contain_text("Opiate (EP, 1992)")
    snap(page, "album-songs")
