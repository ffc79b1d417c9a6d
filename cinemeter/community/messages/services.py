"""Every write to members' messages: post, edit, delete, mark helpful, and the account-deletion
hand-off. Each keeps the author's `message_count`, the message's `helpful_count` and the paste
guard's index in step, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cinemeter.accounts.models import User
from cinemeter.accounts.services import member_counts_add
from cinemeter.catalog.models import Title
from cinemeter.catalog.scores import title_message_counts_add
from cinemeter.community.messages.models import (
    HelpfulMark,
    Message,
    MessageRevision,
    MessageStatus,
)
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.moderation.services import (
    Refused,
    member_can_post,
    new_member_message_take,
)
from cinemeter.community.page_versions import member_messages_keys, messages_keys
from cinemeter.community.paste_guard.guard import find_copies, message_fingerprint_update
from cinemeter.community.paste_guard.models import TextSourceKind
from cinemeter.community.translation.languages import language_detect
from cinemeter.community.translation.services import (
    message_translations_forget,
    message_translations_request,
)
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_transaction

PASTE_WARNING = _(
    "Because of copyright you may not copy the content of external websites, not even with a"
    " source. You may of course post a link to an external page, with your own description or"
    " the first paragraph of the text. You get this warning because it looks like you pasted a"
    " long text into your message."
)


def quote_source(message: Message) -> str:
    """A message's text as a Markdown quote, to prefill a reply that quotes it."""
    quoted = "\n".join(f"> {line}".rstrip() for line in message.source.strip().splitlines())
    return f"{quoted}\n\n"


class PasteSuspected(Refused):
    """The paste guard's warning: the member may shorten the text or confirm to be held."""

    def __init__(self) -> None:
        super().__init__(PASTE_WARNING)


@dataclass(frozen=True)
class Draft:
    """What the member submitted, as the services need it."""

    source: str
    spoiler: bool = False
    pasted_long: bool = False  # the page's script saw a long text pasted
    confirmed: bool = False  # "Post anyway and let a moderator check it"
    language: str = ""  # chosen by the author; "" lets the site detect it


def _language(draft: Draft) -> tuple[str, bool]:
    """(language, chosen by the author) for a draft."""
    if draft.language:
        return draft.language, True
    return language_detect(draft.source), False


def _guard(draft: Draft, *, author: User, title: Title, exclude_message: int | None) -> bool:
    """True when the message must be held; PasteSuspected when the member has to decide.

    Only long texts are checked: a short quote is fair use and costs nothing to read. The
    title's own plot is compared directly (the most likely thing to paste, and always
    current), the rest of the known texts through the LSH index; the author's own messages
    never count.
    """
    if len(draft.source) < settings.PASTE_GUARD_MIN_LENGTH:
        return False
    suspected = draft.pasted_long or any(
        not (m.source_kind == TextSourceKind.MESSAGE and m.source_id == exclude_message)
        for m in find_copies(
            draft.source,
            exclude_owner_id=author.pk,
            also=[(TextSourceKind.TITLE_PLOT, title.pk, title.plot)] if title.plot else [],
        )
    )
    if suspected and not draft.confirmed:
        raise PasteSuspected
    return suspected


def _check_poster(user: User) -> None:
    if not member_can_post(user):
        raise Refused(_("Your account may not post messages at the moment."))


@write_transaction
def message_post(
    *, author: User, title: Title, draft: Draft, parent: Message | None = None
) -> Message:
    """Post a message (or a reply to `parent`) on a title.

    Refused (with the reason) when the member may not post, is a new member over the hourly
    limit, or replies to a message elsewhere or gone; PasteSuspected when the text looks
    copied and was not confirmed. A confirmed suspected copy is saved as held for a moderator.
    """
    _check_poster(author)
    new_member_message_take(author)
    if parent is not None and (
        parent.title_id != title.pk or parent.is_deleted or parent.status != "published"
    ):
        raise Refused(_("You can only reply to a published message on this title."))
    held = _guard(draft, author=author, title=title, exclude_message=None)
    language, by_author = _language(draft)
    message = Message.objects.create(
        language=language,
        language_by_author=by_author,
        title=title,
        author=author,
        parent=parent,
        source=draft.source,
        html=message_render(draft.source),
        spoiler=draft.spoiler,
        status=MessageStatus.HELD if held else MessageStatus.PUBLISHED,
    )
    member_counts_add(user_id=author.pk, messages=1)
    title_message_counts_add({title.pk: 1})
    versions_bump(member_messages_keys(author.pk))  # this title's and the author's count
    message_fingerprint_update(message)
    message_translations_request(message)
    return message


