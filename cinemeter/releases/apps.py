from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "cinemeter.releases"
    verbose_name = "Releases"

    def ready(self) -> None:
        from cinemeter.releases.panels import releases_panels_register
        from cinemeter.releases.search import releases_sources_register

        # The title and person pages show this app's panels, and search finds its editions
        # and albums; neither the catalogue nor search imports this app.
        releases_panels_register()
        releases_sources_register()
