"""Messages translated for readers of other languages: asking for translations after a
message is saved, producing one (the background task's work), forgetting them when the text
changes, and choosing what each reader sees.

Nothing here runs a translator during a request: `message_translations_request` only queues
tasks once the transaction commits. A translator that fails leaves the original shown.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import get_language, get_language_info

from cinemeter.accounts.models import User
from cinemeter.community.messages.models import Message
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.page_versions import messages_keys
from cinemeter.community.translation.languages import site_languages
from cinemeter.community.translation.models import HUMAN_TRANSLATOR, MessageTranslation
from cinemeter.community.translation.queue import translate_enqueue
from cinemeter.community.translation.translators import translator_get, translator_name
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_unit

logger = logging.getLogger(__name__)

# Seconds before a page asks again for a translation it found missing.
BACKFILL_INTERVAL = 3600


def reader_languages(user: User | object) -> list[str]:
    """The languages a reader reads as written: their "languages I read", else the
    interface language.
    """
    chosen = list(getattr(user, "read_languages", None) or [])
    return chosen or [get_language()]


def message_translations_forget(message: Message) -> None:
    """The text or language changed: stored translations no longer match it."""
    MessageTranslation.objects.filter(message=message).delete()


def message_translations_request(message: Message) -> None:
    """Queue a translation into every other site language, after the transaction commits.

    Nothing to do when translation is off or the message's language is unknown.
    """
    if translator_name() == "none" or not message.language:
        return
    for target in site_languages():
        if target != message.language:
            transaction.on_commit(
                lambda target=target: translate_enqueue(message.pk, target)  # type: ignore[misc]
            )


def message_translations_backfill(
    readings: Sequence[MessageReading], messages: Sequence[Message]
) -> None:
    """Queue the translations a page found missing (messages posted before a translator was
    configured, or whose task gave up), at most once an hour per message, language and
    translator; the page itself never waits for them.
    """
    backend = translator_name()
    for reading, message in zip(readings, messages, strict=True):
        if not reading.pending:
            continue
        key = f"translation-asked:{message.pk}:{reading.target}:{backend}"
        if cache.add(key, True, timeout=BACKFILL_INTERVAL):
            translate_enqueue(message.pk, reading.target)


def message_translate(message_id: int, target: str) -> MessageTranslation | None:
    """Translate one message into `target` with the configured translator and store it.

    Returns the stored translation (an existing one is kept), or None when there is nothing
    to translate. Raises TranslatorError when the translator fails: the task retries later.
    """
    translator = translator_get()
    message = Message.objects.filter(pk=message_id, deleted_at__isnull=True).first()
    if translator is None or message is None or not message.language:
        return None
    if message.language == target:
        return None
    existing = MessageTranslation.objects.filter(
        message=message, language=target, backend=translator.name
    ).first()
    if existing is not None:
        return existing
    source_text = message.source
    translated = translator.translate(source_text, source=message.language, target=target)
    try:
        with write_unit():
            # The message may have been edited while the translator worked.
            if not Message.objects.filter(pk=message.pk, source=source_text).exists():
                return None
            stored = MessageTranslation.objects.create(
                message=message,
                language=target,
                backend=translator.name,
                source_language=message.language,
                html=message_render(translated),
            )
            # Visitors' cached copies of the title page still say "not translated yet".
            versions_bump(messages_keys([message.title_id]))
            return stored
    except IntegrityError:  # another worker stored it first
        return MessageTranslation.objects.filter(
            message=message, language=target, backend=translator.name
        ).first()


def _needs_translation(message: Message, reads: set[str], target: str) -> bool:
    return bool(message.language) and message.language not in reads | {target}


def reader_translations(
    messages: Sequence[Message], reader: User | object
) -> dict[int, list[MessageTranslation]]:
    """The stored translations this reader may see of the messages written in a language
    they do not read: one query for the whole page, none when every message is readable.
    People's translations always count; a machine's only while its backend is configured.
    """
    reads, target = set(reader_languages(reader)), get_language()
    wanted = [m.pk for m in messages if _needs_translation(m, reads, target)]
    if not wanted:
        return {}
    backends = [HUMAN_TRANSLATOR]
    if translator_name() != "none":
        backends.append(translator_name())
    found: dict[int, list[MessageTranslation]] = defaultdict(list)
    for row in MessageTranslation.objects.filter(
        message_id__in=wanted, language=target, backend__in=backends
    ):
        found[row.message_id].append(row)
    return found


@dataclass(frozen=True)
class MessageReading:
    """How one reader sees one message's text. `html` is the translation to show ("" shows
    the original); `pending` marks an original whose translation is not ready yet.
    """

    html: str = ""
    source_name: str = ""
    target: str = ""
    show_original: bool = False
    pending: bool = False
    toggle_url: str = ""


NO_TRANSLATION = MessageReading()


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _toggle_url(query: QueryDict, message_id: int, *, show_original: bool) -> str:
    """The no-JavaScript link that flips one message between translation and original."""
    params = query.copy()
    originals = {v for v in params.getlist("original") if v.isdigit()}
    if show_original:
        originals.discard(str(message_id))
    else:
        originals.add(str(message_id))
    params.setlist("original", sorted(originals))
    encoded = params.urlencode()
    return f"?{encoded}#message-{message_id}" if encoded else f"?#message-{message_id}"


def message_readings(
    messages: Sequence[Message],
    translations: Mapping[int, list[MessageTranslation]],
    reader: User | object,
    query: QueryDict,
) -> list[MessageReading]:
    """What the reader sees of each message, from `reader_translations`: no queries."""
    reads = set(reader_languages(reader))
    target = get_language()
    machine = translator_name() != "none"
    originals = {v for v in query.getlist("original") if v.isdigit()}
    readings = []
    for message in messages:
        if not _needs_translation(message, reads, target):
            readings.append(NO_TRANSLATION)
            continue
        found = translations.get(message.pk, [])
        # A person's translation wins over a machine's.
        best = min(found, key=lambda t: t.backend != HUMAN_TRANSLATOR, default=None)
        name = _language_name(message.language)
        if best is None:
            readings.append(MessageReading(source_name=name, target=target, pending=machine))
            continue
        show_original = str(message.pk) in originals
        readings.append(
            MessageReading(
                html=best.html,
                source_name=name,
                target=target,
                show_original=show_original,
                toggle_url=_toggle_url(query, message.pk, show_original=show_original),
            )
        )
    return readings
