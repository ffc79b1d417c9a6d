from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "cinemeter.scale"
    verbose_name = "Scale generator"
