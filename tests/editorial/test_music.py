"""Albums and tracks in articles: `[[album:…]]` and `[[track:album/track]]` references checked
on save and linked on the page, their tag cards, a track tag that outlives a re-entered
tracklist, related reading through a shared album or recording, the album page's "Articles
about …" panel (renewed by every publication, constant in queries), the subject listings, the
editor's suggestions, and the demo soundtrack article tagged to both demo albums."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from cinemeter.editorial import references
from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import Article, ArticleRelated, ArticleTag
from cinemeter.editorial.articles.related import related_rebuild
from cinemeter.releases.music import services as music
from cinemeter.releases.music.models import Album, Recording
from tests.accounts.factories import MemberFactory
from tests.editorial.factories import article, film
from tests.releases.factories import album, release

SCORE = "Escape from L.A. (Original Motion Picture Score)"
SONGS = "Escape from L.A. (Music from and Inspired by the Motion Picture)"


@pytest.fixture
def albums() -> SimpleNamespace:
    escape = film("Escape from L.A.")
    score = album(escape, SCORE)
    songs = album(escape, SONGS)
    cd = release(songs, tracks=("Dawn", "Sweat", "The One"))
    return SimpleNamespace(escape=escape, score=score, songs=songs, cd=cd)


def url(made: Article) -> str:
    return reverse("editorial:article", kwargs={"slug": made.slug})


def sweat(albums: SimpleNamespace) -> str:
    return f"{albums.songs.slug}/sweat"


def test_album_and_track_references_link_and_show_as_cards(client, publisher, albums):
    made = article(
        publisher,
        "Two albums",
        f"The score: [[album:{albums.score.slug}]]. A song: [[track:{sweat(albums)}|Sweat]].",
        tags=f"album:{albums.score.slug}, track:{sweat(albums)}",
        publish=True,
    )
    page = client.get(url(made)).content.decode()
    assert (
        f'<a class="ref ref-album" href="/album/{albums.score.slug}/">'
        "Escape from L.A. (Original Motion Picture Score)</a>"
    ) in page
    assert f'<a class="ref ref-track" href="{albums.cd.get_absolute_url()}">Sweat</a>' in page
    cards = page.split('id="about-heading"')[1].split("</aside>")[0]
    assert 'class="about-card about-album"' in cards
    assert f'href="/album/{albums.score.slug}/">{SCORE}</a>' in cards
    assert 'class="about-card about-track"' in cards
    assert f'href="{albums.cd.get_absolute_url()}">Sweat</a>' in cards
    assert f"Track · {SONGS}" in cards
    assert "[[" not in page


def test_unknown_albums_and_tracks_are_errors_on_the_form(publisher, albums):
    draft = services.ArticleDraft(
        headline="Broken",
        body=(
            f"[[album:no-such-album]] and [[track:{albums.songs.slug}/no-such-song]] "
            f"and [[track:{albums.songs.slug}]]"
        ),
        tag_refs=f"album:{albums.score.slug}, track:{albums.score.slug}/sweat",
    )
    with pytest.raises(services.ArticleInvalid) as refused:
        services.article_create(author=publisher, draft=draft)
    body = refused.value.errors["body"]
    assert "There is no album “no-such-album”." in body
    assert f"There is no track “{albums.songs.slug}/no-such-song”." in body
    assert f"There is no track “{albums.songs.slug}”." in body
    # Sweat is on the songs album, not the score.
    assert refused.value.errors["tag_refs"] == [f"There is no track “{albums.score.slug}/sweat”."]
    assert not Article.objects.exists()


def test_a_track_is_named_alike_on_every_release_and_namesakes_are_numbered(albums):
    first = Recording.objects.get(tracks__release=albums.cd, title="Sweat")
    # An expanded release: the same Sweat first, then another recording of that name.
    release(
        albums.songs,
        date(2014, 1, 1),
        tracks=("Sweat", "Dawn (Reprise)", "Sweat"),
        recordings={"Sweat": first},
        edition_note="expanded",
    )
    later = Recording.objects.create(title="Sweat")
    expanded = albums.songs.releases.get(edition_note="expanded")
    music.tracks_set(
        release=expanded,
        tracks=[
            music.TrackInput(1, 1, "Sweat", recording=first),
            music.TrackInput(1, 2, "Dawn (Reprise)"),
            music.TrackInput(1, 3, "Sweat", recording=later),
        ],
    )
    wanted = [
        references.Reference("track", f"{albums.songs.slug}/{slug}")
        for slug in ("sweat", "sweat-2", "dawn-reprise", "dawn")
    ]
    found = references.resolve(wanted)
    assert found[("track", sweat(albums))].obj == first
    assert found[("track", sweat(albums))].url == albums.cd.get_absolute_url()  # first on it
    assert found[("track", f"{albums.songs.slug}/sweat-2")].obj == later
    assert found[("track", f"{albums.songs.slug}/sweat-2")].url == expanded.get_absolute_url()
    assert len(found) == 4


def test_a_track_tag_outlives_a_re_entered_tracklist(client, publisher, albums):
    made = article(publisher, "About Sweat", "Words.", tags=f"track:{sweat(albums)}", publish=True)
    recording = Recording.objects.get(title="Sweat")
    assert ArticleTag.objects.get(article=made).recording == recording
    # The editor types the tracklist again, in another order: new track rows, same recordings.
    music.tracks_set(
        release=albums.cd,
        tracks=[
            music.TrackInput(1, 1, "Sweat", recording=recording),
            music.TrackInput(1, 2, "Dawn", recording=Recording.objects.get(title="Dawn")),
        ],
    )
    assert ArticleTag.objects.get(article=made).recording == recording
    cards = client.get(url(made)).content.decode().split('id="about-heading"')[1]
    assert f'href="{albums.cd.get_absolute_url()}">Sweat</a>' in cards
    # Gone from every tracklist: the card keeps the name, without a link.
    music.tracks_set(release=albums.cd, tracks=[music.TrackInput(1, 1, "Dawn")])
    client.force_login(MemberFactory.create())  # past the visitors' page cache
    cards = client.get(url(made)).content.decode().split('id="about-heading"')[1]
    assert '<span class="about-name">Sweat</span>' in cards


def test_articles_sharing_an_album_or_a_recording_are_related_and_say_so(client, publisher, albums):
    tag = f"album:{albums.score.slug}"
    first = article(publisher, "Walker's orchestra", "Brass and strings.", tags=tag, publish=True)
    second = article(publisher, "The synthesizers", "Loops and pulses.", tags=tag, publish=True)
    # The same recording reached through another album (a compilation) is the same tag.
    compilation = album(None, "Nineties Soundtracks")
    release(
        compilation,
        tracks=("Sweat",),
        recordings={"Sweat": Recording.objects.get(title="Sweat")},
    )
    song = article(
        publisher, "Tool in 1996", "A band.", tags=f"track:{sweat(albums)}", publish=True
    )
    again = article(
        publisher,
        "A compilation",
        "Other words.",
        tags=f"track:{compilation.slug}/sweat",
        publish=True,
    )
    article(publisher, "Unrelated", "Cooking with lentils.", publish=True)
    related_rebuild()
    row = ArticleRelated.objects.get(article=first, rank=1)
    assert (row.related, row.shared) == (second, [SCORE])
    assert row.score >= 1.0
    assert ArticleRelated.objects.get(article=song, rank=1).related == again
    assert ArticleRelated.objects.get(article=song, rank=1).shared == ["Sweat"]
    assert f"Also about {SCORE}" in client.get(url(first)).content.decode()


def test_the_album_page_shows_its_articles_and_every_publication_renews_it(
    client, publisher, albums
):
    page_url = albums.score.get_absolute_url()
    assert "articles-about-panel" not in client.get(page_url).content.decode()
    made = article(
        publisher,
        "Why the score matters",
        "Words.",
        tags=f"album:{albums.score.slug}",
        publish=True,
    )
    article(publisher, "A draft about it", "Words.", tags=f"album:{albums.score.slug}")
    html = client.get(page_url).content.decode()  # a visitor: the cached page was renewed
    panel = html.split('class="articles-about-panel"')[1].split("</section>")[0]
    assert f'<a href="{url(made)}">Why the score matters</a>' in panel
    assert "A draft about it" not in panel
    about = reverse("editorial:about", args=["album", albums.score.slug])
    assert f'href="{about}"' not in panel  # every article is in the panel: no "All 1 article"
    services.article_transition(article_id=made.pk, by=publisher, action=services.Action.UNPUBLISH)
    assert "Why the score matters" not in client.get(page_url).content.decode()


def test_the_album_page_costs_the_same_whatever_the_number_of_articles(
    client, publisher, albums, django_assert_max_num_queries
):
    page_url = albums.score.get_absolute_url()
    client.force_login(MemberFactory.create())  # members: the panels are made, or cached
    counts = []
    for total in (1, 6, 12):
        while Article.objects.count() < total:
            n = Article.objects.count()
            article(publisher, f"Note {n}", "W.", tags=f"album:{albums.score.slug}", publish=True)
        # The album page's own (session, versions, album, releases, media, tracks, credits'
        # names: see tests/releases) and the articles panel's one.
        with django_assert_max_num_queries(13) as captured:
            html = client.get(page_url).content.decode()
        counts.append(len(captured.captured_queries))
        # The link to all of them once there are more than the panel shows.
        assert (f"All {total} articles" in html) == (total > 5)
    # The count comes with the newest five (a window over all of them): no query more for
    # six or twelve articles than for one.
    assert counts[0] == counts[1] == counts[2]


def test_a_subject_listing_for_an_album_and_a_track(client, publisher, albums):
    made = article(
        publisher,
        "On both",
        "Words.",
        tags=f"album:{albums.songs.slug}, track:{sweat(albums)}",
        publish=True,
    )
    for kind, ref, name in (("album", albums.songs.slug, SONGS), ("track", sweat(albums), "Sweat")):
        html = client.get(reverse("editorial:about", args=[kind, ref])).content.decode()
        assert f"Articles about {name}" in html
        assert f'href="{url(made)}"' in html
    missing = reverse("editorial:about", args=["track", f"{albums.songs.slug}/nothing"])
    assert client.get(missing).status_code == 404


def test_the_editor_suggests_albums_and_tracks(client, writer, albums):
    client.force_login(writer)
    lookup = reverse("editorial:lookup")
    found = client.get(lookup, {"q": "album:score"}).json()["results"]
    assert found == [{"ref": f"album:{albums.score.slug}", "label": SCORE}]
    found = client.get(lookup, {"q": "track:swe"}).json()["results"]
    assert found == [{"ref": f"track:{sweat(albums)}", "label": f"Sweat — {SONGS}"}]
    refs = [r["ref"] for r in client.get(lookup, {"q": "escape"}).json()["results"]]
    assert f"album:{albums.score.slug}" in refs
    assert f"album:{albums.songs.slug}" in refs
    assert client.get(lookup, {"q": "album:s"}).json()["results"] == []


def test_the_demo_soundtrack_article_is_about_both_demo_albums(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_releases", verbosity=0)
    call_command("load_demo_articles", verbosity=0)
    made = Article.objects.get(slug="escape-from-la-music")
    slugs = set(
        ArticleTag.objects.filter(article=made, kind="album").values_list("album__slug", flat=True)
    )
    assert slugs == {
        "escape-from-la-original-motion-picture-score-1996",
        "escape-from-la-music-from-and-inspired-by-the-motion-picture-1996",
    }
    page = client.get(url(made)).content.decode()
    assert 'class="ref ref-track"' in page  # Tool's "Sweat", by its album
    for slug in sorted(slugs):
        album_page = client.get(Album.objects.get(slug=slug).get_absolute_url()).content.decode()
        assert "Why the music of Escape from L.A. still matters" in album_page
