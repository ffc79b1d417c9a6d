"""The community's site counters and how each is computed from scratch."""

from cinemeter.community.votes.models import Vote
from cinemeter.core.counters import counter_register


def count_votes() -> int:
    return Vote.objects.count()


def register_community_counters() -> None:
    counter_register("votes", count_votes)
