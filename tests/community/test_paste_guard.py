"""The paste guard: MinHash/LSH units, the index in the database, and the warning over HTTP."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from cinemeter.community.messages.services import PASTE_WARNING
from cinemeter.community.models import Message, MessageStatus, TextBand, TextFingerprint
from cinemeter.community.paste_guard import guard as paste_guard
from cinemeter.community.paste_guard.guard import (
    BANDS,
    NUM_PERM,
    Fingerprint,
    compare,
    find_copies,
    fingerprint_store,
    is_copy,
)
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import NEW, ORIGINAL, PLOT, post, reload

EXACT_WARNING = (
    "Because of copyright you may not copy the content of external websites, not even with a"
    " source. You may of course post a link to an external page, with your own description or"
    " the first paragraph of the text. You get this warning because it looks like you pasted a"
    " long text into your message."
)


def words(count, seed):
    rng = random.Random(seed)  # noqa: S311  (reproducible test text, not secrets)
    return " ".join(f"word{rng.randrange(20_000)}" for _ in range(count))


# --- MinHash and LSH ------------------------------------------------------------------------


def test_the_warning_is_exactly_the_agreed_text():
    assert str(PASTE_WARNING) == EXACT_WARNING


def test_shingles_ignore_case_and_punctuation():
    assert paste_guard.shingles("One, two; THREE four!") == paste_guard.shingles(
        "one two three four"
    )
    assert paste_guard.shingles("too short") == set()


def test_signatures_are_deterministic_and_estimate_jaccard():
    text = words(300, 1)
    first, again = Fingerprint.of(text), Fingerprint.of(text)
    assert first is not None
    assert again is not None
    assert len(first.sig) == NUM_PERM
    assert first.sig == again.sig
    # Keep the first 200 words of 300: true Jaccard of the shingle sets is ~197/297 = 0.66.
    part = Fingerprint.of(" ".join(text.split()[:200]))
    assert part is not None
    match = compare(part, first)
    assert 0.5 < match.jaccard < 0.8
    assert match.overlap > 0.9  # the part is all inside the whole


def test_similar_texts_are_found_and_unrelated_ones_are_not():
    base = words(150, 2)
    edited = base.replace("word1", "changed", 3) + " and a few words of my own"
    unrelated = words(150, 3)
    a, b, c = Fingerprint.of(base), Fingerprint.of(edited), Fingerprint.of(unrelated)
    assert a
    assert b
    assert c
    assert is_copy(compare(b, a))
    assert not is_copy(compare(c, a))
    assert compare(c, a).jaccard < 0.05


def test_a_short_source_inside_a_long_message_is_caught_by_overlap():
    source = words(120, 4)
    message = words(300, 5) + " " + source
    long, short = Fingerprint.of(message), Fingerprint.of(source)
    assert long is not None
    assert short is not None
    match = compare(long, short)
    assert match.jaccard < 0.5
    assert match.shared > 100
    assert is_copy(match)


def test_the_index_finds_candidates_through_band_rows():
    for n in range(30):
        fingerprint_store(source_kind="article", source_id=n, text=words(120, 100 + n))
    assert TextFingerprint.objects.count() == 30
    assert TextBand.objects.count() == 30 * BANDS
    copied = words(120, 117).replace("word", "Word", 5) + " plus my own ending"
    found = find_copies(copied)
    assert [(m.source_kind, m.source_id) for m in found] == [("article", 17)]
    assert find_copies(words(120, 999)) == []


def test_re_indexing_replaces_and_owners_are_excluded():
    ann = MemberFactory.create()
    text = words(100, 6)
    fingerprint_store(source_kind="message", source_id=1, text=words(100, 7), owner_id=ann.pk)
    fingerprint_store(source_kind="message", source_id=1, text=text, owner_id=ann.pk)
    assert TextFingerprint.objects.count() == 1
    assert TextBand.objects.count() == BANDS
    assert find_copies(text)
    assert find_copies(text, exclude_owner_id=ann.pk) == []
    assert not fingerprint_store(source_kind="message", source_id=2, text="too short")


def test_the_candidate_lookup_is_one_query(django_assert_num_queries):
    for n in range(10):
        fingerprint_store(source_kind="article", source_id=n, text=words(80, 200 + n))
    with django_assert_num_queries(1):
        assert len(find_copies(words(80, 203))) == 1


def test_index_texts_indexes_plots_and_messages():
    with_plot = TitleFactory.create(plot=PLOT)
    TitleFactory.create(plot="")
    author = MemberFactory.create()
    message = post(author, with_plot, ORIGINAL)
    TextFingerprint.objects.all().delete()
    call_command("index_texts", "--messages", stdout=StringIO())
    assert set(TextFingerprint.objects.values_list("source_kind", "source_id")) == {
        ("title_plot", with_plot.pk),
        ("message", message.pk),
    }


# --- Over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.", plot=PLOT)


@pytest.fixture
def member_client(client):
    client.force_login(MemberFactory.create(username="ann"))
    return client


def test_a_long_copy_of_the_titles_plot_is_refused_and_kept(member_client, title):
    pasted = "Here is the story: " + PLOT
    response = member_client.post(NEW.format(title.slug), {"body": pasted})
    assert response.status_code == 200
    assert not Message.objects.exists()
    assert f'<ul class="errorlist nonfield"><li>{EXACT_WARNING}</li></ul>' in response.text
    textarea = response.text.split('name="body"')[1].split("</textarea>")[0]
    assert "Here is the story: Snake Plissken is sent into the walled ruins" in textarea
    assert "Wilshire Boulevard before deciding" in textarea
    assert "Post anyway and let a moderator check it" in response.text
    assert 'type="checkbox" name="confirm_paste"' in response.text


def test_a_copy_of_another_titles_plot_is_refused_once_indexed(member_client, title):
    other = TitleFactory.create(title="Elsewhere", plot="")
    call_command("index_texts", stdout=StringIO())
    response = member_client.post(NEW.format(other.slug), {"body": PLOT})
    assert EXACT_WARNING in response.text
    assert not Message.objects.exists()


def test_a_shortened_text_passes(member_client, title):
    short = PLOT[:250]
    response = member_client.post(NEW.format(title.slug), {"body": short})
    assert response.status_code == 302
    assert Message.objects.get().status == MessageStatus.PUBLISHED


def test_confirming_holds_the_message_for_a_moderator(member_client, client, title):
    response = member_client.post(NEW.format(title.slug), {"body": PLOT, "confirm_paste": "on"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.status == MessageStatus.HELD
    assert message.source == PLOT
    page = member_client.get(title.get_absolute_url()).text
    assert "Waiting for a moderator to check it" in page
    assert not TextFingerprint.objects.filter(source_kind="message").exists()
    member_client.logout()
    assert (
        "Snake Plissken is sent"
        not in client.get(title.get_absolute_url()).text.split('id="messages"')[1]
    )


def test_the_pasted_long_mark_brings_the_warning(member_client, title):
    response = member_client.post(NEW.format(title.slug), {"body": ORIGINAL, "pasted_long": "1"})
    assert EXACT_WARNING in response.text
    assert not Message.objects.exists()
    assert ORIGINAL[:80] in response.text
    # The mark survives the round trip, so resubmitting unchanged still warns...
    assert 'name="pasted_long" value="1"' in response.text
    again = member_client.post(NEW.format(title.slug), {"body": ORIGINAL, "pasted_long": "1"})
    assert EXACT_WARNING in again.text
    # ...but a text shortened below the limit passes.
    shorter = member_client.post(
        NEW.format(title.slug), {"body": ORIGINAL[:200], "pasted_long": "1"}
    )
    assert shorter.status_code == 302


def test_a_long_original_text_passes(member_client, title):
    response = member_client.post(NEW.format(title.slug), {"body": ORIGINAL})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.status == MessageStatus.PUBLISHED
    assert TextFingerprint.objects.filter(source_kind="message", source_id=message.pk).exists()


def test_copying_another_members_message_is_refused_but_not_ones_own(client, title):
    bob = MemberFactory.create(username="bob")
    post(bob, title, ORIGINAL)
    ann = MemberFactory.create(username="ann")
    client.force_login(ann)
    response = client.post(NEW.format(title.slug), {"body": ORIGINAL})
    assert EXACT_WARNING in response.text
    client.force_login(bob)
    assert client.post(NEW.format(title.slug), {"body": ORIGINAL}).status_code == 302


def test_editing_a_message_into_a_copy_is_checked_too(member_client, title):
    member_client.post(NEW.format(title.slug), {"body": "Short and mine."})
    message = Message.objects.get()
    edit = f"/messages/{message.pk}/edit/"
    response = member_client.post(edit, {"body": PLOT})
    assert EXACT_WARNING in response.text
    assert reload(message).source == "Short and mine."
    member_client.post(edit, {"body": PLOT, "confirm_paste": "on"})
    assert reload(message).status == MessageStatus.HELD


def test_the_page_carries_the_paste_script_and_hidden_mark(member_client, title):
    page = member_client.get(title.get_absolute_url()).text
    assert '<script src="/static/js/paste_guard.js" defer></script>' in page
    assert 'data-paste-min="300"' in page
    assert '<input type="hidden" name="pasted_long"' in page
    assert 'data-paste-guard="1"' in page
    assert f'data-paste-warning role="alert" hidden>{EXACT_WARNING}</p>' in page
