"""Messages translated into the languages their readers read."""

from __future__ import annotations

from django.db import models

from cinemeter.community.messages.models import Message

__all__ = ["HUMAN_TRANSLATOR", "MessageTranslation"]

# The backend name of translations written by people (the demo's, recorded as the project's
# own writing); shown whichever machine translator is configured, even `none`.
HUMAN_TRANSLATOR = "human"


class MessageTranslation(models.Model):
    """One message's text in one reader language, made by one translator backend.

    Written by `community.translation.services` (the background task) and the demo loader; deleted
    when the message's text or language changes, so a stored translation always matches the
    current text. Keyed by backend so switching translators never shows another's output as
    its own.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, help_text="The reader language translated into.")
    backend = models.CharField(max_length=20)
    source_language = models.CharField(max_length=8)
    html = models.TextField(help_text="The translated text, rendered and sanitised like a message.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "language", "backend"], name="messagetranslation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(language=models.F("source_language")),
                name="messagetranslation_other_language",
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.message_id} in {self.language} by {self.backend}"
