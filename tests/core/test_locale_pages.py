"""Every page that shows a number or a date, in Dutch and in English: "166.118 films",
"2,63", "5,7 (81.665 stemmen)", "101 minuten", "9 augustus 1996" against "166,118 movies",
"2.63", "5.7 (81,665 votes)", "101 minutes", "9 August 1996". Years and ids never grouped.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cinemeter.catalog import services
from cinemeter.catalog.models import ExternalSource, TitleKind
from cinemeter.community.models import Message
from cinemeter.core.counters import counter_add
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.community.factories import cast
from tests.community.messages_helpers import post

# The site's time zone (settings.TIME_ZONE): the page shows these wall-clock times.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def film():
    title = services.title_create(
        kind=TitleKind.MOVIE,
        title="Escape from L.A.",
        year=1996,
        runtime_minutes=101,
        release_date=datetime.date(1996, 8, 9),
        plot="Snake is back.",
    )
    services.external_rating_set(
        title=title,
        source=ExternalSource.IMDB,
        value=Decimal("5.7"),
        votes=81665,
        fetched_at=timezone.now(),
    )
    for value in ["2.5", "2.5", "2.5", "3.0"]:
        cast(MemberFactory.create(), title, value)
    return title


def _get(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    return response.text


def test_home_counters(client, film):
    counter_add("movies", 166117)
    assert "<strong>166.118</strong> films" in _get(client, "/", "nl")
    assert "<strong>166,118</strong> movies" in _get(client, "/", "en")


def test_title_page(client, film):
    html = _get(client, film.get_absolute_url(), "nl")
    assert '<span class="imdb">5,7 <span class="votes">(81.665 stemmen)</span></span>' in html
    assert '<dd class="runtime">101 minuten</dd>' in html
    assert ">9 augustus 1996</time>" in html
    assert (
        '<span class="average" title="Gemiddelde van de stemmen van leden, op 5">2,63</span>'
        in html
    )
    assert "(4 stemmen)" in html
    assert "(1996)" in html

    html = _get(client, film.get_absolute_url(), "en")
    assert '<span class="imdb">5.7 <span class="votes">(81,665 votes)</span></span>' in html
    assert '<dd class="runtime">101 minutes</dd>' in html
    assert ">9 August 1996</time>" in html
    assert ">2.63</span>" in html
    assert "(1996)" in html


def test_person_page(client, film):
    person = PersonFactory.create(name="Kurt Russell", birth_date=datetime.date(1951, 3, 17))
    assert ">17 maart 1951</time>" in _get(client, person.get_absolute_url(), "nl")
    assert ">17 March 1951</time>" in _get(client, person.get_absolute_url(), "en")


def test_browse_count_and_decades(client):
    TitleFactory.create(year=1996)
    html = _get(client, "/browse/", "nl")
    assert "1 titel" in html
    assert ">jaren 1990</a>" in html
    html = _get(client, "/browse/", "en")
    assert "1 title" in html
    assert ">1990s</a>" in html


def test_profile_and_message_dates(client, film, settings):
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 100
    member = MemberFactory.create(username="ann")
    member.date_joined = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=AMSTERDAM)
    member.save(update_fields=["date_joined"])
    message = post(member, film, "Carpenter at his most cynical, and I loved every minute.")
    Message.objects.filter(pk=message.pk).update(
        created_at=datetime.datetime(2024, 10, 9, 20, 15, tzinfo=AMSTERDAM)
    )
    html = _get(client, "/member/ann/", "nl")
    assert ">5 maart 2024</time>" in html
    assert ">9 okt 2024</time>" in html
    html = _get(client, "/member/ann/", "en")
    assert ">5 March 2024</time>" in html
    assert ">9 Oct 2024</time>" in html
    html = _get(client, film.get_absolute_url(), "nl")
    assert ">9 okt 2024, 20:15</time>" in html


def test_large_ids_stay_ungrouped_in_links(client, film, settings):
    settings.NEW_MEMBER_MESSAGES_PER_HOUR = 100
    message = post(MemberFactory.create(), film, "A fine film indeed, I think.")
    Message.objects.filter(pk=message.pk).update(id=123456)
    html = _get(client, film.get_absolute_url(), "nl")
    assert 'id="message-123456"' in html
