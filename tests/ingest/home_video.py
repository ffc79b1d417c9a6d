"""What the home-video import tests share: the samples' places, a catalogue of their films
made by the TMDb importer from a slice of the real TMDB 5000 file, and running the command."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cinemeter.ingest.models import ImportRun
from tests.datasets import SHARED_DATA

HOME_VIDEO = SHARED_DATA / "home-video-sample"
FILMBRAINZ = HOME_VIDEO / "filmbrainz-seed" / "releases"
WIKIDATA = HOME_VIDEO / "wikidata"
DISCDB = SHARED_DATA / "thediscdb-sample"
DISCDB_MOVIES = DISCDB / "data" / "movie"
TMDB_MOVIES = SHARED_DATA / "tmdb-5000" / "tmdb_5000_movies.csv"
TV_DOCUMENT = Path(__file__).parent / "fixtures" / "tmdb" / "api" / "tv-1437.json"

needs_samples = pytest.mark.skipif(
    not (FILMBRAINZ.is_dir() and DISCDB_MOVIES.is_dir() and TMDB_MOVIES.is_file()),
    reason=f"the home-video, TheDiscDb and TMDB 5000 samples are not all under {SHARED_DATA} "
    "(see their PROVENANCE.md)",
)

# TMDb ids of TheDiscDb's ten films: 2001, 2012, 300, 8 Mile, Amélie, Die Hard, Escape from
# L.A., Escape from New York, The Fifth Element, The Princess Bride.
DISCDB_FILMS = ("62", "14161", "1271", "65", "194", "562", "10061", "1103", "18", "2493")
# filmbrainz's films that TMDB 5000 has (Mr. Deeds, Garden State) and Wikidata's three
# (Blade Runner, Inception, The Matrix).
FILMBRAINZ_FILMS = ("2022", "401")
WIKIDATA_FILMS = ("78", "27205", "603")


def catalogue_of(tmp_path: Path, tmdb_ids: tuple[str, ...], *, firefly: bool = False) -> None:
    """Import these films from the real TMDB 5000 file (a slice of its rows, written to
    tmp_path), and Firefly from the TMDb TV document fixture."""
    target = tmp_path / "tmdb_5000_movies.csv"
    with (
        TMDB_MOVIES.open(encoding="utf-8", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(source)
        writer = csv.writer(out)
        header = next(reader)
        writer.writerow(header)
        column = header.index("id")
        writer.writerows(row for row in reader if row[column] in tmdb_ids)
    paths = [target, TV_DOCUMENT] if firefly else [target]
    call_command("ingest_tmdb", *map(str, paths), stdout=io.StringIO())


def ingest(*paths: Path | str, **options: object) -> tuple[ImportRun, str]:
    out = io.StringIO()
    call_command("ingest_home_video", *map(str, paths), stdout=out, **options)
    run = ImportRun.objects.filter(source="home_video").order_by("-pk").first()
    assert run is not None
    return run, out.getvalue()


def rejects_of(run: ImportRun) -> list[tuple[str, str, str]]:
    """(file, line, reason) of each refused unit."""
    if not run.rejects_file:
        return []
    with Path(run.rejects_file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return [(file, line, reason) for file, line, reason, _ in rows[1:]]


def counts(run: ImportRun) -> tuple[int, int, int, int, int]:
    return run.read, run.created, run.updated, run.unchanged, run.rejected
