"""The rules a username must follow, shared by the model, registration and the admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 30

# Names that would let a member pass for the site or its staff, or that the site uses for
# itself (e.g. "deleted" for a removed author later). Compared case-insensitively.
RESERVED_USERNAMES = frozenset(
    {
        "admin",
        "administrator",
        "anonymous",
        "cinemeter",
        "deleted",
        "help",
        "info",
        "mod",
        "moderator",
        "moderators",
        "nobody",
        "null",
        "official",
        "owner",
        "postmaster",
        "root",
        "security",
        "staff",
        "support",
        "system",
        "team",
        "webmaster",
    }
)

USERNAME_HELP_TEXT = format_lazy(
    _("{}–{} characters: letters (a–z, A–Z), digits, and . _ - only."),
    USERNAME_MIN_LENGTH,
    USERNAME_MAX_LENGTH,
)

# ASCII letters only: look-alike letters from other scripts would let one member pass for
# another ("аdmin" with a Cyrillic а).
username_characters = RegexValidator(
    regex=r"\A[A-Za-z0-9._-]+\Z",
    message=_("Use only letters (a–z, A–Z), digits, and the characters . _ - in a username."),
    code="username_characters",
)


@deconstructible
class UsernameLengthValidator:
    """Between USERNAME_MIN_LENGTH and USERNAME_MAX_LENGTH characters, with one clear message."""

    def __call__(self, value: str) -> None:
        if not USERNAME_MIN_LENGTH <= len(value) <= USERNAME_MAX_LENGTH:
            raise ValidationError(
                _("A username is %(min)d to %(max)d characters long (this one has %(length)d)."),
                code="username_length",
                params={
                    "min": USERNAME_MIN_LENGTH,
                    "max": USERNAME_MAX_LENGTH,
                    "length": len(value),
                },
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UsernameLengthValidator)

    def __hash__(self) -> int:
        return hash(type(self))


def username_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError(
            _("“%(value)s” is reserved; please choose another username."),
            code="username_reserved",
            params={"value": value},
        )


USERNAME_VALIDATORS: list[Callable[[Any], None]] = [
    UsernameLengthValidator(),
    username_characters,
    username_not_reserved,
]
