from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cinemeter.core"
    verbose_name = "Core"
