"""Closing a member's account, which involves their votes and messages.

Here rather than in accounts because votes protect their member from deletion and accounts
may not import the community app.
"""

from __future__ import annotations

from cinemeter.accounts.models import User
from cinemeter.accounts.services import member_files_delete_on_commit
from cinemeter.community.messages.services import messages_member_detach
from cinemeter.community.votes.models import Vote
from cinemeter.community.votes.services import votes_delete
from cinemeter.core.writes import write_transaction


@write_transaction
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
