"""Site members."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A member account (or staff). Created by registration or by the admin.

    Custom from the first migration so that member features (profiles, imported accounts,
    counters) can be added later without swapping the user model.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
