"""Members' messages on titles (reviews and comments) and their moderation.

Every row here is written by `cinemeter.community.messages.services` (members) or
`cinemeter.community.moderation.services` (moderators); none of them has side effects in `save()`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cinemeter.core.models import BaseModel


class MessageStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    # Posted with the paste guard's warning confirmed: only the author and moderators see it
    # until a moderator approves it.
    HELD = "held", _("Held for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Message(BaseModel):
    """One member's review or comment on one title, optionally replying to another message.

    The Markdown `source` is what the member typed; `html` is rendered from it and sanitised at
    save time, so a page never renders Markdown. Deleting is soft (`deleted_at`): the row stays
    so replies keep their context and the page shows "This message was deleted". An account
    deleted later leaves its messages with no author ("deleted member").
    """

    title = models.ForeignKey(
        "catalog.Title",
        on_delete=models.PROTECT,  # like votes: a title with messages is not silently emptied
        related_name="messages",
        db_index=False,  # the title listing indexes start with it
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        db_index=False,  # message_author_recent_idx starts with it
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,  # messages are only ever soft-deleted
        null=True,
        blank=True,
        related_name="replies",
    )
    source = models.TextField(help_text="What the member typed (Markdown subset).")
    html = models.TextField(help_text="`source` rendered and sanitised when saved.")
    spoiler = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.PUBLISHED
    )
    helpful_count = models.PositiveIntegerField(default=0)
    # Detected when posted or edited (`community.translation.languages`), or chosen by the
    # author; empty when too short or too mixed to tell. Readers of other languages get a
    # translation.
    language = models.CharField(max_length=8, blank=True)
    language_by_author = models.BooleanField(
        default=False, help_text="The author set the language; an edit does not re-detect it."
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_message", "Can moderate messages and suspend members")]
        indexes = [
            models.Index(fields=["title", "-created_at"], name="message_title_newest_idx"),
            models.Index(
                fields=["title", "-helpful_count", "-created_at"], name="message_title_helpful_idx"
            ),
            models.Index(fields=["author", "-created_at"], name="message_author_recent_idx"),
            models.Index(
                fields=["status"],
                condition=Q(status=MessageStatus.HELD),
                name="message_held_idx",
            ),
            # The home page's recent reviews: the newest published top-level messages.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(
                    status=MessageStatus.PUBLISHED, deleted_at__isnull=True, parent__isnull=True
                ),
                name="message_recent_reviews_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="message_status_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="message_not_own_parent"),
            models.CheckConstraint(condition=~Q(source=""), name="message_source_not_empty"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} on title {self.title_id}"

    def get_absolute_url(self) -> str:
        return reverse("community:message", kwargs={"pk": self.pk})

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.status == MessageStatus.HIDDEN

    @property
    def is_held(self) -> bool:
        return self.status == MessageStatus.HELD


class MessageRevision(models.Model):
    """The text a message had before one edit; written by `message_edit` only.

    `created_at` is when that text was replaced, so the rows of a message read as its history.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    spoiler = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision {self.pk} of message {self.message_id}"


class HelpfulMark(models.Model):
    """One member found one other member's message helpful; `Message.helpful_count` counts these.

    Written by `message_mark_helpful` (which refuses one's own messages) and removed when the
    marking account is deleted (`messages_member_detach`), each moving the count.
    """

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="helpful_marks", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_marks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "user"], name="helpfulmark_one_per_member_per_message"
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} found message {self.message_id} helpful"
