"""Reads for moderators: the queue of open reports and held messages, in a fixed number of
queries."""

from __future__ import annotations

from dataclasses import dataclass

from cinemeter.community.messages.models import Message, MessageStatus
from cinemeter.community.moderation.models import Report, ReportStatus


@dataclass(frozen=True)
class ModerationQueue:
    reports: list[Report]
    held: list[Message]


def moderation_queue() -> ModerationQueue:
    """Open reports (oldest first) and held messages: two queries."""
    return ModerationQueue(
        reports=list(
            Report.objects.filter(status=ReportStatus.OPEN)
            .select_related("message", "message__author", "message__title", "reporter")
            .order_by("created_at", "id")[:200]
        ),
        held=list(
            Message.objects.filter(status=MessageStatus.HELD, deleted_at__isnull=True)
            .select_related("author", "title")
            .order_by("created_at", "id")[:200]
        ),
    )
