"""Loads the demo reviews on Escape from L.A. and their stored translations.

Texts and translations are the project's own writing (messages.json); the translations are
stored as backend "human", so `make run` shows "Translated from Dutch · View original" to an
English reader without any machine translator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Title
from cinemeter.community.messages.models import Message
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.messages.services import Draft, message_post
from cinemeter.community.translation.models import HUMAN_TRANSLATOR, MessageTranslation

DATA_FILE = Path(__file__).with_name("messages.json")


def demo_messages_load(*, data_file: Path = DATA_FILE) -> int:
    """Post the demo messages (through the message service) and store their translations.

    Returns how many messages were posted: 0 when the demo title is missing or already has
    messages, so running it twice changes nothing.
    """
    data: dict[str, Any] = json.loads(data_file.read_text(encoding="utf-8"))
    title = Title.objects.filter(title=data["title_slug_of"], parent__isnull=True).first()
    if title is None or Message.objects.filter(title=title).exists():
        return 0
    with transaction.atomic():
        authors = {}
        for username in data["members"]:
            # No usable password: demo accounts show on the page but nobody logs in as them.
            authors[username], _created = User.objects.get_or_create(username=username)
        for row in data["messages"]:
            author = authors[row["author"]]
            if author.preferred_language != row["language"]:
                author.preferred_language = row["language"]
                author.save(update_fields=["preferred_language"])
            message = message_post(
                author=author,
                title=title,
                draft=Draft(source=row["source"], language=row["language"]),
            )
            MessageTranslation.objects.bulk_create(
                MessageTranslation(
                    message=message,
                    language=language,
                    backend=HUMAN_TRANSLATOR,
                    source_language=row["language"],
                    html=message_render(text),
                )
                for language, text in row["translations"].items()
            )
    return len(data["messages"])
