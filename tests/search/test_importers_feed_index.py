"""The bulk importers feed the index: after a run every imported title is findable, and the
index matches its sources (the importers' repair writes only the difference)."""

from io import StringIO

import pytest
from django.core.management import call_command

from cinemeter.catalog.models import Title
from cinemeter.search.indexer import index_drift, index_repair
from cinemeter.search.models import SearchDocument
from cinemeter.search.selectors import search
from tests.datasets import SHARED_DATA

TMDB = SHARED_DATA / "tmdb-5000" / "tmdb_5000_movies.csv"


@pytest.mark.skipif(not TMDB.is_file(), reason=f"the TMDB 5000 sample is not in {SHARED_DATA}")
def test_after_an_import_the_films_are_found(tmp_path, settings):
    settings.INGEST_REJECTS_DIR = tmp_path
    out = StringIO()
    call_command("ingest_tmdb", str(TMDB), "--limit", "300", stdout=out)
    assert "Search index:" in out.getvalue()
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}
    film = Title.objects.order_by("pk")[120]
    assert search(film.title).hits[0].title == film.title


def test_repair_writes_only_the_difference(catalogue):
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}
    film = catalogue.escape_la
    # A bulk writer changes a title behind the services' back, and one document is lost.
    Title.objects.filter(pk=film.pk).update(title="Flucht aus L.A.")
    SearchDocument.objects.filter(kind="person").order_by("pk")[:1].get().delete()
    SearchDocument.objects.create(
        kind="film", object_id=999_999, title="Ghost", url="/x/", names="ghost", terms="ghost"
    )
    drift = index_drift()
    # The film, and its characters and people whose documents name it, are stale.
    assert drift["missing"] == 1
    assert drift["extra"] == 1
    assert drift["stale"] > 1
    assert index_repair() == drift
    assert index_drift() == {"missing": 0, "stale": 0, "extra": 0}
    assert search("flucht aus la").hits[0].url == film.get_absolute_url()
    assert index_repair() == {"missing": 0, "stale": 0, "extra": 0}
