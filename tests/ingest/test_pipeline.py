"""The pipeline: batches commit with their counts, dry runs roll back, failures leave no half."""

import io

import pytest
from django.db import IntegrityError
from django.utils import timezone

from cinemeter.catalog.models import Genre
from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.models import ImportRun, ImportStatus
from cinemeter.ingest.pipeline import ImportSession, WriteResult, describe, require_files


def genre_writer(batch):
    """A stand-in catalogue service: creates genres, refuses names that start with '!'."""
    result = WriteResult()
    for name in batch:
        if name.startswith("!"):
            result.reject(0, f"{name} is refused")
            continue
        _, created = Genre.objects.get_or_create(slug=name.lower(), defaults={"name": name})
        result.created += created
        result.unchanged += not created
    return result


def write_file(tmp_path, lines):
    path = tmp_path / "genres.tsv"
    path.write_text("name\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def run(tmp_path, path, **options):
    out = io.StringIO()
    with ImportSession(
        source="test",
        files=[path],
        stdout=out,
        batch_size=2,
        rejects_dir=tmp_path / "rejects",
        **options,
    ) as session:
        rows = session.rows(path, required=["name"])
        session.write((row.values["name"] for row in rows), genre_writer, path=path)
    return session.run, out.getvalue()


def test_counts_and_rejects_are_recorded(tmp_path):
    path = write_file(tmp_path, ["Action", "Drama", "!bad", "Horror", "too\tmany"])
    run_, output = run(tmp_path, path)
    assert run_.status == ImportStatus.SUCCEEDED
    assert (run_.read, run_.created, run_.unchanged, run_.rejected) == (5, 3, 0, 2)
    assert run_.finished_at >= run_.started_at
    rejects = (tmp_path / "rejects").glob("*.tsv")
    text = next(rejects).read_text()
    assert "genres.tsv\t6\texpected 1 fields, found 2" in text
    assert "genres.tsv: 5 rows" in output
    assert "read 5, created 3, updated 0, unchanged 0, rejected 2" in describe(run_)

    again, _ = run(tmp_path, path)
    assert (again.created, again.unchanged) == (0, 3)  # idempotent
    assert Genre.objects.count() == 3


def test_dry_run_rolls_back_but_keeps_counts(tmp_path):
    path = write_file(tmp_path, ["Action", "Drama", "Horror"])
    run_, _ = run(tmp_path, path, dry_run=True)
    assert run_.status == ImportStatus.DRY_RUN
    assert run_.created == 3
    assert Genre.objects.count() == 0


def test_limit_stops_reading(tmp_path):
    path = write_file(tmp_path, ["A", "B", "C", "D"])
    run_, _ = run(tmp_path, path, limit=3)
    assert run_.read == 3
    assert Genre.objects.count() == 3


def test_a_failing_batch_leaves_nothing_of_itself(tmp_path):
    calls = []

    def failing_writer(batch):
        calls.append(batch)
        Genre.objects.create(name=batch[0], slug=batch[0])
        if len(calls) == 2:
            raise IntegrityError("boom")
        return WriteResult(created=1)

    path = write_file(tmp_path, ["a", "b", "c", "d"])
    with (
        pytest.raises(IntegrityError),
        ImportSession(
            source="test",
            files=[path],
            stdout=io.StringIO(),
            batch_size=2,
            rejects_dir=tmp_path,
        ) as session,
    ):
        session.write(
            (row.values["name"] for row in session.rows(path, required=["name"])),
            failing_writer,
            path=path,
        )
    assert list(Genre.objects.values_list("slug", flat=True)) == ["a"]
    failed = ImportRun.objects.get()
    assert failed.status == ImportStatus.FAILED
    assert failed.created == 1  # only the committed batch
    assert failed.error == "boom"


def test_require_files_finds_plain_and_gz(tmp_path):
    (tmp_path / "title.basics.tsv.gz").write_bytes(b"")
    (tmp_path / "title.ratings.tsv").write_text("")
    found = require_files(tmp_path, ["title.basics.tsv", "title.ratings.tsv", "name.basics.tsv"])
    assert [p.name for p in found] == ["title.basics.tsv.gz", "title.ratings.tsv"]
    with pytest.raises(SourceFileError, match=r"none of title\.akas\.tsv is here"):
        require_files(tmp_path, ["title.akas.tsv"])
    with pytest.raises(SourceFileError, match="not a directory"):
        require_files(tmp_path / "nope", ["x"])


def test_a_run_whose_process_died_is_marked_interrupted_by_the_next(tmp_path):
    import subprocess
    import sys

    from cinemeter.core.processes import process_identity

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    dead = process_identity(child.pid)
    child.wait(timeout=10)
    killed = ImportRun.objects.create(source="imdb", started_at=timezone.now(), process=dead)
    alive = ImportRun.objects.create(
        source="tmdb", started_at=timezone.now(), process=process_identity()
    )
    run(tmp_path, write_file(tmp_path, ["Drama"]))
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert killed.status == ImportStatus.INTERRUPTED
    assert killed.finished_at is not None
    assert "run the import again" in killed.error
    assert alive.status == ImportStatus.RUNNING  # another import still at work
