"""Message language detection on short reviews of our own writing, and the author's say."""

import pytest

from cinemeter.community.models import Message
from cinemeter.community.translation.languages import UNKNOWN, language_detect
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import NEW, post, reload

DUTCH = [
    "Wat een heerlijk foute film, Snake Plissken is nog steeds de coolste.",
    "Eigenlijk een remake van het eerste deel, maar dan met slechtere effecten.",
    "Mooi gefilmd, maar het verhaal zakt halverwege helemaal in.",
    "Geweldige soundtrack!",
]
ENGLISH = [
    "Carpenter at his most cynical, and I loved every minute of it.",
    "The effects have aged badly but the ending still hits hard.",
    "Basically a remake of the first one with a bigger budget.",
    "Kurt Russell is wonderful here.",
]


@pytest.mark.parametrize("text", DUTCH)
def test_dutch_reviews_are_dutch(text):
    assert language_detect(text) == "nl"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_reviews_are_english(text):
    assert language_detect(text) == "en"


@pytest.mark.parametrize("text", ["ok", "Top film!", "Great film", "10/10", "Dit is een film"])
def test_too_short_or_unclear_texts_stay_unknown(text):
    assert language_detect(text) == UNKNOWN


def test_quoted_text_does_not_count():
    text = (
        "> Carpenter at his most cynical, and I loved every minute of it.\n\n"
        "Helemaal mee eens, wat een heerlijke film."
    )
    assert language_detect(text) == "nl"


def test_only_the_site_languages_are_candidates(settings):
    # German is not a site language: a German review is never labelled German.
    assert language_detect("Das ist wirklich ein wunderbarer und sehr spannender Film.") in {
        "nl",
        "en",
        UNKNOWN,
    }


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.")


def test_posting_stores_the_detected_language(title):
    message = post(MemberFactory.create(), title, DUTCH[0])
    assert (message.language, message.language_by_author) == ("nl", False)


def test_an_edit_detects_again(client, title):
    author = MemberFactory.create()
    message = post(author, title, ENGLISH[0])
    client.force_login(author)
    client.post(f"/messages/{message.pk}/edit/", {"body": DUTCH[1]})
    assert reload(message).language == "nl"


def test_the_author_corrects_the_language_without_a_new_revision(client, title):
    author = MemberFactory.create()
    message = post(author, title, "Top film!")
    assert message.language == UNKNOWN
    client.force_login(author)
    page = client.get(f"/messages/{message.pk}/edit/").text
    assert "could not be detected" in page
    response = client.post(f"/messages/{message.pk}/edit/", {"body": "Top film!", "language": "nl"})
    assert response.status_code == 302
    message = reload(message)
    assert (message.language, message.language_by_author) == ("nl", True)
    assert message.revisions.count() == 0
    # The author's choice stands when they save again without choosing.
    client.post(f"/messages/{message.pk}/edit/", {"body": "Top film!", "language": "nl"})
    assert reload(message).language == "nl"


def test_the_compose_form_offers_the_language(client, title):
    author = MemberFactory.create()
    client.force_login(author)
    client.post(NEW.format(title.slug), {"body": ENGLISH[1], "language": "nl"})
    message = Message.objects.get()
    assert (message.language, message.language_by_author) == ("nl", True)
