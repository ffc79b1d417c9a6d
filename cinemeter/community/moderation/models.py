"""What moderators act on: members' reports of messages, and suspended members.

Written by `cinemeter.community.moderation.services` only; no side effects in `save()`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cinemeter.community.messages.models import Message
from cinemeter.core.models import BaseModel

__all__ = ["Report", "ReportStatus", "Suspension"]


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Report(BaseModel):
    """One member's report of one message to the moderators; written by `moderation` services."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reports", db_index=False
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.TextField(max_length=1000)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status=ReportStatus.OPEN),
                name="report_open_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=Q(status=ReportStatus.OPEN),
                name="report_one_open_per_member_per_message",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on message {self.message_id}"


class Suspension(BaseModel):
    """A member a moderator suspended: they keep reading and logging in, but may not post or
    vote (`moderation.member_can_post`). Lifting the suspension deletes the row.

    A row of its own rather than `is_active=False`, which would also lock the member out and
    hide their profile, and would read like an account that never confirmed its address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspension"
    )
    reason = models.TextField(blank=True, max_length=1000)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"suspension of user {self.user_id}"
