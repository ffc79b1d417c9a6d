"""The three importers resolve one film to one Title through its external ids."""

from io import StringIO

import pytest
from django.core.management import call_command

from cinemeter.catalog.models import ExternalId, Title
from cinemeter.community.models import Vote
from tests.datasets import SHARED_DATA

DATA = SHARED_DATA
TMDB = DATA / "tmdb-5000" / "tmdb_5000_movies.csv"
MOVIELENS = DATA / "movielens-small"

pytestmark = pytest.mark.skipif(
    not (TMDB.is_file() and MOVIELENS.is_dir()),
    reason=f"the TMDB 5000 and MovieLens samples are not in {DATA}",
)


def test_tmdb_then_movielens_make_escape_from_la_one_title(tmp_path, settings):
    settings.INGEST_REJECTS_DIR = tmp_path
    call_command("ingest_tmdb", str(TMDB), stdout=StringIO())
    call_command("ingest_movielens", str(MOVIELENS), stdout=StringIO())
    titles = Title.objects.filter(title="Escape from L.A.", year=1996)
    assert titles.count() == 1
    title = titles.get()
    assert set(ExternalId.objects.filter(title=title).values_list("source", "value")) >= {
        ("tmdb_movie", "10061"),
        ("movielens", "849"),
        ("imdb", "tt0116225"),
    }
    assert title.runtime_minutes == 97  # TMDb's facts (the demo catalogue says 101)
    assert str(title.release_date) == "1996-08-09"
    assert Vote.objects.filter(title=title).count() == 44  # MovieLens's ratings, as votes
