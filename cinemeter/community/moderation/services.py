"""Who may post, and what moderators do: reports, hiding, approving held messages, suspensions.

`member_can_post` and `new_member_vote_allowed` are the checks other writers (the vote
services) call, so one suspension or rate limit rule covers messages and votes alike.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinemeter.accounts.models import User
from cinemeter.accounts.throttle import Throttle
from cinemeter.community.messages.models import Message, MessageStatus
from cinemeter.community.moderation.models import Report, ReportStatus, Suspension
from cinemeter.community.page_versions import messages_keys
from cinemeter.community.paste_guard.guard import message_fingerprint_update
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_transaction

MODERATE_PERMISSION = "community.moderate_message"


class Refused(Exception):  # noqa: N818  (a refusal with a reason for the member, not a bug)
    """A write the rules refuse; the message says why, in words for the member."""


def is_moderator(user: User | AnonymousUser) -> bool:
    """Staff, or a member given the "Can moderate messages" permission (e.g. by a group)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_staff or user.has_perm(MODERATE_PERMISSION))
    )


def member_is_suspended(user: User) -> bool:
    """Plain SQL: every vote and post asks, and the ORM's compiling cost more than the read."""
    connection = connections[router.db_for_read(Suspension)]
    table = connection.ops.quote_name(Suspension._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE user_id = %s", [user.pk])  # noqa: S608
        return cursor.fetchone() is not None


def member_can_post(user: User | AnonymousUser) -> bool:
    """May this visitor post messages or vote? A logged-in, active, not suspended member."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_imported
        and not member_is_suspended(user)
    )


def is_new_member(user: User) -> bool:
    return user.date_joined > timezone.now() - timedelta(days=settings.NEW_MEMBER_DAYS)


def new_member_message_throttle() -> Throttle:
    return Throttle("messages-new", settings.NEW_MEMBER_MESSAGES_PER_HOUR, 3600)


def new_member_vote_throttle() -> Throttle:
    return Throttle("votes-new", settings.NEW_MEMBER_VOTES_PER_HOUR, 3600)


def new_member_vote_allowed(user: User) -> bool:
    """May this member cast one more vote now? Counts the vote when it may.

    Accounts younger than NEW_MEMBER_DAYS cast at most NEW_MEMBER_VOTES_PER_HOUR votes an
    hour; older accounts are not limited (and not counted).
    """
    return not is_new_member(user) or new_member_vote_throttle().allow(str(user.pk))


def new_member_message_take(user: User) -> None:
    """Count a new account's message, or refuse it past the hourly limit.

    Call inside the posting transaction: the count is a database row written in it, so a
    message refused or failing later is not counted, and concurrent posts on several workers
    queue on the row and get exact counts.
    """
    if is_new_member(user) and not new_member_message_throttle().allow(str(user.pk)):
        raise Refused(
            _(
                "New members may post at most %(limit)d messages an hour. Your text is kept"
                " below: please post it a little later."
            )
            % {"limit": settings.NEW_MEMBER_MESSAGES_PER_HOUR}
        )


def _require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators may do that."))


@write_transaction
def report_create(*, message: Message, reporter: User, reason: str) -> Report:
    """Report a message to the moderators; one open report per member per message."""
    if message.author_id == reporter.pk:
        raise Refused(_("You cannot report your own message; edit or delete it instead."))
    if message.is_deleted:
        raise Refused(_("This message was deleted."))
    try:
        with transaction.atomic():
            return Report.objects.create(message=message, reporter=reporter, reason=reason)
    except IntegrityError as error:  # report_one_open_per_member_per_message
        raise Refused(
            _("You have already reported this message; a moderator will look at it.")
        ) from error


def _resolve_reports(message: Message, moderator: User) -> None:
    message.reports.filter(status=ReportStatus.OPEN).update(
        status=ReportStatus.RESOLVED, resolved_by=moderator, resolved_at=timezone.now()
    )


def _moderate(message: Message, moderator: User, status: str) -> None:
    message.status = status
    message.moderated_by = moderator
    message.moderated_at = timezone.now()
    message.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    versions_bump(messages_keys([message.title_id]))


@write_transaction
def message_hide(*, message: Message, moderator: User) -> None:
    """Hide a message from everyone but its author and moderators; resolves its reports."""
    _require_moderator(moderator)
    _moderate(message, moderator, MessageStatus.HIDDEN)
    _resolve_reports(message, moderator)
    message_fingerprint_update(message)


@write_transaction
def message_restore(*, message: Message, moderator: User) -> None:
    """Show a hidden message again."""
    _require_moderator(moderator)
    if not message.is_hidden:
        raise Refused(_("Only a hidden message can be restored."))
    _moderate(message, moderator, MessageStatus.PUBLISHED)
    message_fingerprint_update(message)


@write_transaction
def message_approve(*, message: Message, moderator: User) -> None:
    """Publish a message the paste guard held; resolves its reports."""
    _require_moderator(moderator)
    if not message.is_held:
        raise Refused(_("Only a held message can be approved."))
    _moderate(message, moderator, MessageStatus.PUBLISHED)
    _resolve_reports(message, moderator)
    message_fingerprint_update(message)


@write_transaction
def report_dismiss(*, report: Report, moderator: User) -> None:
    """Close a report without acting on the message."""
    _require_moderator(moderator)
    report.status = ReportStatus.RESOLVED
    report.resolved_by = moderator
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])


@write_transaction
def member_suspend(*, member: User, moderator: User, reason: str = "") -> Suspension:
    """Stop a member posting and voting until the suspension is lifted; staff are exempt."""
    _require_moderator(moderator)
    if member.is_staff or member.pk == moderator.pk:
        raise Refused(_("Staff accounts cannot be suspended here."))
    suspension, _created = Suspension.objects.update_or_create(
        user=member, defaults={"reason": reason, "suspended_by": moderator}
    )
    return suspension


@write_transaction
def member_unsuspend(*, member: User, moderator: User) -> None:
    _require_moderator(moderator)
    Suspension.objects.filter(user=member).delete()
