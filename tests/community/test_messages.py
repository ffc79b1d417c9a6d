"""Reviews & comments on a title page, over real HTTP: posting, Markdown, edits, deletes,
replies, quotes, spoilers, helpful marks, counters, pages, sorts and the query budget.
"""

import html as html_lib
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse

from cinemeter.accounts.models import User
from cinemeter.community.members.services import member_delete
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.models import (
    HelpfulMark,
    Message,
    MessageRevision,
    MessageStatus,
    Vote,
)
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import NEW, post, reload, shown_ids


@pytest.fixture(autouse=True)
def _no_new_member_limit(settings):
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 10_000


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.", plot="Snake is back.")


@pytest.fixture
def ann():
    return MemberFactory.create(username="ann")


@pytest.fixture
def bob():
    return MemberFactory.create(username="bob")


def test_a_member_posts_and_the_title_page_shows_it(client, title, ann):
    client.force_login(ann)
    response = client.post(NEW.format(title.slug), {"body": "Loved *every* minute."})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response.url == f"{title.get_absolute_url()}#message-{message.pk}"
    assert message.author == ann
    assert message.source == "Loved *every* minute."
    assert message.html == "<p>Loved <em>every</em> minute.</p>\n"
    assert message.status == MessageStatus.PUBLISHED
    assert User.objects.get(pk=ann.pk).message_count == 1

    page = client.get(title.get_absolute_url()).text
    assert "Reviews &amp; comments" in page
    assert shown_ids(page) == [message.pk]
    assert "<p>Loved <em>every</em> minute.</p>" in page
    assert '<a class="msg-author" href="/member/ann/">ann</a>' in page
    assert "1 message · 0 votes" in page
    assert '<svg class="avatar avatar-default"' in page


def test_visitors_read_messages_and_are_asked_to_log_in_to_write(client, title, ann):
    post(ann, title, "Worth it.")
    page = client.get(title.get_absolute_url()).text
    assert "<p>Worth it.</p>" in page
    assert 'name="body"' not in page
    assert f"/account/login/?next={title.get_absolute_url()}" in page


def test_an_empty_message_is_refused(client, title, ann):
    client.force_login(ann)
    response = client.post(NEW.format(title.slug), {"body": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Message.objects.exists()


def test_markdown_subset_renders():
    source = (
        "First *em* and **strong**.\n\n"
        "> a quote\n\n"
        "See [the site](https://example.org/a?b=1) or <https://example.com>.\n"
        "# not a heading\n- not a list"
    )
    rendered = message_render(source)
    assert "<p>First <em>em</em> and <strong>strong</strong>.</p>" in rendered
    assert "<blockquote>\n<p>a quote</p>\n</blockquote>" in rendered
    assert '<a href="https://example.org/a?b=1" rel="nofollow noopener">the site</a>' in rendered
    assert (
        '<a href="https://example.com" rel="nofollow noopener">https://example.com</a>' in rendered
    )
    assert "<h1>" not in rendered
    assert "<li>" not in rendered
    assert "# not a heading" in rendered


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>",
        "[click](javascript:alert('x'))",
        "[click](JaVaScRiPt:alert('x'))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "> <script>alert('x')</script>\n> <b onmouseover=alert(1)>quoted</b>",
        '<iframe src="https://evil.example"></iframe>',
        '[x](https://ok.example" onclick="alert(1))',
    ],
)
def test_stored_xss_attempts_render_inert(client, title, ann, attack):
    client.force_login(ann)
    client.post(NEW.format(title.slug), {"body": attack})
    stored = Message.objects.get().html
    section = client.get(title.get_absolute_url()).text.split('id="messages"')[1]
    body = section.split('<div class="msg-body">')[1].split("</div>")[0]
    assert body == stored
    # Only the allowed tags survive, with only href (http/https/mailto) and rel attributes:
    # anything else the member typed is text, escaped.
    for tag, attributes in re.findall(r"<([a-z0-9]+)([^>]*)>", stored):
        assert tag in {"p", "br", "em", "strong", "a", "blockquote"}, tag
        names = re.findall(r'\s([a-z-]+)="', attributes)
        assert set(names) <= {"href", "rel"}, attributes
        for href in re.findall(r'href="([^"]*)"', attributes):
            assert href.startswith(("http://", "https://", "mailto:")), href
    assert "<script" not in stored
    assert "<img" not in section
    assert "<iframe" not in section
    assert '<a href="javascript' not in section.lower()


def test_edit_keeps_the_history_and_says_edited(client, title, ann):
    message = post(ann, title, "First take.")
    client.force_login(ann)
    edit = reverse("community:message-edit", args=[message.pk])
    form = client.get(edit).text
    assert "First take.</textarea>" in form
    response = client.post(edit, {"body": "Second take, **better**."})
    assert response.status_code == 302
    message = reload(message)
    assert message.source == "Second take, **better**."
    assert message.html == "<p>Second take, <strong>better</strong>.</p>\n"
    assert message.edited_at is not None
    assert list(MessageRevision.objects.values_list("source", flat=True)) == ["First take."]
    page = client.get(title.get_absolute_url()).text
    assert '<span class="msg-edited"' in page
    assert "First take." not in page
    assert "First take." in client.get(edit).text.split("Earlier versions")[1]
    assert User.objects.get(pk=ann.pk).message_count == 1  # an edit is not a new message


