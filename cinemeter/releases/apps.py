from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "cinemeter.releases"
    verbose_name = "Releases"
