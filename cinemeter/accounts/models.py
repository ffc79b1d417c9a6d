"""Site members."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member account (or staff). Created by registration, the admin, or an importer.

    Custom from the first migration so that member features (profiles, imported accounts,
    counters) can be added later without swapping the user model.
    """

    is_imported = models.BooleanField(
        default=False,
        help_text=(
            "An account brought in by an importer, e.g. one per MovieLens user; it cannot log in."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # An imported account holds someone else's history: it must never be able to log in.
            models.CheckConstraint(
                condition=models.Q(is_imported=False) | models.Q(is_active=False),
                name="user_imported_is_inactive",
            ),
        ]
