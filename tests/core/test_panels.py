"""The title page's panels (`cinemeter.core.panels`) never serve a stale fragment.

For every write path (a vote through the form, a review through the form, an edit of it, a
moderator hiding it, a catalogue edit through the Django admin, an import) and for both kinds
of reader (a member, whose page is made of cached fragments, and a visitor, whose whole page
is cached), each test views the title page once so everything is cached, writes through the
real path, views again and checks that the new state is shown and the old one is gone.

The panel counts (`request.panel_stats`) prove that a write renews exactly the fragments it
changes: a vote only the score panel, a review only the (then personal) reviews panel, a
catalogue edit or an import every panel. The last tests prove that each language gets its own
fragments, and that a cached variant of a personal panel (the vote form) carries neither
another member's vote nor another member's CSRF token, nor another title's form.

Every test runs on the local-memory cache and on Redis (`page_cache` fixture).
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.catalog.models import ExternalSource, Title
from cinemeter.catalog.services import external_rating_set
from cinemeter.community.models import Message, Vote
from cinemeter.core.panels import CSRF_PLACEHOLDER, PanelStats, panels_for
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory, add_actor
from tests.community.factories import cast
from tests.community.messages_helpers import post, shown_ids
from tests.community.votes_helpers import chosen
from tests.core.test_page_cache import page_cache  # noqa: F401  (locmem and Redis)

# The title page of a film: head, header, score, own vote, cast, episodes, media, reviews,
# details, editions, music and articles; the catalogue's seven, the community's two, the
# releases' two and the editorial app's one.
CATALOGUE_PANELS = 7
ALL_PANELS = 12

pytestmark = pytest.mark.usefixtures("page_cache")

REVIEW = "Snake is back, and Los Angeles is a cartoon of itself."
EDITED = "On a second look the surfing scene is the best joke in the film."
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _averages_from_one_vote(settings: Any) -> None:
    """Show the average from the first vote, so one vote changes a number on the page."""
    settings.VOTES_MINIMUM_FOR_AVERAGE = 1


@pytest.fixture
def film() -> Title:
    title = TitleFactory.create(title="Escape from L.A.", year=1996)
    add_actor(title, "Kurt Russell", "Snake Plissken", 0)
    return title


def member_client(member: User | None = None, **client_options: Any) -> Client:
    client = Client(**client_options)
    client.force_login(member or MemberFactory.create())
    return client


@pytest.fixture(params=["member", "visitor"])
def reader(request: pytest.FixtureRequest) -> Client:
    """Who reads the page: a member (fragments) or a visitor (the whole-page cache)."""
    return member_client() if request.param == "member" else Client()


def view(client: Client, title: Title, **headers: str) -> tuple[str, PanelStats | None]:
    """The title page's HTML, and what its panels cost (None: the whole page came from the
    visitors' page cache, no panel was looked at)."""
    response = client.get(title.get_absolute_url(), **headers)  # type: ignore[arg-type]
    assert response.status_code == 200
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
    return html, getattr(response.wsgi_request, "panel_stats", None)


def counts(stats: PanelStats | None) -> tuple[int, int, int]:
    assert stats is not None, "served from the whole-page cache: the page was not renewed"
    return stats.hits, stats.misses, stats.personal


def view_cached(client: Client, title: Title, *, personal: int = 0) -> str:
    """View twice; the second view is all cached: the visitor's whole page, or every panel
    of the member's but the `personal` ones (rendered for each request)."""
    first, _ = view(client, title)
    second, stats = view(client, title)
    if stats is None:
        assert second == first
    else:
        assert counts(stats) == (ALL_PANELS - personal, 0, personal)
    return second


def test_the_panels_the_page_is_made_of():
    names = [panel.name for panel in panels_for("title")]
    assert len(names) == ALL_PANELS
    assert len([name for name in names if name.startswith("catalog.")]) == CATALOGUE_PANELS


def test_a_second_view_is_all_cached(film):
    member = member_client()
    _, first = view(member, film)
    assert counts(first) == (0, ALL_PANELS, 0)
    _, second = view(member, film)
    assert counts(second) == (ALL_PANELS, 0, 0)
    visitor = Client()
    _, fresh = view(visitor, film)
    assert counts(fresh) == (ALL_PANELS - 2, 2, 0)  # the visitor's own-vote and reviews forms
    _, cached = view(visitor, film)
    assert cached is None  # the whole page from the page cache


# --- votes -------------------------------------------------------------------------------


