"""Votes for tests, cast through the service so every tally and counter moves as on the site."""

from decimal import Decimal

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Title
from cinemeter.community.models import Vote
from cinemeter.community.votes.services import vote_cast


def cast(member: User, title: Title, value: str | Decimal) -> Vote:
    return Vote.objects.get(pk=vote_cast(user=member, title=title, value=Decimal(value)))
