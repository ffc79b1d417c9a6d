"""Every write to votes goes through here, so what is counted about them stays exact.

Three numbers move with the votes, in the transaction that writes them: the title's tally
(`catalog.TitleScore`: count, sum and histogram, through `catalog.scores`), the member's
`vote_count` (through `accounts.services`) and the "votes" site counter. Each moves by an
atomic increment computed from what this transaction changed, never by a value read
earlier and written back, so concurrent voters never lose each other's changes;
`manage.py recount` recomputes all three from the votes and reports any drift.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import IntegrityError, connections, router
from django.db.models import QuerySet
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.accounts.services import (
    member_counts_add,
    members_vote_counts_add,
)
from cinemeter.catalog.bulk import UpsertResult, resolve
from cinemeter.catalog.models import Title
from cinemeter.catalog.page_keys import MEMBER_SCORES, title_score_key
from cinemeter.catalog.scores import title_scores_add
from cinemeter.community.page_versions import member_messages_keys, score_keys
from cinemeter.community.votes import sql as vote_sql
from cinemeter.community.votes.models import VOTE_VALUES, Vote
from cinemeter.community.votes.records import VoteRecord, VoteRow
from cinemeter.core.counters import counter_add
from cinemeter.core.page_cache import CATALOGUE, versions_bump
from cinemeter.core.writes import write_transaction

# (user, title) pairs per lookup query: two parameters each, well under SQLite's 32,766.
_PAIRS_PER_QUERY = 5000
# Vote ids per DELETE when deleting many votes.
_IDS_PER_QUERY = 10000


class InvalidVoteError(ValueError):
    """A vote value outside 0.5-5 stars in half steps."""


def half_stars(value: Decimal) -> int:
    """3.5 stars -> 7: the unit the title tallies count in."""
    return int(value * 2)


def is_vote_value(value: object) -> bool:
    """True for 0.5, 1, ... 5 (as Decimal); False for anything else, NaN included."""
    return isinstance(value, Decimal) and value.is_finite() and value in VOTE_VALUES


class _StoredVote(NamedTuple):
    pk: int
    value: Decimal


def _existing_votes(pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], _StoredVote]:
    """The stored votes (id and value) for exactly these (user id, title id) pairs.

    A row-value IN list (SQLite 3.15+, PostgreSQL) finds exactly the pairs through the unique
    index; filtering users and titles separately would fetch their whole cross product. On
    PostgreSQL the rows stay locked until the batch commits, so the tallies move from the
    values that are really replaced. Plain rows, not model instances: a re-import reads
    every vote it sends.
    """
    found: dict[tuple[int, int], _StoredVote] = {}
    connection = connections[router.db_for_write(Vote)]
    table = connection.ops.quote_name(Vote._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    for start in range(0, len(pairs), _PAIRS_PER_QUERY):
        chunk = pairs[start : start + _PAIRS_PER_QUERY]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = [number for pair in chunk for number in pair]
        # Only placeholders are formatted in; every value travels as a parameter.
        query = (
            f"SELECT id, user_id, title_id, value FROM {table} "  # noqa: S608
            f"WHERE (user_id, title_id) IN (VALUES {values}) ORDER BY id{lock}"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            for pk, user_id, title_id, value in cursor.fetchall():
                # SQLite hands back a number (4 or 3.5), PostgreSQL a Decimal.
                found[(user_id, title_id)] = _StoredVote(pk, Decimal(str(value)))
    return found


def _store_votes(
    created: Sequence[tuple[int, int, Decimal, datetime | None]],
    changed: Sequence[tuple[int, Decimal, datetime | None]],
    now: datetime,
) -> None:
    """Insert new (user id, title id, value, cast at) votes and set (vote id, value, cast at)
    on changed ones; a vote without its moment is stamped `now`.

    One executemany each. Votes are by far the largest table an import writes (MovieLens 25M
    has 25 million), and the ORM's bulk_create spends most of its time building and adapting
    one model instance per row, while bulk_update splits into a query per few hundred rows on
    SQLite; here the ten possible values and the timestamp are adapted once per batch.
    """
    connection = connections[router.db_for_write(Vote)]
    stamp = connection.ops.adapt_datetimefield_value(now)
    values = {value: connection.ops.adapt_decimalfield_value(value, 2, 1) for value in VOTE_VALUES}
    table = connection.ops.quote_name(Vote._meta.db_table)

    def at(moment: datetime | None) -> Any:
        return stamp if moment is None else connection.ops.adapt_datetimefield_value(moment)

    with connection.cursor() as cursor:
        if created:
            cursor.executemany(
                f"INSERT INTO {table} (user_id, title_id, value, created_at, updated_at)"  # noqa: S608
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (user, title, values[value], at(moment), at(moment))
                    for user, title, value, moment in created
                ],
            )
        if changed:
            cursor.executemany(
                f"UPDATE {table} SET value = %s, updated_at = %s WHERE id = %s",  # noqa: S608
                [(values[value], at(moment), pk) for pk, value, moment in changed],
            )


def votes_import(records: Sequence[VoteRecord]) -> UpsertResult:
    """Create or update imported members' votes, by (member, title); one batch, fixed queries.

    Titles are found by their external ids and members by username among imported accounts
    only; a record naming an unknown title or member, or a value outside 0.5-5 in half steps,
    is rejected with the reason. A member rating the same title twice in one batch keeps the
    later value, and the earlier row is rejected as superseded. Moves the titles' tallies,
    the members' vote counts and the "votes" counter by what the batch changed, each in one
    statement, in the caller's transaction.
    """
    result = UpsertResult()
    titles = resolve((record.title for record in records), "title")
    members = dict(
        User.objects.filter(
            username__in={record.member for record in records}, is_imported=True
        ).values_list("username", "pk")
    )
    wanted: dict[tuple[int, int], VoteRecord] = {}
    for record in records:
        if record.title not in titles:
            result.reject(record.line, f"title {record.title} is not in the catalogue")
        elif record.member not in members:
            result.reject(record.line, f"no imported member {record.member}")
        elif record.value not in VOTE_VALUES:
            result.reject(record.line, f"rating {record.value} is not 0.5-5 in half steps")
        else:
            key = (members[record.member], titles[record.title])
            earlier = wanted.pop(key, None)
            if earlier is not None:
                result.reject(
                    earlier.line,
                    f"superseded by line {record.line} ({record.member} rates {record.title}"
                    " again)",
                )
            wanted[key] = record
    return _votes_store({key: (r.value, None) for key, r in wanted.items()}, result)


def votes_write(rows: Sequence[VoteRow]) -> UpsertResult:
    """Create or update votes given by member and title ids, each with its moment: the bulk
    path of writers that know their rows (the demo's generated members and votes). A later
    row for the same (member, title) wins. Raises InvalidVoteError for a value outside 0.5-5
    in half steps. Moves what `votes_import` moves, in the caller's transaction.
    """
    for row in rows:
        if not is_vote_value(row.value):
            raise InvalidVoteError(f"{row.value} is not a vote from 0.5 to 5 stars in half steps")
    wanted = {(row.user_id, row.title_id): (row.value, row.cast_at) for row in rows}
    return _votes_store(wanted, UpsertResult())


def _votes_store(
    wanted: dict[tuple[int, int], tuple[Decimal, datetime | None]], result: UpsertResult
) -> UpsertResult:
    """Write these (member id, title id) -> (value, moment) votes, creating or changing rows,
    and move the tallies, the members' counts and the counter by what changed."""
    if not wanted:
        return result
    existing = _existing_votes(list(wanted))
    created: list[tuple[int, int, Decimal, datetime | None]] = []
    changed: list[tuple[int, Decimal, datetime | None]] = []
    tallies: defaultdict[int, Counter[int]] = defaultdict(Counter)
    member_votes: Counter[int] = Counter()
    for (user_id, title_id), (value, moment) in wanted.items():
        vote = existing.get((user_id, title_id))
        if vote is None:
            created.append((user_id, title_id, value, moment))
            tallies[title_id][half_stars(value)] += 1
            member_votes[user_id] += 1
        elif vote.value != value:
            changed.append((vote.pk, value, moment))
            tallies[title_id][half_stars(vote.value)] -= 1
            tallies[title_id][half_stars(value)] += 1
        else:
            result.unchanged += 1
    _store_votes(created, changed, timezone.now())
    # Members before titles: the global lock order (docs/architecture.md).
    members_vote_counts_add(member_votes)
    title_scores_add(tallies)
    counter_add("votes", len(created))
    # An import may touch thousands of titles: every cached page goes at once.
    if created or changed:
        versions_bump([CATALOGUE])
    result.created += len(created)
    result.updated += len(changed)
    return result


@write_transaction
def vote_cast(*, user: User, title: Title, value: Decimal) -> int:
    """Give `title` `value` stars (0.5 to 5 in half steps) from `user`, or change their vote;
    returns the vote's id.

    Raises InvalidVoteError for any other value. The member's vote row is locked first (on
    PostgreSQL), so two requests of one member are applied one after the other; when both
    find no vote, the second insert does nothing and that request changes the vote the first
    one made. Plain SQL (`vote_sql`): this is the vote form's path.
    """
    if not is_vote_value(value):
        raise InvalidVoteError(f"{value} is not a vote from 0.5 to 5 stars in half steps")
    now = timezone.now()
    stored = vote_sql.vote_find(user.pk, title.pk)
    if stored is None:
        vote_id = vote_sql.vote_insert(user.pk, title.pk, value, now)
        if vote_id is not None:
            # Members before titles, and the counter and versions gathered for the end of
            # the transaction: the global lock order (docs/architecture.md).
            member_counts_add(user_id=user.pk, votes=1)
            title_scores_add({title.pk: {half_stars(value): 1}})
            counter_add("votes", 1)
            # The score, and the member's vote count beside their messages.
            written_on = member_messages_keys(user.pk, has_messages=user.message_count > 0)
            versions_bump([MEMBER_SCORES, title_score_key(title.slug), *written_on])
            return vote_id
        # Another request of this member inserted it first: change that vote instead.
        stored = vote_sql.vote_find(user.pk, title.pk)
        if stored is None:
            raise IntegrityError(f"vote of member {user.pk} on title {title.pk} vanished")
    vote_id, previous = stored
    if previous != half_stars(value):
        vote_sql.vote_update(vote_id, value, now)
        title_scores_add({title.pk: {previous: -1, half_stars(value): 1}})
        versions_bump([MEMBER_SCORES, title_score_key(title.slug)])
    return vote_id


def vote_remove(*, user: User, title: Title) -> bool:
    """Take back a member's vote on a title; False when there was none."""
    return votes_delete(Vote.objects.filter(user=user, title=title)) > 0


@write_transaction
def votes_delete(votes: QuerySet[Vote]) -> int:
    """Delete votes and move every count they are in; the way to clear a member or a title.

    The votes are locked and read first (in id order, so concurrent deleters do not
    deadlock), then deleted by id: the counts move by exactly the rows this call removed,
    even when the queryset would match other rows by the time the DELETE runs.
    """
    rows = list(
        Vote.objects.filter(pk__in=votes.values("pk"))
        .select_for_update()
        .order_by("pk")
        .values_list("pk", "user_id", "title_id", "value")
    )
    tallies: defaultdict[int, Counter[int]] = defaultdict(Counter)
    members: Counter[int] = Counter()
    for _pk, user_id, title_id, value in rows:
        tallies[title_id][half_stars(value)] -= 1
        members[user_id] -= 1
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), _IDS_PER_QUERY):
        Vote.objects.filter(pk__in=ids[start : start + _IDS_PER_QUERY]).delete()
    members_vote_counts_add(members)  # members before titles: the global lock order
    title_scores_add(tallies)
    counter_add("votes", -len(rows))
    versions_bump(
        [
            *([MEMBER_SCORES] if rows else []),
            *score_keys(tallies),
            *(key for user_id in members for key in member_messages_keys(user_id)),
        ]
    )
    return len(rows)