def vote_form(client: Client, title: Title, value: str) -> None:
    response = client.post(reverse("community:vote", args=[title.slug]), {"value": value})
    assert response.status_code == 302
    assert response["Location"] == title.get_absolute_url()


def test_a_vote_through_the_form_renews_only_the_score(reader, film):
    before = view_cached(reader, film)
    assert "No votes yet" in before
    vote_form(member_client(), film, "4.0")
    after, stats = view(reader, film)
    assert "No votes yet" not in after
    assert '<span class="average"' in after
    assert ">4.00</span>" in after
    assert "(1 vote)" in after
    assert counts(stats) == (ALL_PANELS - 1, 1, 0)  # the score panel alone
    vote_form(member_client(), film, "2.0")
    after, stats = view(reader, film)
    assert ">3.00</span>" in after
    assert "(2 votes)" in after
    assert ">4.00</span>" not in after
    assert counts(stats) == (ALL_PANELS - 1, 1, 0)


def test_the_voter_sees_their_vote_and_the_new_score_at_once(film):
    voter = member_client()
    before = view_cached(voter, film)
    assert chosen(before) == []
    assert "Your vote:" not in before
    vote_form(voter, film, "4.0")
    after, stats = view(voter, film)
    assert chosen(after) == ["4.0"]
    assert '<strong class="own-vote">4.0</strong>' in after
    assert "(1 vote)" in after
    assert counts(stats) == (ALL_PANELS - 2, 2, 0)  # the score and the own vote
    vote_form(voter, film, "2.5")
    after, stats = view(voter, film)
    assert chosen(after) == ["2.5"]
    assert ">2.50</span>" in after
    assert "(1 vote)" in after
    assert counts(stats) == (ALL_PANELS - 2, 2, 0)
    response = voter.post(reverse("community:vote", args=[film.slug]), {"remove": "1"})
    assert response.status_code == 302
    after, stats = view(voter, film)
    assert chosen(after) == []
    assert "No votes yet" in after
    # the score is a new fragment; the form without a vote is the one cached at first
    assert counts(stats) == (ALL_PANELS - 1, 1, 0)


# --- messages ----------------------------------------------------------------------------


def test_a_review_through_the_form_shows_at_once(reader, film):
    before = view_cached(reader, film)
    assert "No messages yet." in before
    author = member_client(MemberFactory.create(username="kurt"))
    response = author.post(reverse("community:message-new", args=[film.slug]), {"body": REVIEW})
    assert response.status_code == 302
    message = Message.objects.get(title=film)
    after, stats = view(reader, film)
    assert shown_ids(after) == [message.pk]
    assert REVIEW in after
    assert "No messages yet." not in after
    # The score, header, cast... stay cached; the reviews, now with a message, are the
    # reader's own (rendered for this request).
    assert counts(stats) == (ALL_PANELS - 1, 0, 1)


def test_an_edit_through_the_form_shows_at_once(reader, film):
    writer = MemberFactory.create(username="kurt")
    message = post(writer, film, REVIEW)
    before = view_cached(reader, film, personal=1)
    assert REVIEW in before
    response = member_client(writer).post(
        reverse("community:message-edit", args=[message.pk]), {"body": EDITED}
    )
    assert response.status_code == 302
    assert Message.objects.get(pk=message.pk).source == EDITED
    after, stats = view(reader, film)
    assert EDITED in after
    assert REVIEW not in after
    assert counts(stats) == (ALL_PANELS - 1, 0, 1)


def test_a_moderator_hiding_a_review_shows_at_once(reader, film):
    message = post(MemberFactory.create(username="kurt"), film, REVIEW)
    before = view_cached(reader, film, personal=1)
    assert REVIEW in before
    moderator = member_client(MemberFactory.create(is_staff=True))
    response = moderator.post(
        reverse("community:moderation-message", args=[message.pk, "hide"]),
        {"next": film.get_absolute_url()},
    )
    assert response.status_code == 302
    assert Message.objects.get(pk=message.pk).is_hidden
    after, stats = view(reader, film)
    assert "This message was hidden by a moderator." in after
    assert REVIEW not in after
    assert counts(stats) == (ALL_PANELS - 1, 0, 1)


# --- the catalogue -----------------------------------------------------------------------


