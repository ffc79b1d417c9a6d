"""Soundtrack albums over real HTTP: the album page with releases and tracklist, the title
page's Music panel, a person's albums, fixed query budgets, fresh pages after writes, and the
demo."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from cinemeter.catalog.models import Title
from cinemeter.releases.music import services
from cinemeter.releases.music.models import Album, Recording, Track
from cinemeter.releases.music.services import CreditName, TrackInput
from cinemeter.releases.overview import releases_overview
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.releases.factories import album, edition, features, label, release


@pytest.fixture
def film():
    return TitleFactory.create(title="Escape from L.A.", year=1996)


@pytest.fixture
def score(film):
    walker = PersonFactory.create(name="Shirley Walker")
    carpenter = PersonFactory.create(name="John Carpenter")
    made = album(film, "Escape from L.A. (Score)")
    made.artist_credit = services.artist_credit_get(
        [
            CreditName("Shirley Walker", " & ", walker.pk),
            CreditName("John Carpenter", "", carpenter.pk),
        ]
    )
    services.album_save(made)
    services.album_credits_set(
        album=made, credits=[(walker, "", "Composer"), (None, "Tim Simonec", "Conductor")]
    )
    first = release(made, date(1996, 1, 1), ("Main Title", "Snake", "Escape"), label=label("Milan"))
    recordings = {t.title: t.recording for t in first.tracks.all()}
    release(
        made,
        date(2014, 1, 1),
        ("Main Title", "Snake", "Escape", "Surf Battle"),
        recordings=recordings,
        edition_note="expanded, limited to 1,500 copies",
    )
    return made


def get(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_the_album_page_shows_releases_and_the_first_tracklist(
    client, score, django_assert_max_num_queries
):
    html, _ = get(client, score.get_absolute_url(), django_assert_max_num_queries, 12)
    assert '<a href="/person/shirley-walker/">Shirley Walker</a><span> &amp; </span>' in html
    assert "Tim Simonec" in html  # a credit that is no catalogue person stays text
    assert html.count('class="track') >= 3
    assert "Milan" in html
    assert "+1" in html  # the expanded release adds one cue
    assert 'aria-current="true"' in html


def test_a_chosen_release_marks_what_it_adds(client, score):
    expanded = score.releases.get(edition_note__startswith="expanded")
    html = client.get(expanded.get_absolute_url()).content.decode()
    assert "1 track not on any earlier release" in html
    tracks = html[html.index('class="track-list"') :]
    assert tracks.count("badge-new") == 1
    assert tracks.index("Surf Battle") < tracks.index("badge-new")


def test_a_release_that_leaves_music_out_says_so(client, score):
    services.tracks_set(
        release=score.releases.get(edition_note=""),
        tracks=[TrackInput(1, 1, "Main Title"), TrackInput(1, 2, "Deleted Cue")],
    )
    expanded = score.releases.get(edition_note__startswith="expanded")
    html = client.get(expanded.get_absolute_url()).content.decode()
    assert "Not on this release" in html
    assert "Deleted Cue" in html


def test_an_unknown_album_or_release_is_a_404(client, score):
    assert client.get("/album/no-such-album/").status_code == 404
    assert client.get(f"{score.get_absolute_url()}no-such-release/").status_code == 404


def test_the_album_page_costs_the_same_for_one_and_forty_tracks(
    client, film, django_assert_num_queries
):
    small = release(album(film, "Small"), tracks=("One",))
    big = release(album(film, "Big"), tracks=tuple(f"Cue {n}" for n in range(40)))
    # Credited tracks on both: the credits' names cost one query, whatever their number.
    for track in [*Track.objects.filter(release=small), *Track.objects.filter(release=big)[:10]]:
        track.artist_credit = services.artist_credit_get([CreditName(f"Band {track.pk}")])
        track.save()
    counts = []
    # Versions, album, its titles, credits, links, releases, their media, the album's
    # tracks (the comparison), the chosen release's tracks, the credits' names.
    for on in (small, big):
        with django_assert_num_queries(10) as captured:
            assert client.get(on.get_absolute_url()).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_title_page_music_panel(client, film, score, django_assert_max_num_queries):
    album(film, "Escape from L.A. (Songs)")
    Album.objects.get(title="Escape from L.A. (Songs)").title_links.update(relation="songs")
    html = client.get(film.get_absolute_url()).content.decode()
    panel = html[html.index('class="music-panel"') :]
    assert panel.index("Original score") < panel.index("Songs")
    assert "Shirley Walker &amp; John Carpenter" in panel
    assert "2 releases" in panel


def test_editions_and_albums_cost_the_title_page_one_query(film, score, django_assert_num_queries):
    dvd = edition(film, "Widescreen DVD", format="dvd", release_date=date(1998, 3, 1))
    features(dvd, ("trailer", "Trailer"), ("commentary", "Commentary"))
    with django_assert_num_queries(1):
        overview = releases_overview(film.slug)
    assert overview.editions is not None
    assert overview.editions.count == 1
    assert overview.editions.newest.name == "Widescreen DVD"
    assert overview.editions.newest.new_count == 2
    assert [(a.title, a.release_count, a.credit_text, a.year) for a in overview.albums] == [
        ("Escape from L.A. (Score)", 2, "Shirley Walker & John Carpenter", 1996)
    ]
    empty = releases_overview(TitleFactory.create().slug)
    assert empty.editions is None
    assert empty.albums == []


def test_a_person_page_lists_the_albums_they_made(client, score):
    html = client.get("/person/shirley-walker/").content.decode()
    section = html[html.index('class="filmography person-albums"') :]
    assert "Escape from L.A. (Score)" in section
    assert "Composer" in section
    # John Carpenter is in the artist credit only: a performer.
    html = client.get("/person/john-carpenter/").content.decode()
    assert "Escape from L.A. (Score)" in html[html.index("person-albums") :]


def test_the_pages_are_renewed_by_the_services(client, film, score):
    url = score.get_absolute_url()
    assert "Surf Battle" not in client.get(url).content.decode()
    first = score.releases.get(edition_note="")
    services.tracks_set(release=first, tracks=[TrackInput(1, 1, "Surf Battle")])
    assert "Surf Battle" in client.get(url).content.decode()
    assert "Escape from L.A. (Score)" in client.get(film.get_absolute_url()).content.decode()
    # Unlinking the album from the film renews the film's page too.
    services.album_titles_set(album=score, links=[])
    assert "music-panel" not in client.get(film.get_absolute_url()).content.decode()


def test_the_same_recording_is_one_row_across_releases(score):
    titles = Recording.objects.filter(tracks__release__album=score).values_list("title", flat=True)
    assert sorted(set(titles)) == ["Escape", "Main Title", "Snake", "Surf Battle"]
    assert Recording.objects.filter(title="Main Title").count() == 1


def test_an_artist_credit_is_shared_not_copied():
    one = services.artist_credit_get([CreditName("Tool")])
    two = services.artist_credit_get([CreditName("Tool")])
    assert one is not None
    assert one == two
    assert one.text == "Tool"
    assert services.artist_credit_get([]) is None


def test_the_album_page_in_dutch(client, score):
    with translation.override("nl"):
        html = client.get(score.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Componist" in html
    assert "Uitgaven" in html


def test_the_demo_albums_load_once():
    call_command("load_demo", "--if-empty", verbosity=0)
    call_command("load_demo_releases")
    call_command("load_demo_releases")
    film = Title.objects.get(title="Escape from L.A.", year=1996)
    albums = Album.objects.filter(title_links__title=film).order_by("title")
    assert [a.title_links.get().relation for a in albums] == ["songs", "score"]
    score = albums.get(title_links__relation="score")
    assert score.releases.count() == 3
    credit = score.artist_credit
    assert credit is not None
    assert credit.text == "Shirley Walker & John Carpenter"
    assert credit.names.filter(person__isnull=False).count() == 2
    vinyl = score.releases.get(barcode="848064005537")
    assert vinyl.media.count() == 2
    songs = albums.get(title_links__relation="songs")
    sweat = Track.objects.get(release__album=songs, title="Sweat")
    assert sweat.artist_credit is not None
    assert sweat.artist_credit.text == "Tool"
    assert sweat.recording.first_release_text == "Opiate (EP, 1992)"
    assert all(
        t.number == "" and t.length_ms is None for t in Track.objects.filter(release__album=songs)
    )
