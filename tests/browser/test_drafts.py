"""A member's typed text survives a failed post in a real browser (static/js/drafts.js).

The form expires (its CSRF cookie is gone, as after a long pause): the post fails with the
403 page, which shows the text to copy; opening the form again finds the text restored from
the browser's draft. A post that succeeds lands on the new message and drops the draft, so
the next form starts empty.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cinemeter.community.models import Message
from tests.accounts.factories import MemberFactory
from tests.browser.test_member_flow import log_in
from tests.catalog.factories import TitleFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Carpenter's best sequel: I wrote this for twenty minutes and it comes back."


def test_a_failed_post_gives_the_text_back_and_the_form_restores_it(
    page: Page, live_server
) -> None:
    film = TitleFactory.create(title="Escape from L.A.")
    MemberFactory.create(username="drafter", password="a-long-password-17")
    log_in(page, live_server.url, "drafter", "a-long-password-17")
    compose = f"{live_server.url}/title/{film.slug}/messages/new/"
    page.goto(compose)
    page.locator("textarea[name=body]").fill(TEXT)
    # The form expires: its CSRF cookie is gone by the time the member sends it.
    cookies = [c for c in page.context.cookies() if c["name"] != "csrftoken"]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)  # type: ignore[arg-type]
    page.get_by_role("button", name=re.compile("Post", re.IGNORECASE)).click()
    expect(page.locator("#kept-text")).to_have_value(TEXT)  # the failure page keeps it
    assert not Message.objects.filter(source=TEXT).exists()

    page.goto(compose)  # the form again: empty from the server, filled by the draft
    expect(page.locator("textarea[name=body]")).to_have_value(TEXT)

    page.get_by_role("button", name=re.compile("Post", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"#message-\d+$"))
    assert Message.objects.filter(source=TEXT).count() == 1
    page.goto(compose)  # posted: the draft is gone
    expect(page.locator("textarea[name=body]")).to_have_value("")
