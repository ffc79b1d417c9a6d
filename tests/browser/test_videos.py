"""Click to play, in a real browser: the videos page asks nothing of YouTube or Vimeo until a
play button is pressed (by keyboard or mouse), and then frames exactly that video's player,
which the page's content security policy lets through. The providers are never reached: the
browser's requests to them are answered here with a stand-in player page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from cinemeter.catalog.models import Image, ImageKind, Title, Video, VideoKind, VideoProvider
from tests.browser.conftest import snap
from tests.catalog.factories import TitleFactory

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDERS = re.compile(r"youtube|youtu\.be|ytimg|googlevideo|vimeo", re.IGNORECASE)
YOUTUBE_ID = "dQw4w9WgXcQ"
VIMEO_ID = "76979871"


@pytest.fixture
def film() -> Title:
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    Image.objects.create(
        title=title,
        kind=ImageKind.BACKDROP,
        remote_url="https://images.example.org/backdrop.jpg",
        attribution="TMDb",
    )
    for kind, name, provider, key in (
        (VideoKind.TRAILER, "Official trailer", VideoProvider.YOUTUBE, YOUTUBE_ID),
        (VideoKind.TEASER, "Teaser", VideoProvider.YOUTUBE, "teaserKey01"),
        (VideoKind.CLIP, "Surfing clip", VideoProvider.VIMEO, VIMEO_ID),
    ):
        Video.objects.create(title=title, kind=kind, name=name, provider=provider, key=key)
    return title


class Recorder:
    """Every request the page makes; the providers' are answered with a stand-in player, the
    other sites' (the backdrop's host) refused, so nothing leaves the machine."""

    def __init__(self, page: Page, site: str) -> None:
        self.urls: list[str] = []
        self.site = site
        page.on("request", lambda request: self.urls.append(request.url))
        page.route(re.compile(r"^https?://"), self._answer)

    def _answer(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.site):
            route.continue_()
        elif PROVIDERS.search(url):
            route.fulfill(status=200, content_type="text/html", body="<p>player</p>")
        else:
            route.abort()

    def to_providers(self) -> list[str]:
        return [url for url in self.urls if PROVIDERS.search(url)]


@pytest.fixture
def videos_page(page: Page, live_server, film: Title) -> tuple[Page, Recorder]:
    recorder = Recorder(page, str(live_server.url))
    page.goto(f"{live_server.url}/title/{film.slug}/videos/")
    page.wait_for_load_state("networkidle")
    return page, recorder


def _tab_to(page: Page, name: str) -> None:
    """Press Tab until the named play button has the focus, as a keyboard user would."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_nothing_loads_from_the_providers_until_play_is_pressed(
    videos_page: tuple[Page, Recorder],
) -> None:
    page, recorder = videos_page
    expect(page.locator(".video-card")).to_have_count(3)
    assert recorder.urls, "the page made no request at all: the test would prove nothing"
    assert recorder.to_providers() == []
    expect(page.locator("iframe")).to_have_count(0)
    snap(page, "videos-before-play")

    # The keyboard: Tab to the trailer's button (a button, to assistive technology) and Enter.
    trailer = page.get_by_role("button", name="Play Official trailer")
    expect(trailer).to_be_visible()
    _tab_to(page, "Play Official trailer")
    page.keyboard.press("Enter")
    frame = page.locator(".video-card").first.locator("iframe")
    expect(frame).to_have_attribute(
        "src", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&rel=0"
    )
    expect(frame).to_have_attribute("title", "Official trailer")
    expect(frame).to_be_focused()
    page.wait_for_load_state("networkidle")
    assert recorder.to_providers() == [
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1&rel=0"
    ]
    # The player page really loaded in the frame: the policy let it through.
    expect(page.frame_locator(".video-frame").first.locator("p")).to_have_text("player")

    # Space works as on any button; the other cards are still untouched.
    page.get_by_role("button", name="Play Teaser").focus()
    page.keyboard.press(" ")
    expect(page.locator("iframe")).to_have_count(2)

    # The mouse: Vimeo's player, told not to track.
    page.get_by_role("button", name="Play Surfing clip").click()
    expect(page.locator("iframe")).to_have_count(3)
    expect(page.locator("iframe").nth(2)).to_have_attribute(
        "src", f"https://player.vimeo.com/video/{VIMEO_ID}?autoplay=1&dnt=1"
    )
    page.wait_for_load_state("networkidle")
    hosts = {re.sub(r"^https://([^/]+)/.*$", r"\1", url) for url in recorder.to_providers()}
    assert hosts == {"www.youtube-nocookie.com", "player.vimeo.com"}
    snap(page, "videos-playing")


def test_without_javascript_a_play_button_is_a_link_to_the_provider(
    browser: Browser, live_server, film: Title
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    recorder = Recorder(page, str(live_server.url))
    page.goto(f"{live_server.url}/title/{film.slug}/videos/")
    page.wait_for_load_state("networkidle")
    link = page.get_by_role("link", name="Play Official trailer")
    expect(link).to_have_attribute("href", f"https://www.youtube.com/watch?v={YOUTUBE_ID}")
    assert recorder.to_providers() == []
    link.click()
    page.wait_for_url(f"https://www.youtube.com/watch?v={YOUTUBE_ID}")
    expect(page.locator("p")).to_have_text("player")
    context.close()
