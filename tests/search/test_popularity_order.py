"""The candidate stages cut the most popular matches: on SQLite by the documents' ids, which the
rebuild numbers in popularity order and the incremental writes keep (backends.POPULAR_FIRST)."""

import pytest
from django.db import connection

from cinemeter.catalog import services
from cinemeter.catalog.models import ExternalRating
from cinemeter.search import backends
from cinemeter.search.indexer import index_drift, index_rebuild, index_repair
from cinemeter.search.models import SearchDocument
from cinemeter.search.selectors import search

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL sorts by the popularity column"
)


def _ids_in_popularity_order():
    return list(SearchDocument.objects.order_by("-popularity", "pk").values_list("pk", flat=True))


def _most_popular(ids, count):
    rows = SearchDocument.objects.filter(pk__in=ids).order_by("-popularity", "pk")
    return list(rows.values_list("pk", flat=True)[:count])


@sqlite_only
def test_rebuild_numbers_the_documents_by_popularity(catalogue):
    ids = _ids_in_popularity_order()
    assert ids != sorted(ids)  # indexed through the services: in the order they were written
    count = SearchDocument.objects.count()
    assert index_rebuild() == count
    ids = _ids_in_popularity_order()
    assert ids == sorted(ids)
    assert ids[0] == count + 1  # ids start afresh at each rebuild
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}


def test_each_stage_takes_the_most_popular_matches(catalogue):
    index_rebuild()
    every = backends.word_candidates(["escape"], prefix_last=False, limit=100)
    assert len(every) >= 4
    assert backends.word_candidates(["escape"], prefix_last=False, limit=2) == _most_popular(
        every, 2
    )
    keyed = backends.key_candidates("escape", limit=100)
    assert len(keyed) >= 4
    assert backends.key_candidates("escape", limit=2) == _most_popular(keyed, 2)
    fuzzy = backends.fuzzy_word_candidates(["escpae"], limit=100)
    assert len(fuzzy) >= 4
    assert backends.fuzzy_word_candidates(["escpae"], limit=2) == _most_popular(fuzzy, 2)


def test_a_reindexed_document_keeps_its_place_and_a_new_one_comes_last(catalogue):
    index_rebuild()
    film = catalogue.escape_room
    place = SearchDocument.objects.get(kind="film", object_id=film.pk).pk
    film.title = "Labyrinth of Doors"
    services.title_save(film)
    document = SearchDocument.objects.get(kind="film", object_id=film.pk)
    assert (document.pk, document.title) == (place, "Labyrinth of Doors")

    # New votes written behind the services' back: the repair renews it in the same place.
    ExternalRating.objects.filter(title=film).update(votes=10)
    assert index_repair()["stale"] >= 1
    document = SearchDocument.objects.get(kind="film", object_id=film.pk)
    assert document.pk == place
    assert document.imdb_votes == 10

    newest = services.title_create(kind="movie", title="Escape Plan", year=2013)
    latest = SearchDocument.objects.order_by("-pk").values_list("kind", "object_id").first()
    assert latest == ("film", newest.pk)
    assert [hit.title for hit in search("escape plan").hits][:1] == ["Escape Plan"]


@sqlite_only
def test_a_repair_that_fills_the_index_puts_it_in_popularity_order(catalogue):
    count = SearchDocument.objects.count()
    SearchDocument.objects.all().delete()
    assert index_repair()["missing"] == count
    ids = _ids_in_popularity_order()
    assert ids == sorted(ids)
    assert [hit.title for hit in search("escape from la").hits][:1] == ["Escape from L.A."]
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}
