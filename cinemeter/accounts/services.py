"""Writes to member accounts that are more than one ORM call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import connections, router, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from PIL.Image import Image

from cinemeter.accounts.avatars import AVATAR_SIZES, avatar_render
from cinemeter.accounts.models import User

_ACTIVATE_SALT = "cinemeter.accounts.activate"
_EMAIL_CHANGE_SALT = "cinemeter.accounts.email-change"


def imported_members_ensure(
    usernames: Iterable[str], *, joined: Mapping[str, datetime] | None = None
) -> dict[str, int]:
    """The ids of the imported accounts with these usernames, creating the missing ones.

    An imported account (one per MovieLens user, say) carries votes but cannot log in: it has
    an unusable password and is inactive. A username already taken by a registered account is
    left out of the answer, so an importer never writes onto a real member. `joined` gives
    new accounts the day they joined the source (else now). Two queries.
    """
    wanted = set(usernames)
    if not wanted:
        return {}
    existing = {
        username: (pk, imported)
        for username, pk, imported in User.objects.filter(username__in=wanted).values_list(
            "username", "pk", "is_imported"
        )
    }
    new = [
        User(
            username=username,
            password=make_password(None),
            is_active=False,
            is_imported=True,
            **({"date_joined": joined[username]} if joined and username in joined else {}),
        )
        for username in sorted(wanted - existing.keys())
    ]
    User.objects.bulk_create(new)
    ids = {username: pk for username, (pk, imported) in existing.items() if imported}
    ids.update({user.username: user.pk for user in new})
    return ids


def _send(template: str, *, to: str, context: dict[str, Any]) -> None:
    # In the member's own language, whatever the language of the page that caused the mail.
    user = context.get("user")
    language = getattr(user, "preferred_language", None) or translation.get_language()
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def _site_language(code: str | None) -> str:
    codes = [c for c, _name in settings.LANGUAGES]
    return code if code in codes else settings.LANGUAGE_CODE


def member_language_set(*, user: User, language: str) -> None:
    """The language switcher, used by a member: it becomes their preference."""
    if user.preferred_language != language:
        user.preferred_language = _site_language(language)
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def member_register(*, username: str, email: str, password_hash: str, site_url: str) -> User | None:
    """Create an inactive account and mail it the link that activates it.

    The form has checked the rules; the database's constraints still decide a race between
    two people taking the same name. The mail is sent inside the transaction, so a mail
    server that refuses it leaves no half-made account holding the username. The password
    comes hashed (`make_password`): hashing is slow on purpose and must not hold the
    database's write lock, which the caller's transaction takes.

    An address that already has an account gets a mail instead (a fresh activation link if
    the account was never confirmed, else a reminder to log in) and None is returned: the page
    says the same either way, so registration does not tell who has an account.
    """
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if _awaits_activation(existing):
            _send_activation(existing, site_url)
        else:
            _send_already_registered(existing, site_url)
        return None
    user = User(
        username=User.normalize_username(username),
        email=User.objects.normalize_email(email),
        password=password_hash,
        is_active=False,
        # The language the member registered in is their first preference.
        preferred_language=_site_language(translation.get_language()),
    )
    user.save()
    _send_activation(user, site_url)
    return user


def _send_activation(user: User, site_url: str) -> None:
    token = signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=_ACTIVATE_SALT)
    _send(
        "activate",
        to=user.email,
        context={
            "user": user,
            "link": site_url + reverse("accounts:activate", kwargs={"token": token}),
            "days": settings.ACCOUNTS_LINK_MAX_AGE // 86400,
        },
    )


def _awaits_activation(user: User) -> bool:
    return not (user.email_verified or user.is_imported or user.is_active)


def _send_already_registered(user: User, site_url: str) -> None:
    _send(
        "already_registered",
        to=user.email,
        context={
            "user": user,
            "login_link": site_url + reverse("accounts:login"),
            "reset_link": site_url + reverse("accounts:password-reset"),
        },
    )


def member_activation_resend(*, email: str, site_url: str) -> None:
    """Mail a fresh activation link to a registered account that never confirmed its address.

    Says nothing about whether such an account exists: the page shows the same either way.
    """
    user = User.objects.filter(
        email__iexact=email, email_verified=False, is_imported=False, is_active=False
    ).first()
    if user is not None:
        _send_activation(user, site_url)


def member_activation_check(*, token: str) -> User | None:
    """The account an activation link names while it can still be activated, else None.

    A link works once: it names an account whose address is not verified yet, so it cannot
    re-open an account staff closed later. Reading it changes nothing: the page it opens asks
    for a click (a POST), because mail scanners fetch links nobody chose to follow.
    """
    try:
        data = signing.loads(token, salt=_ACTIVATE_SALT, max_age=settings.ACCOUNTS_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(
        pk=data.get("u"), email__iexact=data.get("e", ""), email_verified=False, is_imported=False
    ).first()


@transaction.atomic
def member_activate(*, token: str) -> User | None:
    """Activate the account a registration link names; None when the link is bad or expired."""
    user = member_activation_check(token=token)
    if user is None:
        return None
    user.is_active = True
    user.email_verified = True
    user.save(update_fields=["is_active", "email_verified"])
    return user


def _avatar_files(user: User) -> list[str]:
    return [name for name in (user.avatar.name, user.avatar_small.name) if name]


def _files_delete_on_commit(names: list[str]) -> None:
    """Delete stored files once the rows that pointed at them are committed without them."""

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


@transaction.atomic
def member_settings_update(
    *,
    user: User,
    email: str,
    bio: str,
    preferred_language: str,
    read_languages: list[str] | None = None,
    avatar: Image | None = None,
    remove_avatar: bool = False,
    site_url: str,
) -> bool:
    """Save what the settings page changed; True when a new e-mail address awaits its link.

    A new address takes effect only when the link mailed to it is followed, so a typo cannot
    lock a member out of password resets. The username is not a parameter: it never changes.
    """
    fields = ["bio", "preferred_language"]
    user.bio = bio
    user.preferred_language = preferred_language
    if read_languages is not None:
        user.read_languages = sorted(set(read_languages))
        fields.append("read_languages")
    if avatar is not None or remove_avatar:
        # The old files go only once the row no longer points at them.
        _files_delete_on_commit(_avatar_files(user))
        user.avatar.name = user.avatar_small.name = ""
        if avatar is not None:
            for field, (name, content) in avatar_render(avatar, user_id=user.pk).files.items():
                getattr(user, field).name = default_storage.save(name, content)
        fields += list(AVATAR_SIZES)
    user.save(update_fields=fields)
    if email.lower() == user.email.lower():
        return False
    other = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
    if other is not None:
        # The page says "we sent a link" either way, so it does not tell whose address it is;
        # the owner learns that someone tried.
        _send("email_in_use", to=other.email, context={"user": other})
        return True
    token = signing.dumps(
        {"u": user.pk, "e": email, "old": user.email.lower()}, salt=_EMAIL_CHANGE_SALT
    )
    _send(
        "email_change",
        to=email,
        context={
            "user": user,
            "email": email,
            "link": site_url + reverse("accounts:email-confirm", kwargs={"token": token}),
            "days": settings.ACCOUNTS_LINK_MAX_AGE // 86400,
        },
    )
    return True


@transaction.atomic
def member_email_confirm(*, token: str) -> User:
    """Move an account to the address a change link names; ValidationError when it cannot."""
    try:
        data = signing.loads(token, salt=_EMAIL_CHANGE_SALT, max_age=settings.ACCOUNTS_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("This link has expired; change the address again.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This link is not valid.")) from error
    # The old address in the link makes it work once: after the change it no longer matches.
    user = (
        User.objects.select_for_update()
        .filter(pk=data.get("u"), email__iexact=data.get("old", ""))
        .first()
    )
    if user is None:
        raise ValidationError(_("This link has already been used or is no longer valid."))
    email = str(data["e"])
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(_("Another account now uses that e-mail address."))
    user.email = email
    user.email_verified = True
    user.save(update_fields=["email", "email_verified"])
    return user


class _UnlockTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens under another salt: they hash the password and the last
    log-in, so a link stops working once used (logging in moves last_login) or once the
    password changes, and they expire after PASSWORD_RESET_TIMEOUT."""

    key_salt = "cinemeter.accounts.unlock"


