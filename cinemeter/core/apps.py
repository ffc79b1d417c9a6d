from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "cinemeter.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # lookups registers the `__among` lookup on every field; health holds the queue's
        # heartbeat task, which every consumer must know like every other task.
        from cinemeter.core import (
            health,  # noqa: F401
            lookups,  # noqa: F401
        )

        # Every process that starts Django registers every app's tasks (house style, point 8):
        # huey names a queued task by module and function, and only `run_huey` looks for
        # `<app>.tasks` itself, so a web worker's embedded consumer would not know them.
        # All models are loaded before any ready() runs, so the task modules may import them.
        autodiscover_modules("tasks")
