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


def test_a_headerless_file_is_read_with_given_fieldnames(tmp_path):
    path = tmp_path / "u.data"
    path.write_text("196\t242\t3\t881250949\n186\t302\n22\t377\t1\t878887116\n", encoding="utf-8")
    fields = ["user_id", "item_id", "rating", "timestamp"]
    rows = list(read_rows(path, required=["user_id", "rating"], fieldnames=fields))
    assert [row.line for row in rows] == [1, 2, 3]  # the first line is data, not a header
    assert rows[0].values == dict(zip(fields, ["196", "242", "3", "881250949"], strict=True))
    assert rows[1].values == {"__error__": "expected 4 fields, found 2"}
    assert rows[2].values["item_id"] == "377"
    # An empty headerless file has no rows, and no header to miss.
    empty = tmp_path / "empty.data"
    empty.write_bytes(b"")
    assert list(read_rows(empty, required=["user_id"], fieldnames=fields)) == []
    with pytest.raises(SourceFileError, match="the header lacks genre"):
        list(read_rows(path, required=["genre"], fieldnames=fields))


def test_another_encoding_is_read_and_named_in_its_errors(tmp_path):
    text = "1|Cité des enfants perdus, La (1995)\n"
    path = tmp_path / "u.item"
    path.write_bytes(text.encode("latin-1"))
    packed = tmp_path / "u.item.gz"
    packed.write_bytes(gzip.compress(text.encode("latin-1")))
    for source in (path, packed):
        rows = list(
            read_rows(
                source,
                required=["id"],
                delimiter="|",
                encoding="latin-1",
                fieldnames=["id", "title"],
            )
        )
        assert rows[0].values["title"] == "Cité des enfants perdus, La (1995)"
    # The default is still UTF-8, and a file that is not says so.
    with pytest.raises(SourceFileError, match=r"^u.item, line 1: not valid UTF-8"):
        list(read_rows(path, required=["id"], delimiter="|", fieldnames=["id", "title"]))
    ascii_only = tmp_path / "ascii.tsv"
    ascii_only.write_bytes(b"id\n\xc3\xa9\n")
    with pytest.raises(SourceFileError, match=r"^ascii.tsv, line 2: not valid ascii"):
        list(read_rows(ascii_only, required=["id"], encoding="ascii"))
