"""factory_boy factories for members: active, verified accounts with a known password."""

from typing import Any

import factory
from factory.declarations import LazyAttribute, Sequence

from cinemeter.accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class MemberFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    username = Sequence(lambda n: f"member{n}")
    email = LazyAttribute(lambda o: f"{o.username}@example.org")
    is_active = True
    email_verified = True

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        kwargs.setdefault("password", PASSWORD)
        return model_class.objects.create_user(*args, **kwargs)