def _require_author(message: Message, user: User) -> None:
    if message.author_id is None or message.author_id != user.pk:
        raise PermissionDenied(_("Only the author may change this message."))
    if message.is_deleted:
        raise Refused(_("This message was deleted."))


@write_transaction
def message_edit(*, message: Message, editor: User, draft: Draft) -> Message:
    """Replace a message's text, keeping the old one as a revision; the author only.

    An edit passes the same paste guard as a new message (else a short post could be edited
    into a copy); a confirmed suspected copy goes back to held. A hidden message stays hidden.
    """
    _require_author(message, editor)
    _check_poster(editor)
    held = _guard(draft, author=editor, title=message.title, exclude_message=message.pk)
    language, by_author = _language(draft)
    if not by_author and message.language_by_author and draft.source == message.source:
        # The author's earlier choice stands until the text changes.
        language, by_author = message.language, True
    if (
        draft.source == message.source
        and draft.spoiler == message.spoiler
        and language == message.language
    ):
        return message
    if draft.source == message.source and draft.spoiler == message.spoiler:
        # Only the language was corrected: no new revision of the text.
        message.language, message.language_by_author = language, by_author
        message.save(update_fields=["language", "language_by_author", "updated_at"])
        message_translations_forget(message)
        message_translations_request(message)
        versions_bump(messages_keys([message.title_id]))
        return message
    MessageRevision.objects.create(message=message, source=message.source, spoiler=message.spoiler)
    message.source = draft.source
    message.html = message_render(draft.source)
    message.spoiler = draft.spoiler
    message.edited_at = timezone.now()
    message.language, message.language_by_author = language, by_author
    fields = [
        "source",
        "html",
        "spoiler",
        "edited_at",
        "language",
        "language_by_author",
        "updated_at",
    ]
    if held and message.status == MessageStatus.PUBLISHED:
        message.status = MessageStatus.HELD
        fields.append("status")
    message.save(update_fields=fields)
    message_fingerprint_update(message)
    message_translations_forget(message)
    message_translations_request(message)
    versions_bump(messages_keys([message.title_id]))  # readers see the new text at once
    return message


@write_transaction
def message_delete(*, message: Message, user: User) -> None:
    """Soft-delete a message (its place shows "This message was deleted"); the author only."""
    _require_author(message, user)
    message.deleted_at = timezone.now()
    message.save(update_fields=["deleted_at", "updated_at"])
    member_counts_add(user_id=user.pk, messages=-1)
    versions_bump(member_messages_keys(user.pk))
    message_fingerprint_update(message)


@write_transaction
def message_mark_helpful(*, message: Message, user: User) -> bool:
    """Mark another member's message helpful; False when this member had already marked it."""
    _check_poster(user)
    if message.author_id == user.pk:
        raise Refused(_("You cannot mark your own message as helpful."))
    if message.is_deleted or message.status != MessageStatus.PUBLISHED:
        raise Refused(_("This message cannot be marked."))
    try:
        with transaction.atomic():
            HelpfulMark.objects.create(message=message, user=user)
    except IntegrityError:  # helpfulmark_one_per_member_per_message
        return False
    Message.objects.filter(pk=message.pk).update(helpful_count=F("helpful_count") + 1)
    versions_bump(messages_keys([message.title_id]))
    return True


def messages_member_detach(*, user: User) -> None:
    """Prepare a member's deletion: their messages stay, from "deleted member", and their
    helpful marks go with the counts they added. Call in `member_delete`'s transaction.
    """
    marked = list(HelpfulMark.objects.filter(user=user).values_list("message_id", flat=True))
    marked_titles = Message.objects.filter(pk__in=marked).values_list("title_id", flat=True)
    if marked:
        Message.objects.filter(pk__in=marked).update(helpful_count=F("helpful_count") - 1)
        HelpfulMark.objects.filter(user=user).delete()
    versions_bump([*messages_keys(marked_titles), *member_messages_keys(user.pk)])
    Message.objects.filter(author=user).update(author=None)
