"""Editions and albums are found by search, and the index follows their writes at once."""

from datetime import date

from cinemeter.catalog import services as catalog_services
from cinemeter.releases.editions import services as edition_services
from cinemeter.releases.music import services as music_services
from cinemeter.search.indexer import index_drift, index_rebuild
from cinemeter.search.selectors import search
from tests.catalog.factories import TitleFactory
from tests.releases.factories import album, edition, release


def _hits(query, kind):
    return [hit.url for hit in search(query).hits if hit.kind == kind]


def test_an_edition_is_found_by_its_film_and_name_or_format():
    film = TitleFactory.create(title="Escape from L.A.", year=1996)
    ce = edition(film, "Collector's Edition", release_date=date(2020, 5, 26))
    assert _hits("escape from la collectors edition", "edition") == [ce.get_absolute_url()]
    assert _hits("escape from l.a. blu-ray", "edition") == [ce.get_absolute_url()]
    edition_services.edition_delete(ce)
    assert _hits("escape from la collectors edition", "edition") == []


def test_an_album_is_found_by_its_title_and_as_its_films_soundtrack():
    film = TitleFactory.create(title="Escape from L.A.", year=1996)
    score = album(film, "Escape from L.A. (Original Motion Picture Score)")
    release(score, tracks=("Main Title",))
    assert _hits("escape from la score", "album") == [score.get_absolute_url()]
    assert _hits("escape from la soundtrack", "album") == [score.get_absolute_url()]
    score.title = "The Snake Returns"
    music_services.album_save(score)
    assert _hits("snake returns", "album") == [score.get_absolute_url()]


def test_a_renamed_film_renames_its_editions_and_albums_in_the_index():
    film = TitleFactory.create(title="Escape from L.A.", year=1996)
    ce = edition(film, "Collector's Edition")
    score = album(film, "The Score")
    film.title = "Flucht aus L.A."
    catalog_services.title_save(film)
    assert _hits("flucht aus la collectors edition", "edition") == [ce.get_absolute_url()]
    assert _hits("flucht aus la soundtrack", "album") == [score.get_absolute_url()]


def test_a_rebuild_holds_what_the_writes_made():
    film = TitleFactory.create(title="Escape from L.A.", year=1996)
    edition(film, "Collector's Edition")
    album(film, "The Score")
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}
    index_rebuild()
    assert _hits("escape from la collectors edition", "edition")
