"""The public member page: counts, the vote histogram, recent votes; a fixed query budget."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cinemeter.accounts.services import imported_members_ensure, member_counts_add
from cinemeter.community.members.selectors import RECENT_VOTES
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.factories import cast


@pytest.fixture
def member():
    return MemberFactory.create(username="Snake.Plissken", bio="Call me Snake.")


def vote(member, value, title=None):
    return cast(member, title or TitleFactory.create(), value)


def bars(html):
    return {
        value: int(count)
        for value, count in re.findall(
            r'<g class="bar" data-value="([\d.]+)" data-count="(\d+)">', html
        )
    }


def test_the_profile_shows_the_member(client, member):
    member_counts_add(user_id=member.pk, messages=1)
    escape = TitleFactory.create(title="Escape from L.A.", year=1996)
    vote(member, "4.5", escape)
    vote(member, "4.5")
    vote(member, "1.0")
    response = client.get("/member/snake.plissken/")  # any capitals find the member
    assert response.status_code == 200
    html = response.text
    assert "<h1>Snake.Plissken</h1>" in html
    joined = timezone.localtime(member.date_joined)  # shown in the site's time zone
    assert f'Member since <time datetime="{joined:%Y-%m-%d}">{joined:%-d %B %Y}</time>' in html
    assert "<strong>3</strong> votes</li>" in html
    assert "<strong>1</strong> message</li>" in html
    assert "Call me Snake." in html
    assert '<svg class="avatar avatar-default"' in html
    assert bars(html) == {
        "0.5": 0, "1.0": 1, "1.5": 0, "2.0": 0, "2.5": 0,
        "3.0": 0, "3.5": 0, "4.0": 0, "4.5": 2, "5.0": 0,
    }  # fmt: skip
    # The tallest bar fills the chart; the others are in proportion.
    heights = dict(
        re.findall(
            r'data-value="([\d.]+)"[^>]*>\s*<title>[^<]*</title>\s*<rect [^>]*height="([\d.]+)"',
            html,
        )
    )
    assert heights["4.5"] == "110"
    assert heights["1.0"] == "55"
    assert heights["3.0"] == "0"
    assert f'<a href="{escape.get_absolute_url()}">Escape from L.A.</a>' in html
    assert "4.5 ★" in html
    assert "Recent messages" in html
    assert "No messages yet." in html


def test_recent_votes_are_the_latest_few(client, member):
    votes = [vote(member, "3.0") for _ in range(RECENT_VOTES + 2)]
    html = client.get(member.get_absolute_url()).text
    shown = re.findall(r'<td><a href="/title/([^/]+)/">', html)
    assert len(shown) == RECENT_VOTES
    assert shown[0] == votes[-1].title.slug
    assert votes[0].title.slug not in shown
    assert bars(html)["3.0"] == RECENT_VOTES + 2


def test_a_member_without_votes(client, member):
    html = client.get(member.get_absolute_url()).text
    assert "<strong>0</strong> votes" in html
    assert html.count("No votes yet.") == 2
    assert 'class="histogram"' not in html


def test_unknown_and_unverified_members_have_no_page(client):
    assert client.get("/member/nobody/").status_code == 404
    MemberFactory.create(username="newbie", is_active=False, email_verified=False)
    assert client.get("/member/newbie/").status_code == 404
    imported_members_ensure(["movielens-1"])
    assert client.get("/member/movielens-1/").status_code == 200


@pytest.mark.parametrize(
    "bio",
    [
        "<script>alert('bio')</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
    ],
)
def test_a_bio_is_shown_as_plain_text(client, member, bio):
    member.bio = bio
    member.save(update_fields=["bio"])
    html = client.get(member.get_absolute_url()).text
    assert bio not in html
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;" in html.split('<div class="bio">', 1)[1].split("</div>", 1)[0]


def test_an_uploaded_avatar_is_shown(client, member):
    member.avatar.name = f"avatars/{member.pk}/abc-256.png"
    member.avatar_small.name = f"avatars/{member.pk}/abc-64.png"
    member.save(update_fields=["avatar", "avatar_small"])
    html = client.get(member.get_absolute_url()).text
    assert f'<img class="avatar" src="/media/avatars/{member.pk}/abc-256.png" width="256"' in html


def test_the_page_takes_the_same_queries_whatever_the_votes(client, member):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(member.get_absolute_url()).status_code == 200
        return len(captured)

    client.force_login(MemberFactory.create(username="visitor"))
    vote(member, "2.5")
    few = queries()
    for value in ["0.5", "1.0", "3.5", "4.0", "5.0"] * 5:
        vote(member, value)
    many = queries()
    assert few == many <= 10
