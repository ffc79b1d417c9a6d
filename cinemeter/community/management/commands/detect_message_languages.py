"""Detect the language of messages that have none yet (posted before detection existed).

Messages whose author chose a language are left alone; a text too short to tell stays
unknown. With a translator configured, each newly detected message is queued for
translation.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cinemeter.community.messages.models import Message
from cinemeter.community.translation.languages import language_detect
from cinemeter.community.translation.services import message_translations_request

BATCH = 500


class Command(BaseCommand):
    help = "Fill in the language of messages that have none and queue their translations."

    def handle(self, *args: Any, **options: Any) -> None:
        detected = last = 0
        while True:
            batch = list(
                Message.objects.filter(pk__gt=last, language="", language_by_author=False)
                .order_by("pk")
                .only("pk", "source", "language")[:BATCH]
            )
            if not batch:
                break
            last = batch[-1].pk
            with transaction.atomic():
                for message in batch:
                    message.language = language_detect(message.source)
                    if message.language:
                        message.save(update_fields=["language"])
                        message_translations_request(message)
                        detected += 1
        self.stdout.write(f"Detected the language of {detected} messages.")
