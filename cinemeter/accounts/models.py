"""Site members."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cinemeter.accounts.validators import USERNAME_HELP_TEXT, USERNAME_VALIDATORS

BIO_MAX_LENGTH = 500


class Language(models.TextChoices):
    """The languages a member can ask the site to speak: settings.LANGUAGES."""

    # Each language named in itself, so a reader finds theirs whatever the page's language.
    ENGLISH = "en", "English"
    DUTCH = "nl", "Nederlands"


class User(AbstractUser):
    """A member account (or staff). Created by registration, the admin, or an importer.

    Custom from the first migration so that member features (profiles, imported accounts,
    counters) can be added later without swapping the user model. Written by
    `cinemeter.accounts.services` (registration, settings, counters) and the admin; the
    username never changes after creation.
    """

    # The column keeps Django's 150 characters; the rules (3–30, a–z 0–9 . _ -, not reserved)
    # are validators, so accounts made before them stay loadable.
    username = models.CharField(
        "username",
        max_length=150,
        unique=True,
        help_text=USERNAME_HELP_TEXT,
        validators=USERNAME_VALIDATORS,
        error_messages={"unique": _("A member with that username already exists.")},
    )
    is_imported = models.BooleanField(
        default=False,
        help_text=(
            "An account brought in by an importer, e.g. one per MovieLens user; it cannot log in."
        ),
    )
    email_verified = models.BooleanField(
        default=False,
        help_text="The member followed the link sent to their e-mail address.",
    )
    bio = models.TextField(blank=True, max_length=BIO_MAX_LENGTH)
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    # Language codes; messages in these are shown as written, others translated. Empty means
    # "the interface language" (`read_languages_of`).
    read_languages = models.JSONField(default=list, blank=True)
    # Both sizes are made from one upload by `accounts.avatars`, which names the files itself;
    # empty means the drawn default.
    avatar = models.ImageField(upload_to="avatars/", blank=True, help_text="256×256 pixels.")
    avatar_small = models.ImageField(upload_to="avatars/", blank=True, help_text="64×64 pixels.")
    # Maintained by the services that write votes and messages (`member_counts_add`), so a
    # profile never counts rows per request.
    vote_count = models.PositiveIntegerField(default=0)
    message_count = models.PositiveIntegerField(default=0)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # An imported account holds someone else's history: it must never be able to log in.
            models.CheckConstraint(
                condition=models.Q(is_imported=False) | models.Q(is_active=False),
                name="user_imported_is_inactive",
            ),
            # "Ann" and "ann" are one member to the people reading the site.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message=_("A member with that username already exists."),
            ),
            # One account per address, so log-in by e-mail and password resets are unambiguous;
            # imported accounts have none.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_ci_unique",
                violation_error_message=_("An account with that e-mail address already exists."),
            ),
        ]

    def get_absolute_url(self) -> str:
        # The profile page belongs to the community app; a URL name is no import of it.
        return reverse("community:profile", kwargs={"username": self.username})


class RateCounter(models.Model):
    """One rate limit's count for one key (an address, an account) in its current window.

    Written only by `accounts.throttle` with one atomic upsert per hit, so every worker and
    machine counting against the same database sees the same number.
    """

    # "<limit name>:<hash of the key>": addresses and typed-in names are not stored as such.
    key = models.CharField(max_length=80, primary_key=True)
    count = models.PositiveIntegerField()
    # Seconds since the epoch at which the window ends; a hit after it starts a new window.
    expires_at = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
