from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cinemeter.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Registers the `__among` lookup on every field.
        # The queue's heartbeat task: every consumer must know every task (STYLE.md, 8).
        from cinemeter.core import (
            health,  # noqa: F401
            lookups,  # noqa: F401
        )