_unlock_tokens = _UnlockTokenGenerator()


def member_unlock_link_send(*, user: User, site_url: str) -> None:
    """Mail the owner of a paused account a link that logs them in at once.

    Sent when failed log-ins pause the account: a stranger's guesses then cost the member
    one click in their mailbox instead of 15 minutes' wait.
    """
    if not user.email or not user.is_active:
        return
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = _unlock_tokens.make_token(user)
    link = reverse("accounts:unlock", kwargs={"uidb64": uidb64, "token": token})
    _send(
        "unlock",
        to=user.email,
        context={
            "user": user,
            "link": site_url + link,
            "minutes": settings.ACCOUNTS_LOGIN_FAILURE_WINDOW // 60,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )


def member_unlock_check(*, uidb64: str, token: str) -> User | None:
    """The active account an unlock link names while the link is valid, else None."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not _unlock_tokens.check_token(user, token):
        return None
    return user


def member_counts_add(*, user_id: int, votes: int = 0, messages: int = 0) -> None:
    """Move a member's maintained vote and message counts; call in the writer's transaction.

    One UPDATE of atomic increments, so concurrent writers never lose each other's changes;
    plain SQL because every vote runs it.
    """
    if not votes and not messages:
        return
    connection = connections[router.db_for_write(User)]
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET vote_count = vote_count + %s,"  # noqa: S608
            " message_count = message_count + %s WHERE id = %s",
            [votes, messages, user_id],
        )


def members_vote_counts_add(changes: Mapping[int, int]) -> None:
    """Move many members' vote counts (member id -> votes added or, negative, removed).

    For writers of votes in bulk (imports, deleting a title's or member's votes): one
    executemany of atomic increments, in member id order so concurrent writers lock the same
    rows in the same order.
    """
    rows = [(delta, user_id) for user_id, delta in sorted(changes.items()) if delta]
    if not rows:
        return
    connection = connections[router.db_for_write(User)]
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET vote_count = vote_count + %s WHERE id = %s",  # noqa: S608
            rows,
        )


def member_files_delete_on_commit(user: User) -> None:
    """Remove a member's stored files once the transaction deleting the account commits."""
    _files_delete_on_commit(_avatar_files(user))