def admin_form_data(page: Any) -> dict[str, Any]:
    """What the browser would send back from an admin change page as it was served: the main
    form's and every inline form's current values, and the inlines' management forms."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict[str, Any] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            widget = form.fields[name].widget
            if isinstance(widget, MultiWidget):  # a date and a time: name_0, name_1
                for index, part in enumerate(widget.decompress(value) or []):
                    data[f"{key}_{index}"] = part
            elif value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = value
    return data


def test_a_catalogue_edit_in_the_admin_renews_every_panel(reader, film):
    before = view_cached(reader, film)
    assert "<title>Escape from L.A. · Cinemeter</title>" in before
    assert 'class="tagline"' not in before
    editor = member_client(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    change = reverse("admin:catalog_title_change", args=[film.pk])
    data = admin_form_data(editor.get(change))
    assert data["title"] == "Escape from L.A."
    data.update({"title": "Escape from Los Angeles", "tagline": "Snake is back."})
    response = editor.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    after, stats = view(reader, film)
    assert "<title>Escape from Los Angeles · Cinemeter</title>" in after
    assert "<h1>Escape from Los Angeles" in after
    assert "“Snake is back.”" in after
    assert "<title>Escape from L.A." not in after
    assert "<h1>Escape from L.A." not in after
    assert "Kurt Russell" in after  # the cast was sent back unchanged
    assert counts(stats) == (0, ALL_PANELS, 0)


def test_an_imdb_rating_edited_in_its_own_admin_page_shows_at_once(reader, film):
    rating = external_rating_set(
        title=film,
        source=ExternalSource.IMDB,
        value=Decimal("6.1"),
        votes=321,
        fetched_at=timezone.now(),
    )
    before = view_cached(reader, film)
    assert "6.1 <span" in before
    editor = member_client(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    change = reverse("admin:catalog_externalrating_change", args=[rating.pk])
    data = admin_form_data(editor.get(change))
    data.update({"value": "6.8", "votes": "4321"})
    response = editor.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rating.refresh_from_db()
    assert (rating.value, rating.votes) == (Decimal("6.8"), 4321)  # saved: the page must show it
    after, stats = view(reader, film)
    assert "6.1 <span" not in after
    assert "6.8 <span" in after
    assert "(4,321 votes)" in after
    assert counts(stats) == (0, ALL_PANELS, 0)


BASICS = (
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear"
    "\truntimeMinutes\tgenres\n"
    "tt9400001\tmovie\tThe Lighthouse Keeper\tThe Lighthouse Keeper\t0\t2019\t\\N\t97\tDrama\n"
)
RATINGS = "tconst\taverageRating\tnumVotes\n"


def ingest_imdb(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    call_command("ingest_imdb", str(folder), stdout=io.StringIO())


def test_an_import_renews_every_panel(reader, settings, tmp_path):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"
    ingest_imdb(
        tmp_path / "first",
        {"title.basics.tsv": BASICS, "title.ratings.tsv": RATINGS + "tt9400001\t7.4\t12345\n"},
    )
    film = Title.objects.get(external_ids__source="imdb", external_ids__value="tt9400001")
    before = view_cached(reader, film)
    assert "7.4 <span" in before
    assert "(12,345 votes)" in before
    ingest_imdb(tmp_path / "later", {"title.ratings.tsv": RATINGS + "tt9400001\t7.6\t13000\n"})
    after, stats = view(reader, film)
    assert "7.6 <span" in after
    assert "(13,000 votes)" in after
    assert "12,345" not in after
    assert counts(stats) == (0, ALL_PANELS, 0)


# --- languages and personal variants -----------------------------------------------------


ENGLISH = ["9 August 1996", "Member votes", "No votes yet", "Reviews &amp; comments"]
DUTCH = ["9 augustus 1996", "Stemmen van leden", "Nog geen stemmen", "Nog geen berichten."]


def speaks(html: str, shown: list[str], other: list[str]) -> bool:
    return all(text in html for text in shown) and not any(text in html for text in other)


def test_each_language_has_its_own_fragments():
    """A member's language is their preference, a visitor's their browser's: each language's
    fragments are made once and shared by members and visitors of that language alone."""
    film = TitleFactory.create(title="Escape from L.A.", release_date=date(1996, 8, 9))
    english_member = member_client(MemberFactory.create(preferred_language="en"))
    dutch_member = member_client(MemberFactory.create(preferred_language="nl"))
    visitor = Client()
    html, stats = view(english_member, film)
    assert speaks(html, ENGLISH, DUTCH)
    assert "Your vote" in html
    assert counts(stats) == (0, ALL_PANELS, 0)
    html, stats = view(visitor, film, HTTP_ACCEPT_LANGUAGE="nl")
    assert speaks(html, DUTCH, ENGLISH)
    assert counts(stats) == (0, ALL_PANELS, 0)  # nothing of the English fragments
    html, stats = view(dutch_member, film, HTTP_ACCEPT_LANGUAGE="en")  # the preference wins
    assert speaks(html, DUTCH, ENGLISH)
    assert "Jouw stem" in html
    assert "Your vote" not in html
    assert counts(stats) == (ALL_PANELS - 2, 2, 0)  # the visitor's Dutch shared fragments
    html, stats = view(visitor, film, HTTP_ACCEPT_LANGUAGE="en")
    assert speaks(html, ENGLISH, DUTCH)
    assert counts(stats) == (ALL_PANELS - 2, 2, 0)  # the member's English shared fragments
    for client, shown, other in [(english_member, ENGLISH, DUTCH), (dutch_member, DUTCH, ENGLISH)]:
        html, stats = view(client, film)
        assert speaks(html, shown, other)
        assert counts(stats) == (ALL_PANELS, 0, 0)
    for language, shown, other in [("nl", DUTCH, ENGLISH), ("en", ENGLISH, DUTCH)]:
        html, stats = view(visitor, film, HTTP_ACCEPT_LANGUAGE=language)
        assert speaks(html, shown, other)
        assert stats is None  # each language's whole page from the page cache
    # A vote renews the score in both languages.
    cast(MemberFactory.create(), film, "4.0")
    for client, one_vote in [(english_member, "(1 vote)"), (dutch_member, "(1 stem)")]:
        html, stats = view(client, film)
        assert one_vote in html
        assert counts(stats) == (ALL_PANELS - 1, 1, 0)


def vote_with(client: Client, title: Title, token: str, value: str = "3.0") -> int:
    response = client.post(
        reverse("community:vote", args=[title.slug]),
        {"value": value, "csrfmiddlewaretoken": token},
    )
    return response.status_code


def test_a_cached_vote_form_carries_neither_anothers_vote_nor_token(film):
    ann, bob, cleo = (MemberFactory.create() for _ in range(3))
    cast(ann, film, "4.0")
    clients = {m: member_client(m, enforce_csrf_checks=True) for m in (ann, bob, cleo)}
    ann_page, _ = view(clients[ann], film)
    assert chosen(ann_page) == ["4.0"]
    bob_page, bob_stats = view(clients[bob], film)
    cleo_page, cleo_stats = view(clients[cleo], film)
    # The form without a vote: Bob's view made it (the empty reviews with the compose form,
    # Ann's view made; the rest is shared)...
    assert counts(bob_stats) == (ALL_PANELS - 1, 1, 0)
    assert counts(cleo_stats) == (ALL_PANELS, 0, 0)  # ...and Cleo got that very fragment
    for page in (bob_page, cleo_page):
        assert chosen(page) == []
        assert 'aria-pressed="true"' not in page
        assert "Your vote:" not in page
        assert "Remove my vote" not in page
    tokens = {
        m: TOKEN.findall(page) for m, page in [(ann, ann_page), (bob, bob_page), (cleo, cleo_page)]
    }
    assert all(len(found) >= 2 for found in tokens.values())  # the vote and message forms
    # Someone else's token is refused: a leaked token would show as a 403 below.
    assert vote_with(clients[cleo], film, tokens[bob][0]) == 403
    assert vote_with(clients[bob], film, tokens[ann][0]) == 403
    for member, found in tokens.items():
        for token in found:
            assert vote_with(clients[member], film, token) == 302
    assert Vote.objects.filter(title=film).count() == 3


def test_a_members_vote_form_votes_on_the_title_it_is_shown_on():
    first = TitleFactory.create(title="Escape from New York")
    second = TitleFactory.create(title="Escape from L.A.")
    member = member_client()
    view(member, first)  # caches the vote form without a vote
    page, _ = view(member, second)
    assert f'action="{reverse("community:vote", args=[second.slug])}"' in page
    assert f'action="{reverse("community:vote", args=[first.slug])}"' not in page


def test_a_visitors_log_in_to_vote_link_comes_back_to_the_title_it_is_shown_on():
    first = TitleFactory.create(title="Escape from New York")
    second = TitleFactory.create(title="Escape from L.A.")
    visitor = Client()
    view(visitor, first)  # caches the invitation to log in
    page, _ = view(visitor, second)
    links = re.findall(r'class="vote-login"><a class="button" href="[^"?]*\?next=([^"]+)"', page)
    assert [unquote(link) for link in links] == [second.get_absolute_url()]
