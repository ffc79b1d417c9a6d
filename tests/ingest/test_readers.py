"""Reading source files: every way a file can be broken is one clear error naming it."""

import gzip

import pytest

from cinemeter.ingest.errors import SourceFileError
from cinemeter.ingest.readers import read_rows

HEADER = "tconst\ttitleType\tprimaryTitle\n"
ROWS = "tt0000001\tshort\tCarmencita\ntt0000002\tshort\tLe clown et ses chiens\n"


def test_reads_plain_and_gzipped_tsv_with_line_numbers(tmp_path):
    plain = tmp_path / "title.basics.tsv"
    plain.write_text(HEADER + ROWS, encoding="utf-8")
    packed = tmp_path / "title.basics.tsv.gz"
    packed.write_bytes(gzip.compress((HEADER + ROWS).encode()))
    for path in (plain, packed):
        rows = list(read_rows(path, required=["tconst", "primaryTitle"]))
        assert [row.line for row in rows] == [2, 3]
        assert rows[1].values["primaryTitle"] == "Le clown et ses chiens"


def test_a_row_with_the_wrong_number_of_fields_is_flagged_not_fatal(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(HEADER + "tt1\tmovie\n" + ROWS, encoding="utf-8")
    rows = list(read_rows(path, required=["tconst"]))
    assert rows[0].values == {"__error__": "expected 3 fields, found 2"}
    assert rows[0].line == 2
    assert rows[1].values["tconst"] == "tt0000001"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "title.basics.tsv: the file is empty (no header row)"),
        (b"id\tname\n", "title.basics.tsv, line 1: the header lacks tconst, primaryTitle"),
        (
            (HEADER + "tt1\tmovie\tCaf\xe9\n").encode("latin-1"),
            "title.basics.tsv, line 2: not valid UTF-8",
        ),
    ],
)
def test_file_level_problems_name_the_file(tmp_path, content, message):
    path = tmp_path / "title.basics.tsv"
    path.write_bytes(content)
    with pytest.raises(SourceFileError) as error:
        list(read_rows(path, required=["tconst", "primaryTitle"]))
    assert str(error.value).startswith(message)


def test_truncated_gzip_is_a_clear_error(tmp_path):
    data = gzip.compress((HEADER + ROWS * 2000).encode())
    path = tmp_path / "title.basics.tsv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        SourceFileError,
        match=r"title.basics.tsv.gz, line \d+: the gzip data "
        r"is truncated or corrupt",
    ):
        list(read_rows(path, required=["tconst"]))


def test_not_gzip_at_all(tmp_path):
    path = tmp_path / "title.basics.tsv.gz"
    path.write_text(HEADER)
    with pytest.raises(SourceFileError, match="truncated or corrupt"):
        list(read_rows(path, required=["tconst"]))


def test_missing_file(tmp_path):
    with pytest.raises(SourceFileError, match=r"^absent.tsv: no such file$"):
        list(read_rows(tmp_path / "absent.tsv", required=["tconst"]))