def test_delete_is_soft_and_moves_the_count(client, title, ann):
    message = post(ann, title, "Regret this.")
    client.force_login(ann)
    delete = reverse("community:message-delete", args=[message.pk])
    assert "Delete your message?" in client.get(delete).text
    response = client.post(delete)
    assert response.status_code == 302
    message = reload(message)
    assert message.deleted_at is not None
    assert User.objects.get(pk=ann.pk).message_count == 0
    page = client.get(title.get_absolute_url()).text
    assert "This message was deleted." in page
    assert "Regret this." not in page
    # A deleted message cannot be edited or deleted again.
    client.post(reverse("community:message-edit", args=[message.pk]), {"body": "Back!"})
    assert reload(message).source == "Regret this."
    client.post(delete)
    assert User.objects.get(pk=ann.pk).message_count == 0


def test_reply_links_to_its_parent(client, title, ann, bob):
    parent = post(ann, title, "Best Carpenter film.")
    client.force_login(bob)
    form = client.get(NEW.format(title.slug) + f"?reply_to={parent.pk}").text
    assert "Reply to ann" in form
    assert f'name="reply_to" value="{parent.pk}"' in form
    client.post(NEW.format(title.slug), {"body": "Not even close.", "reply_to": parent.pk})
    reply = Message.objects.get(parent=parent)
    assert reply.author == bob
    page = client.get(title.get_absolute_url()).text
    assert f'In reply to <a href="/messages/{parent.pk}/">ann</a>' in page
    permalink = client.get(f"/messages/{parent.pk}/")
    assert permalink.url == f"{title.get_absolute_url()}#message-{parent.pk}"


def test_a_reply_to_a_message_on_another_title_is_refused(client, title, ann, bob):
    elsewhere = post(ann, TitleFactory.create(), "Elsewhere.")
    client.force_login(bob)
    response = client.post(NEW.format(title.slug), {"body": "Hi", "reply_to": elsewhere.pk})
    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_quote_prefills_the_quoted_text(client, title, ann, bob):
    parent = post(ann, title, "Line one.\nLine *two*.")
    client.force_login(bob)
    form = client.get(NEW.format(title.slug) + f"?quote={parent.pk}").text
    textarea = form.split('name="body"')[1].split("</textarea>")[0]
    assert "&gt; Line one.\n&gt; Line *two*.\n\n" in textarea
    client.post(
        NEW.format(title.slug),
        {"body": "> Line one.\n\nAgreed.", "reply_to": parent.pk},
    )
    reply = Message.objects.get(parent=parent)
    assert reply.html == "<blockquote>\n<p>Line one.</p>\n</blockquote>\n<p>Agreed.</p>\n"


def test_spoilers_are_folded_without_javascript(client, title, ann):
    client.force_login(ann)
    client.post(NEW.format(title.slug), {"body": "He dies at the end.", "spoiler": "on"})
    assert Message.objects.get().spoiler
    page = client.get(title.get_absolute_url()).text
    folded = re.search(
        r'<details class="spoiler"><summary>Spoiler</summary>(.*?)</details>', page, re.S
    )
    assert folded is not None
    assert "<p>He dies at the end.</p>" in folded.group(1)


def test_helpful_marks_once_per_member_and_never_ones_own(client, title, ann, bob):
    message = post(ann, title, "Useful notes.")
    helpful = reverse("community:message-helpful", args=[message.pk])
    client.force_login(bob)
    assert client.post(helpful).status_code == 302
    assert client.post(helpful).status_code == 302
    assert reload(message).helpful_count == 1
    assert HelpfulMark.objects.filter(message=message).count() == 1
    assert "You found this helpful" in client.get(title.get_absolute_url()).text

    client.force_login(ann)
    assert client.post(helpful).status_code == 403
    assert reload(message).helpful_count == 1


def test_the_database_allows_one_helpful_mark_per_member(title, ann, bob):
    message = post(ann, title)
    HelpfulMark.objects.create(message=message, user=bob)
    with pytest.raises(IntegrityError):
        HelpfulMark.objects.create(message=message, user=bob)


def test_each_message_shows_its_authors_counters_and_vote(client, title, ann, bob):
    Vote.objects.create(user=ann, title=title, value=Decimal("4.5"))
    User.objects.filter(pk=ann.pk).update(vote_count=12)
    post(ann, title, "Great.")
    post(ann, TitleFactory.create(), "Elsewhere.")
    post(bob, title, "Meh.")
    page = client.get(title.get_absolute_url()).text
    ann_block = page.split('href="/member/ann/">ann</a>')[1].split("</header>")[0]
    bob_block = page.split('href="/member/bob/">bob</a>')[1].split("</header>")[0]
    assert "2 messages · 12 votes" in ann_block
    assert '<span class="msg-author-vote"' in ann_block
    assert "4.5 ★" in ann_block
    assert "1 message · 0 votes" in bob_block
    assert "msg-author-vote" not in bob_block


