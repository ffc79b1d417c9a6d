"""Recompute every count kept about votes from the votes themselves, and report drift.

The vote services keep three kinds of numbers exact as they go: each title's tally
(`catalog.TitleScore`), each member's `vote_count` and the site counters. `votes_recount`
computes them all again with a few GROUP BY queries and compares; drift means a write went
around the services (or a bug), and with `fix` the stored numbers are corrected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import Count

from cinemeter.accounts.models import User
from cinemeter.accounts.services import members_vote_counts_add
from cinemeter.catalog.models import TitleScore
from cinemeter.catalog.models.scores import HISTOGRAM_FIELDS
from cinemeter.catalog.scores import tally_of, title_message_counts_set, title_scores_set
from cinemeter.community.messages.models import Message
from cinemeter.community.votes.models import Vote
from cinemeter.community.votes.services import half_stars
from cinemeter.core.counters import Drift, counters_recount

# (vote count, half-star sum, votes at 0.5, 1.0, ... 5.0)
Tally = tuple[int, ...]


@dataclass(frozen=True)
class TitleDrift:
    title_id: int
    stored: Tally
    actual: Tally


@dataclass(frozen=True)
class MemberDrift:
    user_id: int
    stored: int
    actual: int


@dataclass(frozen=True)
class MessageCountDrift:
    title_id: int
    stored: int
    actual: int


@dataclass
class RecountReport:
    titles: list[TitleDrift] = field(default_factory=list)
    members: list[MemberDrift] = field(default_factory=list)
    counters: list[Drift] = field(default_factory=list)
    message_counts: list[MessageCountDrift] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return bool(self.titles or self.members or self.counters or self.message_counts)


def _lock_votes() -> None:
    """Hold off vote writers until the recount commits, so it compares one moment's numbers.

    On PostgreSQL a SHARE lock on the votes table lets reads through but makes every insert,
    update or delete of a vote wait; the services write the vote before its counts, so no
    count is half-moved while the lock is held. SQLite runs one write transaction at a time
    (IMMEDIATE), which already gives the same.
    """
    connection = connections[router.db_for_write(Vote)]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Vote._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")


def _title_drift() -> tuple[list[TitleDrift], dict[int, dict[int, int]]]:
    histograms: defaultdict[int, dict[int, int]] = defaultdict(dict)
    by_value = Vote.objects.order_by().values_list("title_id", "value").annotate(n=Count("pk"))
    for title_id, value, count in by_value.iterator():
        histograms[title_id][half_stars(value)] = count
    stored = {
        row[0]: tuple(row[1:])
        for row in TitleScore.objects.values_list(
            "title_id", "vote_count", "half_star_sum", *HISTOGRAM_FIELDS
        ).iterator()
    }
    drifts = []
    fixes: dict[int, dict[int, int]] = {}
    for title_id in sorted(stored.keys() | histograms.keys()):
        histogram = histograms.get(title_id, {})
        actual = tuple(tally_of(histogram))
        before = stored.get(title_id, tuple(tally_of({})))
        if actual != before:
            drifts.append(TitleDrift(title_id=title_id, stored=before, actual=actual))
            fixes[title_id] = histogram
    return drifts, fixes


def _member_drift() -> list[MemberDrift]:
    actual = dict(Vote.objects.order_by().values_list("user_id").annotate(n=Count("pk")).iterator())
    stored = dict(User.objects.filter(vote_count__gt=0).values_list("pk", "vote_count"))
    return [
        MemberDrift(user_id=user_id, stored=stored.get(user_id, 0), actual=actual.get(user_id, 0))
        for user_id in sorted(stored.keys() | actual.keys())
        if stored.get(user_id, 0) != actual.get(user_id, 0)
    ]


def _message_count_drift() -> list[MessageCountDrift]:
    """Each title's maintained message count against its message rows (any state)."""
    actual = dict(
        Message.objects.order_by().values_list("title_id").annotate(n=Count("pk")).iterator()
    )
    stored = dict(
        TitleScore.objects.filter(message_count__gt=0).values_list("title_id", "message_count")
    )
    return [
        MessageCountDrift(title_id=t, stored=stored.get(t, 0), actual=actual.get(t, 0))
        for t in sorted(stored.keys() | actual.keys())
        if stored.get(t, 0) != actual.get(t, 0)
    ]


@transaction.atomic
def votes_recount(*, fix: bool = True) -> RecountReport:
    """Compare every title tally, member vote count and site counter with the votes, and
    every title's message count with its messages.

    With `fix`, drifted numbers are set to what the votes say. Reads every vote once per
    kind (GROUP BY title and value, GROUP BY member); writes only what drifted.
    """
    _lock_votes()
    titles, fixes = _title_drift()
    members = _member_drift()
    message_counts = _message_count_drift()
    if fix:
        title_message_counts_set({d.title_id: d.actual for d in message_counts})
        title_scores_set(fixes)
        # Exact under the lock: nothing else moves these counts until the recount commits.
        members_vote_counts_add({d.user_id: d.actual - d.stored for d in members})
    counters = counters_recount(fix=fix)
    return RecountReport(
        titles=titles, members=members, counters=counters, message_counts=message_counts
    )
