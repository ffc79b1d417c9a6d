from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cinemeter.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Registers the `__among` lookup on every field.
        from cinemeter.core import lookups  # noqa: F401