def test_pages_and_both_sorts(client, settings, title, ann):
    settings.MESSAGES_PAGE_SIZE = 5
    messages = [post(ann, title, f"Message {n}") for n in range(7)]
    Message.objects.filter(pk=messages[2].pk).update(helpful_count=9)
    Message.objects.filter(pk=messages[4].pk).update(helpful_count=3)
    newest = [m.pk for m in reversed(messages)]

    first = client.get(title.get_absolute_url()).text
    assert shown_ids(first) == newest[:5]
    assert "messages_page=2" in first
    second = client.get(title.get_absolute_url() + "?messages_page=2").text
    assert shown_ids(second) == newest[5:]
    assert "messages_page=1" in second
    assert 'rel="next"' not in second.split('id="messages"')[1]

    helpful = client.get(title.get_absolute_url() + "?messages_sort=helpful").text
    assert shown_ids(helpful)[:3] == [messages[2].pk, messages[4].pk, newest[0]]
    assert "messages_sort=helpful&amp;messages_page=2" in helpful
    # Nonsense parameters fall back to the first page, newest first.
    assert (
        shown_ids(client.get(title.get_absolute_url() + "?messages_page=x&messages_sort=y").text)
        == newest[:5]
    )


def test_permalink_finds_the_page(client, settings, title, ann):
    settings.MESSAGES_PAGE_SIZE = 2
    oldest = post(ann, title, "old")
    for n in range(4):
        post(ann, title, f"new {n}")
    response = client.get(f"/messages/{oldest.pk}/")
    assert response.url == f"{title.get_absolute_url()}?messages_page=3#message-{oldest.pk}"
    assert oldest.pk in shown_ids(client.get(response.url).text)


def _title_page_queries(client, url, django_assert_max_num_queries):
    cache.clear()  # cold: no panel cached, every query of the page runs
    # A visitor's 13 with the session, the member, the title's brief and the own vote; and
    # one for the releases app's editions panel.
    with django_assert_max_num_queries(18) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured.captured_queries)


def test_the_title_page_query_budget_does_not_grow(client, title, django_assert_max_num_queries):
    first = MemberFactory.create()
    Vote.objects.create(user=first, title=title, value=Decimal(3))
    post(first, title, "One.")
    viewer = MemberFactory.create()
    client.force_login(viewer)
    _, before = _title_page_queries(client, title.get_absolute_url(), django_assert_max_num_queries)
    parent = None
    for n in range(30):
        author = MemberFactory.create()
        Vote.objects.create(user=author, title=title, value=Decimal(4))
        message = post(author, title, f"Message *{n}*", parent=parent, spoiler=n % 3 == 0)
        parent = parent or message
        HelpfulMark.objects.create(message=message, user=viewer)
    response, after = _title_page_queries(
        client, title.get_absolute_url(), django_assert_max_num_queries
    )
    assert after == before
    assert len(shown_ids(response.text)) == 20
    assert response.text.count("4.0 ★") == 20
    client.logout()
    _, anonymous = _title_page_queries(
        client, title.get_absolute_url(), django_assert_max_num_queries
    )
    assert anonymous <= after


def test_a_deleted_account_leaves_its_messages_from_deleted_member(client, title, ann, bob):
    kept = post(ann, title, "Still worth reading.")
    bobs = post(bob, title, "Bob's view.")
    from cinemeter.community.messages.services import message_mark_helpful

    message_mark_helpful(message=bobs, user=ann)
    member_delete(user=User.objects.get(pk=ann.pk))
    assert reload(kept).author is None
    assert reload(bobs).helpful_count == 0
    page = client.get(title.get_absolute_url()).text
    assert "<p>Still worth reading.</p>" in page
    assert '<span class="msg-author msg-author-deleted">deleted member</span>' in page
    assert "/member/ann/" not in page


def test_the_profile_lists_recent_messages(client, ann, django_assert_max_num_queries):
    titles = [TitleFactory.create(title=f"Film {n}") for n in range(7)]
    for n, film in enumerate(titles):
        post(ann, film, f"Thoughts number {n}.")
    deleted = post(ann, titles[0], "Gone soon.")
    deleted.deleted_at = deleted.created_at
    deleted.save(update_fields=["deleted_at"])
    with django_assert_max_num_queries(10):
        page = client.get("/member/ann/").text
    recent = page.split("Recent messages")[1]
    assert "No messages yet." not in recent
    assert recent.count('<li><a href="/messages/') == 5
    assert "Thoughts number 6." in recent
    assert "Thoughts number 1." not in recent
    assert "Gone soon." not in recent
    assert html_lib.escape("On Film 6") in recent
