"""Markup from members stays text; every change needs the CSRF token; members reach only
what is theirs."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from cinemeter.community.models import Message
from tests.accounts.factories import MemberFactory
from tests.accounts.pages import csrf_token
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import NEW, post, reload

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.")


@pytest.fixture
def ann():
    return MemberFactory.create(username="ann", bio="<script>alert('bio')</script>")


@pytest.fixture
def bob():
    return MemberFactory.create(username="bob")


# --- XSS -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_in_a_message_is_shown_as_text(client, title, ann, attack):
    client.force_login(ann)
    assert client.post(NEW.format(title.slug), {"body": f"Hi {attack}"}).status_code == 302
    page = Client().get(title.get_absolute_url()).text
    assert "Hi " in page  # the message is on the page...
    assert _active_markup(page) == []  # ...and nothing in it runs


class _Scripts(HTMLParser):
    """Every element of a page that could run script: inline scripts, handler attributes,
    javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        self.found += [f"<{tag} {name}>" for name in names if name.startswith("on")]
        for name in ("href", "src", "action"):
            if (names.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")


def _active_markup(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    return parser.found


def test_markup_in_a_bio_is_shown_as_text(client, ann):
    page = client.get(reverse("community:profile", args=["ann"])).text
    assert "<script>alert('bio')</script>" not in page
    assert "&lt;script&gt;" in page


# --- CSRF ----------------------------------------------------------------------------------------


def test_every_change_needs_the_csrf_token(title, ann, bob):
    message = post(ann, title)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bob)
    changes = [
        (reverse("community:vote", args=[title.slug]), {"value": "4.0"}),
        (NEW.format(title.slug), {"body": "Forged."}),
        (reverse("community:message-helpful", args=[message.pk]), {}),
        (reverse("community:message-report", args=[message.pk]), {"reason": "spam"}),
        (reverse("accounts:settings"), {"email": "evil@example.org", "preferred_language": "en"}),
        (reverse("accounts:password-change"), {}),
        (reverse("accounts:logout"), {}),
        (reverse("community:account-delete"), {"password": "x"}),
    ]
    for path, data in changes:
        assert browser.post(path, data).status_code == 403, path
    assert Message.objects.count() == 1
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"
    # With the token from the page, the same kind of post goes through.
    token = csrf_token(browser.get(NEW.format(title.slug)).text)
    sent = browser.post(NEW.format(title.slug), {"body": "Mine.", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302


# --- IDOR ----------------------------------------------------------------------------------------


def test_a_member_cannot_change_another_members_message(client, title, ann, bob):
    message = post(ann, title, "Ann's own words.")
    client.force_login(bob)
    for name in ("community:message-edit", "community:message-delete"):
        path = reverse(name, args=[message.pk])
        assert client.get(path).status_code == 403
        assert client.post(path, {"body": "Bob was here."}).status_code == 403
    message = reload(message)
    assert message.source == "Ann's own words."
    assert message.deleted_at is None


def test_the_settings_page_is_always_ones_own(client, ann, bob):
    client.force_login(bob)
    page = client.get(reverse("accounts:settings"), {"user": ann.pk, "username": "ann"})
    assert "bob@example.org" in page.text
    assert "ann@example.org" not in page.text


def test_moderation_is_for_moderators_only(client, title, ann, bob):
    message = post(ann, title)
    client.force_login(bob)
    assert client.get(reverse("community:moderation")).status_code == 403
    hide = reverse("community:moderation-message", args=[message.pk, "hide"])
    assert client.post(hide).status_code == 403
    suspend = reverse("community:moderation-member", args=["ann", "suspend"])
    assert client.post(suspend).status_code == 403
    assert reload(message).status == "published"


def test_visitors_are_sent_to_log_in(client, title, ann):
    message = post(ann, title)
    for path in (
        reverse("accounts:settings"),
        reverse("community:message-edit", args=[message.pk]),
        reverse("community:account-delete"),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("accounts:login"))
