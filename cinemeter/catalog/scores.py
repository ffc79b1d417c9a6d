"""Writes to the titles' vote tallies and message counts (`TitleScore`); the community's vote
and message services call these.

A change is given per title as votes added (positive) or taken away (negative) per value in
half stars: a member moving from 3 to 3.5 stars is `{6: -1, 7: +1}`. Each call is one
statement (an executemany for many titles) that adds to the stored numbers in the database,
`INSERT ... ON CONFLICT DO UPDATE SET n = n + %s`: nothing is read and written back
from Python, so concurrent voters never overwrite each other's changes, and a title's first
vote creates its row in the same statement. Titles go in id order, so two writers touching
the same titles lock their rows in the same order and cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connections, router

from cinemeter.catalog.models.scores import HALF_STARS, HISTOGRAM_FIELDS, TitleScore

# half stars -> votes added (or, negative, removed)
HistogramChange = Mapping[int, int]

_COLUMNS = ("vote_count", "half_star_sum", *HISTOGRAM_FIELDS)


def tally_of(histogram: HistogramChange) -> list[int]:
    """(count, half-star sum, count per value) of a histogram of votes or of changes."""
    counts = [histogram.get(halves, 0) for halves in HALF_STARS]
    half_stars = sum(halves * count for halves, count in zip(HALF_STARS, counts, strict=True))
    return [sum(counts), half_stars, *counts]


def _statement(assignments: str) -> str:
    connection = connections[router.db_for_write(TitleScore)]
    quote = connection.ops.quote_name
    table = quote(TitleScore._meta.db_table)
    names = [quote(column) for column in _COLUMNS]
    placeholders = ", ".join(["%s"] * (len(names) + 1))
    sets = ", ".join(assignments.format(table=table, name=name) for name in names)
    # Only quoted names and placeholders are formatted in; the numbers travel as parameters.
    return (
        f"INSERT INTO {table} ({quote('title_id')}, {', '.join(names)}) "  # noqa: S608
        f"VALUES ({placeholders}) ON CONFLICT ({quote('title_id')}) DO UPDATE SET {sets}"
    )


def _run(sql: str, rows: list[list[int]]) -> None:
    if rows:
        with connections[router.db_for_write(TitleScore)].cursor() as cursor:
            cursor.executemany(sql, rows)


def title_scores_add(changes: Mapping[int, HistogramChange]) -> None:
    """Move the tallies of these titles (title id -> change); call in the vote writer's
    transaction. One statement whatever the number of titles.

    The row offered for insertion (a title's first votes) holds only the votes added: both
    databases check it against the constraints before they find the conflict, so it may
    not go negative. An existing row gets the whole change, removals included.
    """
    sql = _statement("{name} = {table}.{name} + %s")
    rows = []
    for title_id in sorted(changes):
        change = tally_of(changes[title_id])
        if any(change[2:]):  # a vote changed to the value it had moves nothing
            added = {halves: max(count, 0) for halves, count in changes[title_id].items()}
            rows.append([title_id, *tally_of(added), *change])
    _run(sql, rows)


def title_scores_set(tallies: Mapping[int, HistogramChange]) -> None:
    """Store these exact histograms (title id -> votes per half-star value), as the recount
    computed them from the votes; the count and the sum follow from the histogram."""
    sql = _statement("{name} = excluded.{name}")
    _run(sql, [[title_id, *tally_of(tallies[title_id])] for title_id in sorted(tallies)])


def _message_count_statement(assignment: str) -> str:
    connection = connections[router.db_for_write(TitleScore)]
    quote = connection.ops.quote_name
    table = quote(TitleScore._meta.db_table)
    names = ", ".join(quote(column) for column in _COLUMNS)
    zeros = ", ".join(["0"] * len(_COLUMNS))  # a title's first message: no votes yet
    column = quote("message_count")
    # Only quoted names are formatted in; ids and numbers travel as parameters.
    return (
        f"INSERT INTO {table} ({quote('title_id')}, {names}, {column}) "  # noqa: S608
        f"VALUES (%s, {zeros}, %s) ON CONFLICT ({quote('title_id')}) "
        f"DO UPDATE SET {column} = {assignment.format(table=table, column=column)}"
    )


def title_message_counts_add(changes: Mapping[int, int]) -> None:
    """Move these titles' message counts (title id -> messages added); call in the message
    writer's transaction. One statement, titles in id order, as for the vote tallies."""
    sql = _message_count_statement("{table}.{column} + excluded.{column}")
    _run(sql, [[title_id, changes[title_id]] for title_id in sorted(changes) if changes[title_id]])


def title_message_counts_set(counts: Mapping[int, int]) -> None:
    """Store these exact message counts (title id -> messages), as a recount found them."""
    sql = _message_count_statement("excluded.{column}")
    _run(sql, [[title_id, counts[title_id]] for title_id in sorted(counts)])
