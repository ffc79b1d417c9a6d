"""The releases' slugs: unique among their siblings only (an edition among its title's
editions, a release among its album's), numbered by the catalogue's one rule
(`catalog.slugs.free_in`) when taken."""

from datetime import date

from cinemeter.releases.editions import services as edition_services
from cinemeter.releases.music import services as music_services
from cinemeter.releases.music.models import Album, Release
from tests.catalog.factories import TitleFactory
from tests.releases.factories import edition


def test_a_clashing_edition_slug_is_numbered_among_its_titles_editions_only(db):
    first_film, second_film = TitleFactory.create(), TitleFactory.create()
    one = edition(first_film, "Special Edition")
    two = edition(first_film, "Special Edition")
    three = edition(first_film, "Special Edition")
    elsewhere = edition(second_film, "Special Edition")
    assert two.slug == f"{one.slug}-2"
    assert three.slug == f"{one.slug}-3"
    assert elsewhere.slug == one.slug
    two.transfer_note = "New 4K scan."
    assert edition_services.edition_save(two).slug == f"{one.slug}-2"  # keeps its own


def test_albums_are_numbered_site_wide_and_releases_within_their_album(db):
    score = music_services.album_save(
        Album(title="Escape from L.A.", first_release_date=date(1996, 8, 6))
    )
    again = music_services.album_save(
        Album(title="Escape from L.A.", first_release_date=date(1996, 8, 6))
    )
    assert (score.slug, again.slug) == ("escape-from-la-1996", "escape-from-la-1996-2")
    made = [
        music_services.release_save(Release(album=album, release_date=date(2014, 1, 1)))
        for album in (score, score, again)
    ]
    assert [r.slug for r in made] == ["2014", "2014-2", "2014"]
