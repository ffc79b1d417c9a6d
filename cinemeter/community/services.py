"""Every write to votes goes through here, so the "votes" site counter stays exact."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cinemeter.accounts.models import User
from cinemeter.accounts.services import member_files_delete_on_commit
from cinemeter.catalog.bulk import resolve
from cinemeter.catalog.records import UpsertResult
from cinemeter.community.messages import messages_member_detach
from cinemeter.community.models import VOTE_VALUES, Vote
from cinemeter.community.records import VoteRecord
from cinemeter.core.counters import counter_add

# (user, title) pairs per lookup query: two parameters each, well under SQLite's 32,766.
_PAIRS_PER_QUERY = 5000


def _existing_votes(pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Vote]:
    """The stored votes for exactly these (user id, title id) pairs.

    A row-value IN list (SQLite 3.15+, PostgreSQL) finds exactly the pairs through the unique
    index; filtering users and titles separately would fetch their whole cross product.
    """
    found: dict[tuple[int, int], Vote] = {}
    table = connections[router.db_for_read(Vote)].ops.quote_name(Vote._meta.db_table)
    for start in range(0, len(pairs), _PAIRS_PER_QUERY):
        chunk = pairs[start : start + _PAIRS_PER_QUERY]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = [number for pair in chunk for number in pair]
        # Only placeholders are formatted in; every value travels as a parameter.
        query = (
            f"SELECT id, user_id, title_id, value FROM {table} "  # noqa: S608
            f"WHERE (user_id, title_id) IN (VALUES {values})"
        )
        for vote in Vote.objects.raw(query, params):
            found[(vote.user_id, vote.title_id)] = vote
    return found


def _store_votes(
    created: Sequence[tuple[int, int, Decimal]],
    changed: Sequence[tuple[int, Decimal]],
    now: datetime,
) -> None:
    """Insert new (user id, title id, value) votes and set (vote id, value) on changed ones.

    One executemany each. Votes are by far the largest table an import writes (MovieLens 25M
    has 25 million), and the ORM's bulk_create spends most of its time building and adapting
    one model instance per row, while bulk_update splits into a query per few hundred rows on
    SQLite; here the ten possible values and the timestamp are adapted once per batch.
    """
    connection = connections[router.db_for_write(Vote)]
    stamp = connection.ops.adapt_datetimefield_value(now)
    values = {value: connection.ops.adapt_decimalfield_value(value, 2, 1) for value in VOTE_VALUES}
    table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        if created:
            cursor.executemany(
                f"INSERT INTO {table} (user_id, title_id, value, created_at, updated_at)"  # noqa: S608
                " VALUES (%s, %s, %s, %s, %s)",
                [(user, title, values[value], stamp, stamp) for user, title, value in created],
            )
        if changed:
            cursor.executemany(
                f"UPDATE {table} SET value = %s, updated_at = %s WHERE id = %s",  # noqa: S608
                [(values[value], stamp, pk) for pk, value in changed],
            )


def votes_import(records: Sequence[VoteRecord]) -> UpsertResult:
    """Create or update imported members' votes, by (member, title); one batch, fixed queries.

    Titles are found by their external ids and members by username among imported accounts
    only; a record naming an unknown title or member, or a value outside 0.5-5 in half steps,
    is rejected with the reason. A member rating the same title twice in one batch keeps the
    later value, and the earlier row is rejected as superseded. Moves the "votes" counter by
    the votes created, in the caller's transaction.
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
    if not wanted:
        return result
    existing = _existing_votes(list(wanted))
    created: list[tuple[int, int, Decimal]] = []
    changed: list[tuple[int, Decimal]] = []
    for (user_id, title_id), record in wanted.items():
        vote = existing.get((user_id, title_id))
        if vote is None:
            created.append((user_id, title_id, record.value))
        elif vote.value != record.value:
            changed.append((vote.pk, record.value))
        else:
            result.unchanged += 1
    _store_votes(created, changed, timezone.now())
    counter_add("votes", len(created))
    result.created += len(created)
    result.updated += len(changed)
    return result


@transaction.atomic
def votes_delete(votes: QuerySet[Vote]) -> int:
    """Delete votes and move the counter; the way to clear a member or title for deletion."""
    deleted, _ = votes.delete()
    counter_add("votes", -deleted)
    return deleted


@transaction.atomic
def member_delete(*, user: User) -> None:
    """Delete a member's account: their votes through `votes_delete`, then the account.

    Here rather than in accounts because votes protect their member from deletion and
    accounts may not import the community app. Their messages stay, shown as from "deleted
    member" (`messages_member_detach`). The avatar files go once the deletion commits.
    """
    votes_delete(Vote.objects.filter(user=user))
    messages_member_detach(user=user)
    member_files_delete_on_commit(user)
    user.delete()
